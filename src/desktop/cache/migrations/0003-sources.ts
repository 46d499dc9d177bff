import type { Database } from 'better-sqlite3';

export function up(db: Database): void {
  db.exec(`
    -- The planning systems and file drops this desktop imports from; settings without secrets
    -- (those are in the SecretStore), and the changed-since cursor of each pull.
    CREATE TABLE sources (
      id         TEXT PRIMARY KEY,
      kind       TEXT NOT NULL,
      name       TEXT NOT NULL,
      config     TEXT NOT NULL,
      cursor     TEXT,
      created_at INTEGER NOT NULL
    ) STRICT;

    -- One line per scheduled or requested run, for the import health view.
    CREATE TABLE source_runs (
      id          TEXT PRIMARY KEY,
      source_id   TEXT NOT NULL REFERENCES sources (id) ON DELETE CASCADE,
      started_at  INTEGER NOT NULL,
      finished_at INTEGER NOT NULL,
      outcome     TEXT NOT NULL CHECK (outcome IN ('ok', 'failed')),
      message     TEXT,
      batches     INTEGER NOT NULL,
      created     INTEGER NOT NULL,
      updated     INTEGER NOT NULL,
      unchanged   INTEGER NOT NULL,
      quarantined INTEGER NOT NULL,
      cancelled   INTEGER NOT NULL
    ) STRICT;
    CREATE INDEX source_runs_by_source ON source_runs (source_id, started_at);

    -- Files taken from a drop, by content: the same file uploaded again is not imported twice.
    CREATE TABLE source_files (
      source_id   TEXT NOT NULL REFERENCES sources (id) ON DELETE CASCADE,
      sha256      TEXT NOT NULL,
      file_name   TEXT NOT NULL,
      imported_at INTEGER NOT NULL,
      PRIMARY KEY (source_id, sha256)
    ) STRICT;

    -- A quarantined row can be tried again after the mapping is fixed: its record's format, the
    -- CSV header it was read under, and the run that retried it (or that brought a newer version
    -- of the same appointment, by its key: branch and id).
    ALTER TABLE import_runs ADD COLUMN record_format TEXT NOT NULL DEFAULT 'csv';
    ALTER TABLE import_runs ADD COLUMN header TEXT;
    ALTER TABLE quarantined_rows ADD COLUMN retried_in TEXT;
    ALTER TABLE quarantined_rows ADD COLUMN record_key TEXT;
  `);
}
