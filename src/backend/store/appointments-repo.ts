import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { BackendAppointment } from '../../api/v2/appointment';
import type { AppointmentFields } from '../../domain/appointment';
import type { Colour, ColumnId } from '../../domain/columns';
import { zonedToUtc } from '../../domain/zoned-time';
import type { StoreDatabase } from './sql/store-database';

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
  constructor(private readonly db: StoreDatabase) {}

  async get(organizationId: string, id: string): Promise<BackendAppointment | undefined> {
    const row = await this.db.get(sql<Row>`SELECT * FROM appointments WHERE organization_id = ${organizationId} AND id = ${id}`);
    return row && toAppointment(row);
  }

  async bySource(organizationId: string, source: string, branch: string, sourceId: string): Promise<BackendAppointment | undefined> {
    const row = await this.db.get(
      sql<Row>`SELECT * FROM appointments WHERE organization_id = ${organizationId} AND source = ${source} AND branch = ${branch} AND source_id = ${sourceId}`,
    );
    return row && toAppointment(row);
  }

  async setCancelled(id: string, cancelled: boolean, now: number): Promise<void> {
    await this.db.run(sql`UPDATE appointments SET cancelled = ${cancelled ? 1 : 0}, updated_at = ${now} WHERE id = ${id}`);
  }

  async idTaken(id: string): Promise<boolean> {
    return (await this.db.get(sql`SELECT 1 FROM appointments WHERE id = ${id}`)) !== undefined;
  }

  /**
   * The inbox's appointments at their wall-clock date and time in its new zone: each keeps the
   * time the planning system gave (09:30 stays 09:30), so its instant moves. Answers those that moved.
   */
  async rezone(organizationId: string, inboxId: string, zone: string, now: number): Promise<BackendAppointment[]> {
    const rows = await this.db.all(sql<Row>`SELECT * FROM appointments WHERE organization_id = ${organizationId} AND inbox_id = ${inboxId}`);
    const moved: BackendAppointment[] = [];
    for (const row of rows) {
      const startsAt = zonedToUtc(row.local_date, row.local_time, zone);
      if (startsAt === row.starts_at) continue;
      await this.db.run(
        sql`UPDATE appointments SET starts_at = ${startsAt}, position = CASE WHEN position = starts_at THEN ${startsAt} ELSE position END, updated_at = ${now}
            WHERE id = ${row.id}`,
      );
      moved.push((await this.get(organizationId, row.id))!);
    }
    return moved;
  }

  /** Inserts or updates by the source key; the board state (column, colour, position) is the board's. */
  async upsert(organizationId: string, a: AppointmentSource, now: number, proposedId?: string): Promise<BackendAppointment> {
    await this.db.run(
      sql`INSERT INTO appointments (id, organization_id, inbox_id, source, branch, source_id, contact_id, local_date, local_time,
           starts_at, plate, make, model, work, work_order, owner, cancelled, position, updated_at)
         VALUES (${proposedId ?? randomUUID()}, ${organizationId}, ${a.inboxId}, ${a.source}, ${a.branch}, ${a.sourceId}, ${a.contactId},
           ${a.localDate}, ${a.localTime}, ${a.startsAt}, ${a.plate}, ${a.make}, ${a.model}, ${a.work}, ${a.workOrder}, ${a.owner},
           ${a.cancelled ? 1 : 0}, ${a.startsAt}, ${now})
         ON CONFLICT (organization_id, source, branch, source_id) DO UPDATE SET
           inbox_id = excluded.inbox_id, contact_id = coalesce(excluded.contact_id, appointments.contact_id),
           local_date = excluded.local_date, local_time = excluded.local_time, starts_at = excluded.starts_at,
           plate = excluded.plate, make = excluded.make, model = excluded.model, work = excluded.work,
           work_order = excluded.work_order, owner = excluded.owner, cancelled = excluded.cancelled,
           -- A card nobody placed by hand (its position is its time) follows its new time.
           position = CASE WHEN appointments.position = appointments.starts_at THEN excluded.starts_at ELSE appointments.position END,
           updated_at = excluded.updated_at`,
    );
    return (await this.bySource(organizationId, a.source, a.branch, a.sourceId))!;
  }

  async setBoardState(id: string, patch: BoardStatePatch, now: number): Promise<void> {
    await this.db.run(
      sql`UPDATE appointments SET column_id = coalesce(${patch.column ?? null}, column_id), colour = coalesce(${patch.colour ?? null}, colour),
           position = coalesce(${patch.position ?? null}, position),
           -- null clears the advisor; left out, it stays.
           advisor = ${patch.advisor !== undefined ? sql`${patch.advisor}` : sql`advisor`}, updated_at = ${now} WHERE id = ${id}`,
    );
  }

  /**
   * Whether a user of the organisation may be a card's advisor: 'active', 'removed' (kept for
   * the names in the history, but no longer someone to hand a car to), or undefined (no such
   * user in this organisation).
   */
  async userState(organizationId: string, userId: string): Promise<'active' | 'removed' | undefined> {
    const row = await this.db.get(
      sql<{ removed: number }>`SELECT CASE WHEN removed_at IS NOT NULL THEN 1 ELSE 0 END AS removed FROM users WHERE organization_id = ${organizationId} AND id = ${userId}`,
    );
    return row && (row.removed ? 'removed' : 'active');
  }
}
