import type { Database } from 'better-sqlite3';

export function up(db: Database): void {
  db.exec(`
    -- Who does a shared job now (one desktop pulls a planning system), until when.
    CREATE TABLE leases (
      organization_id TEXT NOT NULL REFERENCES organizations (id),
      name            TEXT NOT NULL,
      holder          TEXT NOT NULL,
      expires_at      INTEGER NOT NULL,
      PRIMARY KEY (organization_id, name)
    ) STRICT;
  `);
}
