import type { Database } from 'better-sqlite3';

/**
 * Which appointments each waiting 'appointments' job carries, one row each: the backend's copy
 * of an appointment (its answer, its event stream) must not overwrite a newer state of it that
 * this desktop still has to send, and that is asked per appointment, many times during an import.
 */
export function up(db: Database): void {
  db.exec(`
    CREATE TABLE outbox_appointments (
      job_key        TEXT NOT NULL REFERENCES outbox (key) ON DELETE CASCADE ON UPDATE CASCADE,
      appointment_id TEXT NOT NULL,
      PRIMARY KEY (appointment_id, job_key)
    ) WITHOUT ROWID, STRICT;
    CREATE INDEX outbox_appointments_by_job ON outbox_appointments (job_key);
    INSERT OR IGNORE INTO outbox_appointments (job_key, appointment_id)
      SELECT o.key, j.value FROM outbox o, json_each(o.payload, '$.appointmentIds') j WHERE o.kind = 'appointments';
  `);
}
