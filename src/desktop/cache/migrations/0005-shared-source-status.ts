import type { Database } from 'better-sqlite3';

export function up(db: Database): void {
  db.exec(`
    -- How the sources pulled by other desktops of the organisation go (from the event stream),
    -- by lease name: their import health and their warning on this desktop's board.
    CREATE TABLE shared_source_status (
      key        TEXT PRIMARY KEY,
      status     TEXT NOT NULL,
      updated_at INTEGER NOT NULL
    ) STRICT;
  `);
}
