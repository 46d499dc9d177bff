import type { Database } from 'better-sqlite3';

/**
 * The rows of an import the backend refused after they were stored here (an inbox it does not
 * have, a phone its country cannot read): listed in the import's report beside the quarantined
 * ones, with the backend's reason; the card says "Not saved" too. The latest refusal of an
 * appointment per import is kept.
 */
export function up(db: Database): void {
  db.exec(`
    CREATE TABLE refused_rows (
      import_id      TEXT NOT NULL REFERENCES import_runs (id) ON DELETE CASCADE,
      appointment_id TEXT NOT NULL,
      branch         TEXT NOT NULL,
      source_id      TEXT NOT NULL,
      refusal        TEXT NOT NULL,
      refused_at     INTEGER NOT NULL,
      PRIMARY KEY (import_id, appointment_id)
    ) STRICT;
  `);
}
