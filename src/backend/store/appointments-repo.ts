import type { Database } from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import type { BackendAppointment } from '../../api/v2/appointment';
import type { AppointmentFields } from '../../domain/appointment';
import type { Colour, ColumnId } from '../../domain/columns';
import { zonedToUtc } from '../../domain/zoned-time';

type Row = {
  id: string;
  organization_id: string;
  inbox_id: string;
  source: string;
  branch: string;
  source_id: string;
  contact_id: string | null;
  local_date: string;
  local_time: string;
  starts_at: number;
  plate: string | null;
  make: string | null;
  model: string | null;
  work: string | null;
  work_order: string | null;
  owner: string | null;
  cancelled: number;
  column_id: ColumnId;
  colour: Colour;
  position: number;
  advisor: string | null;
  updated_at: number;
};

function toAppointment(r: Row): BackendAppointment {
  return {
    id: r.id,
    inbox: r.inbox_id,
    source: r.source,
    branch: r.branch,
    sourceId: r.source_id,
    contact: r.contact_id,
    date: r.local_date,
    time: r.local_time,
    startsAt: r.starts_at,
    plate: r.plate,
    make: r.make,
    model: r.model,
    work: r.work,
    workOrder: r.work_order,
    owner: r.owner,
    cancelled: r.cancelled === 1,
    column: r.column_id,
    colour: r.colour,
    position: r.position,
    advisor: r.advisor,
    updatedAt: r.updated_at,
  };
}

/** A card's shared board state, as PATCH /v2/appointments/{id} changes it; advisor null clears it. */
export interface BoardStatePatch {
  column?: ColumnId;
  colour?: Colour;
  position?: number;
  advisor?: string | null;
}

/** An appointment from its source, with where it is kept. */
export interface AppointmentSource extends AppointmentFields {
  inboxId: string;
  source: string;
  contactId: string | null;
}

export class BackendAppointmentsRepo {
  constructor(private readonly db: Database) {}

  get(organizationId: string, id: string): BackendAppointment | undefined {
    const row = this.db.prepare<[string, string], Row>('SELECT * FROM appointments WHERE organization_id = ? AND id = ?').get(organizationId, id);
    return row && toAppointment(row);
  }

  bySource(organizationId: string, source: string, branch: string, sourceId: string): BackendAppointment | undefined {
    const row = this.db
      .prepare<[string, string, string, string], Row>(
        'SELECT * FROM appointments WHERE organization_id = ? AND source = ? AND branch = ? AND source_id = ?',
      )
      .get(organizationId, source, branch, sourceId);
    return row && toAppointment(row);
  }

  setCancelled(id: string, cancelled: boolean, now: number): void {
    this.db.prepare('UPDATE appointments SET cancelled = ?, updated_at = ? WHERE id = ?').run(cancelled ? 1 : 0, now, id);
  }

  idTaken(id: string): boolean {
    return this.db.prepare('SELECT 1 FROM appointments WHERE id = ?').get(id) !== undefined;
  }

  /**
   * The inbox's appointments at their wall-clock date and time in its new zone: each keeps the
   * time the planning system gave (09:30 stays 09:30), so its instant moves. Answers those that moved.
   */
  rezone(organizationId: string, inboxId: string, zone: string, now: number): BackendAppointment[] {
    const rows = this.db
      .prepare<[string, string], Row>('SELECT * FROM appointments WHERE organization_id = ? AND inbox_id = ?')
      .all(organizationId, inboxId);
    const move = this.db.prepare(
      `UPDATE appointments SET starts_at = @startsAt, position = CASE WHEN position = starts_at THEN @startsAt ELSE position END, updated_at = @now
       WHERE id = @id`,
    );
    return rows.flatMap((row) => {
      const startsAt = zonedToUtc(row.local_date, row.local_time, zone);
      if (startsAt === row.starts_at) return [];
      move.run({ id: row.id, startsAt, now });
      return [this.get(organizationId, row.id)!];
    });
  }

  /** Inserts or updates by the source key; the board state (column, colour, position) is the board's. */
  upsert(organizationId: string, a: AppointmentSource, now: number, proposedId?: string): BackendAppointment {
    const params = { ...a, organizationId, cancelled: a.cancelled ? 1 : 0, now, id: proposedId ?? randomUUID() };
    this.db
      .prepare(
        `INSERT INTO appointments (id, organization_id, inbox_id, source, branch, source_id, contact_id, local_date, local_time,
           starts_at, plate, make, model, work, work_order, owner, cancelled, position, updated_at)
         VALUES (@id, @organizationId, @inboxId, @source, @branch, @sourceId, @contactId, @localDate, @localTime, @startsAt, @plate, @make,
           @model, @work, @workOrder, @owner, @cancelled, @startsAt, @now)
         ON CONFLICT (organization_id, source, branch, source_id) DO UPDATE SET
           inbox_id = excluded.inbox_id, contact_id = coalesce(excluded.contact_id, contact_id),
           local_date = excluded.local_date, local_time = excluded.local_time, starts_at = excluded.starts_at,
           plate = excluded.plate, make = excluded.make, model = excluded.model, work = excluded.work,
           work_order = excluded.work_order, owner = excluded.owner, cancelled = excluded.cancelled,
           -- A card nobody placed by hand (its position is its time) follows its new time.
           position = CASE WHEN position = starts_at THEN excluded.starts_at ELSE position END,
           updated_at = excluded.updated_at`,
      )
      .run(params);
    return this.bySource(organizationId, a.source, a.branch, a.sourceId)!;
  }

  setBoardState(id: string, patch: BoardStatePatch, now: number): void {
    this.db
      .prepare(
        `UPDATE appointments SET column_id = coalesce(@column, column_id), colour = coalesce(@colour, colour),
           position = coalesce(@position, position),
           advisor = CASE WHEN @setAdvisor THEN @advisor ELSE advisor END, updated_at = @now WHERE id = @id`,
      )
      .run({
        id,
        column: patch.column ?? null,
        colour: patch.colour ?? null,
        position: patch.position ?? null,
        // null clears the advisor; left out, it stays.
        setAdvisor: patch.advisor !== undefined ? 1 : 0,
        advisor: patch.advisor ?? null,
        now,
      });
  }

  /**
   * Whether a user of the organisation may be a card's advisor: 'active', 'removed' (kept for
   * the names in the history, but no longer someone to hand a car to), or undefined (no such
   * user in this organisation).
   */
  userState(organizationId: string, userId: string): 'active' | 'removed' | undefined {
    const row = this.db
      .prepare<[string, string], { removed: number }>('SELECT removed_at IS NOT NULL AS removed FROM users WHERE organization_id = ? AND id = ?')
      .get(organizationId, userId);
    return row && (row.removed ? 'removed' : 'active');
  }
}
