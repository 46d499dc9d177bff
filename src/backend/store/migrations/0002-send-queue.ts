import type { Database } from 'better-sqlite3';

export function up(db: Database): void {
  db.exec(`
    -- Outbound messages waiting for their channel. A row is written in the same transaction
    -- as its message, before anything is sent, and drained after a crash.
    CREATE TABLE sends (
      message_id      TEXT PRIMARY KEY REFERENCES messages (id),
      organization_id TEXT NOT NULL REFERENCES organizations (id),
      state           TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sending', 'done')),
      attempts        INTEGER NOT NULL DEFAULT 0,
      next_attempt_at INTEGER NOT NULL,
      last_error      TEXT
    ) STRICT;
    CREATE INDEX sends_due ON sends (next_attempt_at) WHERE state = 'pending';
  `);
}
