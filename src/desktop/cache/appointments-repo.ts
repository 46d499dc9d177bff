import type { Database, Statement } from 'better-sqlite3';
import type { AppointmentDetails, Card, Refusal } from '../../api/appointment';
import { sharedSourceFields } from '../../api/appointment-fields';
import type { BackendAppointment } from '../../api/v2/appointment';
import type { AppointmentFields } from '../../domain/appointment';
import type { IsoDate } from '../../domain/calendar-date';
import type { Colour, ColumnId } from '../../domain/columns';
import {
  APPOINTMENT_COLUMNS,
  APPOINTMENT_FROM,
  CARD_COLUMNS,
  rowToCard,
  rowToDetails,
  type AppointmentRow,
  type CardRow,
} from './appointment-rows';
import { containsPattern } from '../../sqlite/like';
import { isMine, type Person } from '../../domain/card-people';
import { searchTextOf } from './search-text';

/** An appointment from its source, with where it is stored and how it is found again. */
export interface SourceAppointment extends AppointmentFields {
  source: string;
  inboxId: string;
  zone: string;
  rowHash: string;
  searchText: string;
}

/**
 * The one statement that stores an appointment, whether it was made on this desktop (an
 * import, a source, the manual form) or came from the backend (its event stream, its answer to
 * a batch). The source's fields are always taken; the board state (column, position, colour,
 * advisor) only when `takeColumn`/`takeColour`/`takeAdvisor` say so — never for a local write,
 * which does not touch the board, nor over a change of this desktop that still waits in the
 * outbox. A card nobody placed by hand (its position is its time) follows its time.
 * `remoteColumn`: the column the backend announced on its event stream (null: keep the known one).
 */
export const STORE_APPOINTMENT = `
  INSERT INTO appointments (id, source, branch, source_id, inbox_id, contact_id, local_date, local_time,
    zone, starts_at, plate, make, model, work, work_order, owner, column_id, position, colour, finished_on,
    cancelled, row_hash, search_text, created_at, updated_at, advisor, remote_column)
  VALUES (@id, @source, @branch, @sourceId, @inboxId, @contactId, @localDate, @localTime, @zone,
    @startsAt, @plate, @make, @model, @work, @workOrder, @owner, @column, @position, @colour, @finishedOn,
    @cancelled, @rowHash, @searchText, @now, @now, @advisor, @remoteColumn)
  ON CONFLICT (id) DO UPDATE SET inbox_id = excluded.inbox_id, contact_id = coalesce(excluded.contact_id, contact_id),
    local_date = excluded.local_date, local_time = excluded.local_time, zone = excluded.zone,
    starts_at = excluded.starts_at, plate = excluded.plate, make = excluded.make, model = excluded.model,
    work = excluded.work, work_order = excluded.work_order, owner = excluded.owner, cancelled = excluded.cancelled,
    row_hash = coalesce(excluded.row_hash, row_hash), search_text = excluded.search_text, updated_at = excluded.updated_at,
    column_id = CASE WHEN @takeColumn THEN excluded.column_id ELSE column_id END,
    position = CASE WHEN @takeColumn THEN excluded.position WHEN position = starts_at THEN excluded.starts_at ELSE position END,
    finished_on = CASE WHEN @takeColumn THEN
      (CASE WHEN excluded.column_id = 'finished' THEN coalesce(CASE WHEN column_id = 'finished' THEN finished_on END, excluded.finished_on) END)
      ELSE finished_on END,
    colour = CASE WHEN @takeColour THEN excluded.colour ELSE colour END,
    advisor = CASE WHEN @takeAdvisor THEN excluded.advisor ELSE advisor END,
    remote_column = coalesce(excluded.remote_column, remote_column)`;

/** Which parts of the backend's board state this desktop takes; false where a local change waits. */
export interface TakeBoardState {
  column: boolean;
  colour: boolean;
  advisor: boolean;
  /** The backend announced this state on its event stream: its column is the backend's (see migration 0012). */
  announced: boolean;
}

export type UpsertOutcome = 'created' | 'updated' | 'unchanged';

export interface ListFilter {
  from: IsoDate;
  to: IsoDate;
  patterns: string[];
  inboxIds: string[] | null;
  offset: number;
  limit: number;
}

/** What an upsert needs to know of the stored appointment with the same key. */
export interface ExistingAppointment {
  id: string;
  rowHash: string | null;
  contactId: string | null;
}

export function keyOf(branch: string, sourceId: string): string {
  return `${branch}\u0000${sourceId}`;
}

