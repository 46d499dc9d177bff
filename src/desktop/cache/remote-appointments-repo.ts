import type { Database } from 'better-sqlite3';
import type { BackendAppointment } from '../../api/v2/appointment';
import type { IsoDate } from '../../domain/calendar-date';
import { searchTextOf } from './search-text';

/** Which parts of the backend's appointment this desktop takes; false where a local change waits. */
export interface TakeBoardState {
  column: boolean;
  colour: boolean;
}

/**
 * The backend's appointments in the cache. The backend's id wins: an appointment this desktop
 * added under its own id (an import of a source the backend already had) is re-keyed.
 */
export class RemoteAppointmentsRepo {
  constructor(private readonly db: Database) {}

  /** The local id of the appointment with this id or this source key; undefined: a new one. */
  localIdOf(a: Pick<BackendAppointment, 'id' | 'source' | 'branch' | 'sourceId'>): string | undefined {
    return (
      this.db.prepare<[string], string>('SELECT id FROM appointments WHERE id = ?').pluck().get(a.id) ??
      this.db
        .prepare<[string, string, string], string>('SELECT id FROM appointments WHERE source = ? AND branch = ? AND source_id = ?')
        .pluck()
        .get(a.source, a.branch, a.sourceId)
    );
  }

  rekey(oldId: string, newId: string): void {
    this.db.prepare('UPDATE appointments SET id = ? WHERE id = ?').run(newId, oldId);
    this.db.prepare('UPDATE messages SET appointment_id = ? WHERE appointment_id = ?').run(newId, oldId);
  }

  /** Inserts or updates the appointment (already under the backend's id). */
  store(a: BackendAppointment, zone: string, finishedOn: IsoDate | null, take: TakeBoardState, now: number): void {
    const contact = a.contact
      ? this.db
          .prepare<[string], { name: string | null; phone: string | null; email: string | null }>(
            'SELECT name, phone, email FROM contacts WHERE id = ?',
          )
          .get(a.contact)
      : undefined;
    const params = {
      ...a,
      zone,
      cancelled: a.cancelled ? 1 : 0,
      finishedOn: a.column === 'finished' ? finishedOn : null,
      searchText: searchTextOf({ ...contact, plate: a.plate, workOrder: a.workOrder }),
      takeColumn: take.column ? 1 : 0,
      takeColour: take.colour ? 1 : 0,
      now,
    };
    this.db
      .prepare(
        `INSERT INTO appointments (id, source, branch, source_id, inbox_id, contact_id, local_date, local_time, zone, starts_at,
           plate, make, model, work, work_order, owner, column_id, position, colour, finished_on, cancelled, search_text,
           created_at, updated_at)
         VALUES (@id, @source, @branch, @sourceId, @inbox, @contact, @date, @time, @zone, @startsAt, @plate, @make, @model,
           @work, @workOrder, @owner, @column, @position, @colour, @finishedOn, @cancelled, @searchText, @now, @now)
         ON CONFLICT (id) DO UPDATE SET inbox_id = excluded.inbox_id, contact_id = coalesce(excluded.contact_id, contact_id),
           local_date = excluded.local_date, local_time = excluded.local_time, starts_at = excluded.starts_at,
           plate = excluded.plate, make = excluded.make, model = excluded.model, work = excluded.work,
           work_order = excluded.work_order, owner = excluded.owner, cancelled = excluded.cancelled,
           search_text = excluded.search_text, updated_at = excluded.updated_at,
           column_id = CASE WHEN @takeColumn THEN excluded.column_id ELSE column_id END,
           position = CASE WHEN @takeColumn THEN excluded.position ELSE position END,
           finished_on = CASE WHEN @takeColumn THEN
             (CASE WHEN excluded.column_id = 'finished' THEN coalesce(CASE WHEN column_id = 'finished' THEN finished_on END, excluded.finished_on) END)
             ELSE finished_on END,
           colour = CASE WHEN @takeColour THEN excluded.colour ELSE colour END`,
      )
      .run(params);
  }
}
