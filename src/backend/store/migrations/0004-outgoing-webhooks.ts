import type { Database } from 'better-sqlite3';

export function up(db: Database): void {
  db.exec(`
    -- The organisation's own webhook: events are delivered from its log, in order, and the
    -- cursor moves only after the receiver acknowledged, so none is lost.
    CREATE TABLE webhooks (
      organization_id TEXT PRIMARY KEY REFERENCES organizations (id),
      url             TEXT NOT NULL,
      secret          TEXT NOT NULL,
      delivered_seq   INTEGER NOT NULL
    ) STRICT;
  `);
}
