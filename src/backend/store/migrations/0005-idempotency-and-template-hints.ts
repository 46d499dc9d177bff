import type { Database } from 'better-sqlite3';

export function up(db: Database): void {
  db.exec(`
    -- The answer to a desktop's command, kept under the key the desktop sent it with: a command
    -- retried after a lost answer is answered again and not applied twice (a repeated move must
    -- not undo a later move by someone else).
    CREATE TABLE idempotency_keys (
      organization_id TEXT NOT NULL REFERENCES organizations (id),
      key             TEXT NOT NULL,
      response        TEXT NOT NULL,
      created_at      INTEGER NOT NULL,
      PRIMARY KEY (organization_id, key)
    ) STRICT;

    -- Which appointment field fills each {{n}} of a template, so a desktop can propose values.
    ALTER TABLE watemplates ADD COLUMN parameter_hints TEXT NOT NULL DEFAULT '[]';
  `);
}