export class AppointmentsRepo {
  private readonly byKeys: Statement<[string, string], ExistingAppointment & { branch: string; sourceId: string }>;
  private readonly storeStmt: Statement<Record<string, unknown>>;
  private readonly byId: Statement<[string], AppointmentRow>;
  private readonly board: Statement<{ day: string }, CardRow>;

  constructor(private readonly db: Database) {
    // CROSS JOIN keeps the keys as the outer loop: otherwise SQLite walks every appointment of
    // the source and scans the keys for each, which a re-import of thousands cannot afford.
    this.byKeys = db.prepare(`
      SELECT a.branch, a.source_id AS sourceId, a.id, a.row_hash AS rowHash, a.contact_id AS contactId
      FROM json_each(?) j
      CROSS JOIN appointments a ON a.source = ? AND a.branch = j.value ->> 0 AND a.source_id = j.value ->> 1`);
    this.storeStmt = db.prepare(STORE_APPOINTMENT);
    this.byId = db.prepare(`SELECT ${APPOINTMENT_COLUMNS} FROM ${APPOINTMENT_FROM} WHERE a.id = ?`);
    // Three disjoint slices, each served by its own index (see migration 0001).
    this.board = db.prepare(`
      SELECT ${CARD_COLUMNS} FROM ${APPOINTMENT_FROM} WHERE a.local_date = @day
      UNION ALL
      SELECT ${CARD_COLUMNS} FROM ${APPOINTMENT_FROM}
        WHERE a.local_date < @day AND a.column_id <> 'finished' AND a.cancelled = 0
      UNION ALL
      SELECT ${CARD_COLUMNS} FROM ${APPOINTMENT_FROM}
        WHERE a.finished_on = @day AND a.local_date < @day AND a.cancelled = 0`);
  }

  /**
   * The cards on the board of `day`: the day's appointments and the held-over ones; of the
   * inboxes asked (null: all), and only the person's when `mine` names them.
   */
  boardCards(day: IsoDate, inboxIds: string[] | null, mine: Person | null = null): Card[] {
    return shown(this.board.all({ day }), inboxIds, mine);
  }

  /**
   * The customers who wrote and wait for an answer but have no card on the board of `day` (a
   * reply to tomorrow's reminder): for each, the appointment nearest to `now`.
   */
  waitingOffBoard(day: IsoDate, now: number, inboxIds: string[] | null, mine: Person | null = null): Card[] {
    const rows = this.db
      .prepare<{ day: string; now: number }, CardRow>(
        `SELECT ${CARD_COLUMNS} FROM ${APPOINTMENT_FROM}
         WHERE a.id IN (
           SELECT (SELECT x.id FROM appointments x WHERE x.contact_id = w.contact_id ORDER BY abs(x.starts_at - @now) LIMIT 1)
           FROM conversations w
           WHERE w.waiting = 1 AND NOT EXISTS (
             SELECT 1 FROM appointments y WHERE y.contact_id = w.contact_id AND (y.local_date = @day
               OR (y.local_date < @day AND y.cancelled = 0 AND (y.column_id <> 'finished' OR y.finished_on = @day)))))`,
      )
      .all({ day, now });
    return shown(rows, inboxIds, mine);
  }

  /** How many customers of these cards wrote and wait for an answer (a customer with two cards is one). */
  waitingCustomersOf(ids: string[]): number {
    return this.db
      .prepare<[string], number>(
        `SELECT count(DISTINCT a.contact_id) FROM appointments a JOIN conversations v ON v.contact_id = a.contact_id
         WHERE v.waiting = 1 AND a.id IN (SELECT value FROM json_each(?))`,
      )
      .pluck()
      .get(JSON.stringify(ids))!;
  }

  /** When an appointment here last changed: a standalone wall's "updated" time. Null: nothing stored yet. */
  lastChangeAt(): number | null {
    return this.db.prepare<[], number | null>('SELECT max(updated_at) FROM appointments').pluck().get() ?? null;
  }

  /** The backend's customer for this appointment, once the cache knows that contact. */
  adoptContact(id: string, contactId: string): void {
    this.db
      .prepare('UPDATE appointments SET contact_id = ? WHERE id = ? AND EXISTS (SELECT 1 FROM contacts WHERE id = ?)')
      .run(contactId, id, contactId);
  }

  /** The customer's appointment nearest to `now`: the card a reply of theirs opens. */
  nearestOfContact(contactId: string, now: number): string | null {
    return (
      this.db
        .prepare<[string, number], string>('SELECT id FROM appointments WHERE contact_id = ? ORDER BY abs(starts_at - ?) LIMIT 1')
        .pluck()
        .get(contactId, now) ?? null
    );
  }

