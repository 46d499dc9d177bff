import type { Database } from 'better-sqlite3';
import type { BackendAppointment } from '../../api/v2/appointment';

/**
 * How the backend's appointments find their card in the cache. The backend's id wins: an
 * appointment this desktop added under its own id (an import of a source the backend already
 * had) is re-keyed. The appointment itself is stored by AppointmentsRepo, with the one
 * statement local writes use too.
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
}
