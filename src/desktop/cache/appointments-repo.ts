import type { Database, Statement } from 'better-sqlite3';
import type { AppointmentDetails, Card } from '../../api/appointment';
import type { IsoDate } from '../../domain/calendar-date';
import type { Colour, ColumnId } from '../../domain/columns';
import {
  APPOINTMENT_COLUMNS,
  APPOINTMENT_FROM,
  rowToCard,
  rowToDetails,
  type AppointmentRow,
} from './appointment-rows';
import { escapeLike } from './contacts-repo';

/** The fields of an appointment that come from its source (file, planning system, form). */
export interface SourceAppointment {
  source: string;
  branch: string;
  sourceId: string;
  inboxId: string;
  localDate: IsoDate;
  localTime: string;
  zone: string;
  startsAt: number;
  plate: string | null;
  make: string | null;
  model: string | null;
  work: string | null;
  workOrder: string | null;
  owner: string | null;
  cancelled: boolean;
  rowHash: string;
  searchText: string;
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

type ExistingKey = { id: string; row_hash: string | null; starts_at: number; position: number };

export class AppointmentsRepo {
  private readonly byKey: Statement<[string, string, string], ExistingKey>;
  private readonly insertStmt: Statement<Record<string, unknown>>;
  private readonly updateStmt: Statement<Record<string, unknown>>;
  private readonly byId: Statement<[string], AppointmentRow>;
  private readonly board: Statement<{ day: string }, AppointmentRow>;

  constructor(private readonly db: Database) {
    this.byKey = db.prepare(
      'SELECT id, row_hash, starts_at, position FROM appointments WHERE source = ? AND branch = ? AND source_id = ?',
    );
    this.insertStmt = db.prepare(`
      INSERT INTO appointments (id, source, branch, source_id, inbox_id, contact_id, local_date, local_time,
        zone, starts_at, plate, make, model, work, work_order, owner, position, cancelled, row_hash,
        search_text, created_at, updated_at)
      VALUES (@id, @source, @branch, @sourceId, @inboxId, @contactId, @localDate, @localTime, @zone,
        @startsAt, @plate, @make, @model, @work, @workOrder, @owner, @position, @cancelled, @rowHash,
        @searchText, @now, @now)`);
    this.updateStmt = db.prepare(`
      UPDATE appointments SET inbox_id = @inboxId, contact_id = @contactId, local_date = @localDate,
        local_time = @localTime, zone = @zone, starts_at = @startsAt, plate = @plate, make = @make,
        model = @model, work = @work, work_order = @workOrder, owner = @owner, position = @position,
        cancelled = @cancelled, row_hash = @rowHash, search_text = @searchText, updated_at = @now
      WHERE id = @id`);
    this.byId = db.prepare(`SELECT ${APPOINTMENT_COLUMNS} FROM ${APPOINTMENT_FROM} WHERE a.id = ?`);
    // Three disjoint slices, each served by its own index (see migration 0001).
    this.board = db.prepare(`
      SELECT ${APPOINTMENT_COLUMNS} FROM ${APPOINTMENT_FROM} WHERE a.local_date = @day
      UNION ALL
      SELECT ${APPOINTMENT_COLUMNS} FROM ${APPOINTMENT_FROM}
        WHERE a.local_date < @day AND a.column_id <> 'finished' AND a.cancelled = 0
      UNION ALL
      SELECT ${APPOINTMENT_COLUMNS} FROM ${APPOINTMENT_FROM}
        WHERE a.finished_on = @day AND a.local_date < @day AND a.cancelled = 0`);
  }

  /** The cards on the board of `day`: the day's appointments and the held-over ones. */
  boardCards(day: IsoDate, inboxIds: string[] | null): Card[] {
    const cards = this.board.all({ day }).map(rowToCard);
    const wanted = inboxIds ? new Set(inboxIds) : null;
    return wanted ? cards.filter((c) => wanted.has(c.inboxId)) : cards;
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
   * Inserts or updates by (source, branch, source id). An unchanged row is not written. A
   * changed time moves the card with it unless an advisor has placed the card by hand. The
   * contact is resolved only for rows that are written.
   */
  upsert(
    appt: SourceAppointment,
    resolveContact: () => string | null,
    newId: () => string,
    now: number,
  ): { id: string; outcome: UpsertOutcome } {
    const existing = this.byKey.get(appt.source, appt.branch, appt.sourceId);
    if (existing && existing.row_hash === appt.rowHash) return { id: existing.id, outcome: 'unchanged' };
    const params = { ...appt, contactId: resolveContact(), cancelled: appt.cancelled ? 1 : 0, now };
    if (!existing) {
      const id = newId();
      this.insertStmt.run({ ...params, id, position: appt.startsAt });
      return { id, outcome: 'created' };
    }
    const placedByHand = existing.position !== existing.starts_at;
    const position = placedByHand ? existing.position : appt.startsAt;
    this.updateStmt.run({ ...params, id: existing.id, position });
    return { id: existing.id, outcome: 'updated' };
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

  setColour(id: string, colour: Colour, now: number): boolean {
    const info = this.db
      .prepare('UPDATE appointments SET colour = ?, updated_at = ? WHERE id = ?')
      .run(colour, now, id);
    return info.changes === 1;
  }

  /** Appointments between two dates (inclusive) matching any pattern, in time order. */
  list(filter: ListFilter): { total: number; rows: AppointmentDetails[] } {
    const where = ['a.local_date BETWEEN @from AND @to'];
    const params: Record<string, unknown> = { from: filter.from, to: filter.to };
    if (filter.patterns.length > 0) {
      where.push(
        `(${filter.patterns.map((_, i) => `a.search_text LIKE @p${i} ESCAPE '\\'`).join(' OR ')})`,
      );
      filter.patterns.forEach((p, i) => (params[`p${i}`] = `%${escapeLike(p)}%`));
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
         ORDER BY a.starts_at, a.id LIMIT @limit OFFSET @offset`,
      )
      .all({ ...params, limit: filter.limit, offset: filter.offset });
    return { total, rows: rows.map(rowToDetails) };
  }
}
