import type { Database } from 'better-sqlite3';

export function up(db: Database): void {
  db.exec(`
    CREATE TABLE inboxes (
      id   TEXT PRIMARY KEY,
      name TEXT NOT NULL,
      kind TEXT NOT NULL CHECK (kind IN ('dealership', 'workshop'))
    ) STRICT;

    CREATE TABLE contacts (
      id         TEXT PRIMARY KEY,
      name       TEXT,
      phone      TEXT,
      email      TEXT,
      created_at INTEGER NOT NULL
    ) STRICT;
    -- With created_at in the index, "the oldest contact with this phone" needs no sort.
    CREATE INDEX contacts_by_phone ON contacts (phone, created_at) WHERE phone IS NOT NULL;
    CREATE INDEX contacts_by_email ON contacts (email COLLATE NOCASE, created_at) WHERE email IS NOT NULL;
    CREATE INDEX contacts_by_name ON contacts (name COLLATE NOCASE) WHERE name IS NOT NULL;

    CREATE TABLE appointments (
      id          TEXT PRIMARY KEY,
      source      TEXT NOT NULL,
      branch      TEXT NOT NULL,
      source_id   TEXT NOT NULL,
      inbox_id    TEXT NOT NULL REFERENCES inboxes (id),
      contact_id  TEXT REFERENCES contacts (id),
      local_date  TEXT NOT NULL,
      local_time  TEXT NOT NULL,
      zone        TEXT NOT NULL,
      starts_at   INTEGER NOT NULL,
      plate       TEXT,
      make        TEXT,
      model       TEXT,
      work        TEXT,
      work_order  TEXT,
      owner       TEXT,
      column_id   TEXT NOT NULL DEFAULT 'new'
                  CHECK (column_id IN ('new', 'in_service', 'on_hold', 'ready', 'finished')),
      position    REAL NOT NULL,
      colour      TEXT NOT NULL DEFAULT 'none',
      finished_on TEXT,
      cancelled   INTEGER NOT NULL DEFAULT 0,
      row_hash    TEXT,
      search_text TEXT NOT NULL DEFAULT '',
      created_at  INTEGER NOT NULL,
      updated_at  INTEGER NOT NULL,
      UNIQUE (source, branch, source_id)
    ) STRICT;
    -- The board query reads three small slices, each through its own index:
    -- the day itself, the open cards of earlier days, and cards finished today.
    CREATE INDEX appointments_by_date ON appointments (local_date, starts_at);
    CREATE INDEX appointments_open_by_date ON appointments (local_date)
      WHERE column_id <> 'finished' AND cancelled = 0;
    CREATE INDEX appointments_by_finished_on ON appointments (finished_on)
      WHERE finished_on IS NOT NULL;
    CREATE INDEX appointments_by_contact ON appointments (contact_id);

    CREATE TABLE preferences (
      user_id TEXT NOT NULL,
      key     TEXT NOT NULL,
      value   TEXT NOT NULL,
      PRIMARY KEY (user_id, key)
    ) STRICT;

    CREATE TABLE import_mappings (
      source  TEXT PRIMARY KEY,
      mapping TEXT NOT NULL
    ) STRICT;

    CREATE TABLE import_runs (
      id              TEXT PRIMARY KEY,
      source          TEXT NOT NULL,
      file_name       TEXT NOT NULL,
      file_sha256     TEXT NOT NULL,
      imported_at     INTEGER NOT NULL,
      total_rows      INTEGER NOT NULL,
      created         INTEGER NOT NULL,
      updated         INTEGER NOT NULL,
      unchanged       INTEGER NOT NULL,
      ignored_columns TEXT NOT NULL
    ) STRICT;
    CREATE INDEX import_runs_by_time ON import_runs (imported_at);

    CREATE TABLE quarantined_rows (
      import_id  TEXT NOT NULL REFERENCES import_runs (id),
      row_number INTEGER NOT NULL,
      reason     TEXT NOT NULL,
      raw        TEXT NOT NULL,
      PRIMARY KEY (import_id, row_number)
    ) STRICT;
  `);
}
