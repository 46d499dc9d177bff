import type { Database } from 'better-sqlite3';

export function up(db: Database): void {
  db.exec(`
    ALTER TABLE organizations ADD COLUMN reminder_template TEXT;
    ALTER TABLE organizations ADD COLUMN reminder_language TEXT;

    CREATE TABLE appointments (
      id              TEXT PRIMARY KEY,
      organization_id TEXT NOT NULL REFERENCES organizations (id),
      inbox_id        TEXT NOT NULL REFERENCES inboxes (id),
      source          TEXT NOT NULL,
      branch          TEXT NOT NULL,
      source_id       TEXT NOT NULL,
      contact_id      TEXT REFERENCES contacts (id),
      local_date      TEXT NOT NULL,
      local_time      TEXT NOT NULL,
      starts_at       INTEGER NOT NULL,
      plate           TEXT,
      make            TEXT,
      model           TEXT,
      work            TEXT,
      work_order      TEXT,
      owner           TEXT,
      cancelled       INTEGER NOT NULL DEFAULT 0,
      column_id       TEXT NOT NULL DEFAULT 'new'
                      CHECK (column_id IN ('new', 'in_service', 'on_hold', 'ready', 'finished')),
      colour          TEXT NOT NULL DEFAULT 'none',
      position        REAL NOT NULL,
      updated_at      INTEGER NOT NULL,
      UNIQUE (organization_id, source, branch, source_id)
    ) STRICT;
    CREATE INDEX appointments_by_inbox_date ON appointments (inbox_id, local_date);

    -- One decision per appointment: its primary key is what keeps a reminder from going twice.
    CREATE TABLE reminders (
      appointment_id TEXT PRIMARY KEY REFERENCES appointments (id),
      outcome        TEXT NOT NULL CHECK (outcome IN ('sent', 'skipped')),
      reason         TEXT,
      message_id     TEXT REFERENCES messages (id),
      decided_at     INTEGER NOT NULL
    ) STRICT;
  `);
}