  boardQueryPlan(day: IsoDate): string[] {
    return this.db
      .prepare<{ day: string }, { detail: string }>(`EXPLAIN QUERY PLAN ${this.board.source}`)
      .all({ day })
      .map((r) => r.detail);
  }

  get(id: string): AppointmentDetails | undefined {
    const row = this.byId.get(id);
    return row && rowToDetails(row);
  }

  card(id: string): Card | undefined {
    const row = this.byId.get(id);
    return row && rowToCard(row);
  }

  positionOf(id: string): number | null {
    const row = this.db.prepare<[string], { position: number }>('SELECT position FROM appointments WHERE id = ?').get(id);
    return row ? row.position : null;
  }

  /**
   * The stored appointments of `source` with these (branch, source id) keys, by keyOf(), in
   * one query: a bulk import asks once instead of once per row.
   */
  existing(source: string, keys: Array<[branch: string, sourceId: string]>): Map<string, ExistingAppointment> {
    const found = new Map<string, ExistingAppointment>();
    for (const { branch, sourceId, ...row } of this.byKeys.iterate(JSON.stringify(keys), source)) {
      found.set(keyOf(branch, sourceId), row);
    }
    return found;
  }

  /**
   * Inserts, or updates the `existing` appointment with the same key. An unchanged row is not
   * written. The contact is resolved only for rows that are written, knowing the appointment's
   * current one (which stays while the row still names that customer).
   */
  upsert(
    appt: SourceAppointment,
    existing: ExistingAppointment | undefined,
    resolveContact: (current: string | null) => string | null,
    newId: () => string,
    now: number,
  ): { id: string; outcome: UpsertOutcome } {
    if (existing && existing.rowHash === appt.rowHash) return { id: existing.id, outcome: 'unchanged' };
    const id = existing?.id ?? newId();
    const contactId = resolveContact(existing?.contactId ?? null);
    this.storeStmt.run({
      ...appt,
      id,
      contactId,
      cancelled: appt.cancelled ? 1 : 0,
      column: 'new',
      colour: 'none',
      position: appt.startsAt,
      finishedOn: null,
      advisor: null,
      remoteColumn: null,
      takeColumn: 0,
      takeColour: 0,
      takeAdvisor: 0,
      now,
    });
    return { id, outcome: existing ? 'updated' : 'created' };
  }

  /**
   * The backend's appointment, already under the backend's id, through the same statement as
   * a local write. `finishedOn`: the day it was finished, should the backend's column say so.
   */
  storeRemote(a: BackendAppointment, zone: string, finishedOn: IsoDate | null, take: TakeBoardState, now: number): void {
    const contact = a.contact
      ? this.db
          .prepare<[string], { name: string | null; phone: string | null; email: string | null }>('SELECT name, phone, email FROM contacts WHERE id = ?')
          .get(a.contact)
      : undefined;
    const current = contact ? undefined : this.byId.get(a.id);
    this.storeStmt.run({
      ...sharedSourceFields(a),
      id: a.id,
      inboxId: a.inbox,
      // A contact the event stream has not brought yet (a batch's answer came first): the card keeps its own until then.
      contactId: contact ? a.contact : null,
      localDate: a.date,
      localTime: a.time,
      zone,
      startsAt: a.startsAt,
      column: a.column,
      position: a.position,
      colour: a.colour,
      finishedOn: a.column === 'finished' ? finishedOn : null,
      cancelled: a.cancelled ? 1 : 0,
      rowHash: null,
      searchText: searchTextOf({
        ...(contact ?? { name: current?.contact_name, phone: current?.contact_phone, email: current?.contact_email }),
        plate: a.plate,
        workOrder: a.workOrder,
      }),
      advisor: a.advisor,
      remoteColumn: take.announced ? a.column : null,
      takeColumn: take.column ? 1 : 0,
      takeColour: take.colour ? 1 : 0,
      takeAdvisor: take.advisor ? 1 : 0,
      now,
    });
  }

  /**
   * Marks cancelled the source's appointments on these days (and branches) that its complete
   * listing no longer has; the card stays, with its conversation. The row hash is cleared so that
   * the appointment, should it come back, is updated rather than seen as unchanged.
   */
  cancelMissing(source: string, days: IsoDate[], branches: string[] | null, present: Set<string>, now: number): string[] {
    const candidates = this.db
      .prepare<[string, string], { id: string; branch: string; sourceId: string }>(
        `SELECT id, branch, source_id AS sourceId FROM appointments
         WHERE source = ? AND cancelled = 0 AND local_date IN (SELECT value FROM json_each(?))`,
      )
      .all(source, JSON.stringify(days));
    const gone = candidates.filter(
      (a) => (branches === null || branches.includes(a.branch)) && !present.has(keyOf(a.branch, a.sourceId)),
    );
    const cancel = this.db.prepare("UPDATE appointments SET cancelled = 1, row_hash = '', updated_at = ? WHERE id = ?");
    for (const a of gone) cancel.run(now, a.id);
    return gone.map((a) => a.id);
  }

