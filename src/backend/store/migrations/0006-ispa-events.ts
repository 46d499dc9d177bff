import type { Database } from 'better-sqlite3';

export function up(db: Database): void {
  db.exec(`
    -- Every pushed event's id, so that one delivered twice is applied once.
    CREATE TABLE pushed_events (
      organization_id TEXT NOT NULL REFERENCES organizations (id),
      source          TEXT NOT NULL,
      event_id        TEXT NOT NULL,
      outcome         TEXT NOT NULL,
      received_at     INTEGER NOT NULL,
      PRIMARY KEY (organization_id, source, event_id)
    ) STRICT;

    -- The newest version of each pushed appointment that was applied: an older event that
    -- arrives late is recorded and not applied. Kept apart from appointments, so that a
    -- cancellation of an appointment never seen still stops its late creation.
    CREATE TABLE pushed_versions (
      organization_id TEXT NOT NULL REFERENCES organizations (id),
      source          TEXT NOT NULL,
      branch          TEXT NOT NULL,
      source_id       TEXT NOT NULL,
      occurred_at     INTEGER NOT NULL,
      sequence        INTEGER NOT NULL,
      PRIMARY KEY (organization_id, source, branch, source_id)
    ) STRICT;
  `);
}