  move(id: string, column: ColumnId, position: number, finishedOn: IsoDate | null, now: number): boolean {
    const info = this.db
      .prepare(
        `UPDATE appointments SET column_id = ?, position = ?, updated_at = ?,
           finished_on = CASE WHEN ? = 'finished' THEN coalesce(CASE WHEN column_id = 'finished' THEN finished_on END, ?) END
         WHERE id = ?`,
      )
      .run(column, position, now, column, finishedOn, id);
    return info.changes === 1;
  }

  /** The card's service advisor (a user id; null: none). */
  setAdvisor(id: string, advisor: string | null, now: number): boolean {
    return this.db.prepare('UPDATE appointments SET advisor = ?, updated_at = ? WHERE id = ?').run(advisor, now, id).changes === 1;
  }

  /** The cards whose advisor this person is: shown again when their name changes. */
  idsWithAdvisor(userId: string): string[] {
    return this.db.prepare<[string], string>('SELECT id FROM appointments WHERE advisor = ?').pluck().all(userId);
  }

  /** The column the backend last announced for the card; null: not known (see migration 0012). */
  remoteColumnOf(id: string): ColumnId | null {
    return this.db.prepare<[string], ColumnId | null>('SELECT remote_column FROM appointments WHERE id = ?').pluck().get(id) ?? null;
  }

  /** The backend announced the card in this column (its move event), whether or not the card shows it yet. */
  setRemoteColumn(id: string, column: ColumnId): void {
    this.db.prepare('UPDATE appointments SET remote_column = ? WHERE id = ?').run(column, id);
  }

  setColour(id: string, colour: Colour, now: number): boolean {
    const info = this.db
      .prepare('UPDATE appointments SET colour = ?, updated_at = ? WHERE id = ?')
      .run(colour, now, id);
    return info.changes === 1;
  }

  /** Why the backend refused the last change made to this card here; null once the backend took it. */
  setSyncError(id: string, refusal: Refusal | null): void {
    this.db.prepare('UPDATE appointments SET sync_error = ? WHERE id = ?').run(refusal && JSON.stringify(refusal), id);
  }

  /**
   * Appointments between two dates (inclusive) matching any pattern, in time order. The order
   * is that of the appointments_by_date index, so a page is read without sorting the range.
   */
  list(filter: ListFilter): { total: number; rows: AppointmentDetails[] } {
    const where = ['a.local_date BETWEEN @from AND @to'];
    const params: Record<string, unknown> = { from: filter.from, to: filter.to };
    if (filter.patterns.length > 0) {
      where.push(
        `(${filter.patterns.map((_, i) => `a.search_text LIKE @p${i} ESCAPE '\\'`).join(' OR ')})`,
      );
      filter.patterns.forEach((p, i) => (params[`p${i}`] = containsPattern(p)));
    }
    if (filter.inboxIds) {
      where.push(`a.inbox_id IN (SELECT value FROM json_each(@inboxes))`);
      params.inboxes = JSON.stringify(filter.inboxIds);
    }
    const clause = where.join(' AND ');
    const { total } = this.db
      .prepare<Record<string, unknown>, { total: number }>(`SELECT count(*) AS total FROM appointments a WHERE ${clause}`)
      .get(params)!;
    const rows = this.db
      .prepare<Record<string, unknown>, AppointmentRow>(
        `SELECT ${APPOINTMENT_COLUMNS} FROM ${APPOINTMENT_FROM} WHERE ${clause}
         ORDER BY a.local_date, a.starts_at, a.rowid LIMIT @limit OFFSET @offset`,
      )
      .all({ ...params, limit: filter.limit, offset: filter.offset });
    return { total, rows: rows.map(rowToDetails) };
  }
}

/** The rows a filter keeps, as cards: of the inboxes asked (null: all), and only the person's when `mine` names them. */
function shown(rows: CardRow[], inboxIds: string[] | null, mine: Person | null): Card[] {
  const wanted = inboxIds ? new Set(inboxIds) : null;
  return rows
    .filter((r) => (!wanted || wanted.has(r.inbox_id)) && (!mine || isMine(r, mine)))
    .map(rowToCard);
}
