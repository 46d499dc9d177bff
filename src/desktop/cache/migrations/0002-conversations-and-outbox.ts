import type { Database } from 'better-sqlite3';

export function up(db: Database): void {
  db.exec(`
    -- 1: the contact is the backend's (its id is the backend's); 0: made on this desktop and
    -- not yet matched to the backend's contact with the same phone or e-mail.
    ALTER TABLE contacts ADD COLUMN remote INTEGER NOT NULL DEFAULT 0;

    -- Why the backend refused the last change made to this card here; cleared by the next change.
    ALTER TABLE appointments ADD COLUMN sync_error TEXT;

    CREATE TABLE conversations (
      id              TEXT PRIMARY KEY,
      contact_id      TEXT NOT NULL,
      inbox_id        TEXT,
      waiting         INTEGER NOT NULL DEFAULT 0,
      last_inbound_at INTEGER,
      comment_count   INTEGER NOT NULL DEFAULT 0,
      created_at      INTEGER NOT NULL
    ) STRICT;
    -- One conversation per contact (Web1on1); the board joins cards to it by contact.
    CREATE UNIQUE INDEX conversations_by_contact ON conversations (contact_id);
    CREATE INDEX conversations_waiting ON conversations (waiting) WHERE waiting = 1;

    -- The backend's messages, and this desktop's own while they wait in the outbox
    -- (status 'pending'; then id is 'local:' + client_key and the conversation may be unknown).
    CREATE TABLE messages (
      id              TEXT PRIMARY KEY,
      conversation_id TEXT,
      appointment_id  TEXT,
      client_key      TEXT UNIQUE,
      role            TEXT NOT NULL CHECK (role IN ('agent', 'contact', 'bot')),
      type            TEXT NOT NULL CHECK (type IN ('chat', 'template')),
      touchpoint      TEXT NOT NULL,
      is_backchannel  INTEGER NOT NULL,
      text            TEXT NOT NULL,
      template        TEXT,
      status          TEXT NOT NULL,
      failure_code    INTEGER,
      failure_reason  TEXT,
      created_at      INTEGER NOT NULL,
      updated_at      INTEGER NOT NULL
    ) STRICT;
    CREATE INDEX messages_by_conversation ON messages (conversation_id, created_at);
    CREATE INDEX messages_by_appointment ON messages (appointment_id) WHERE appointment_id IS NOT NULL;

    -- Commands for the backend, each written in the transaction of the change it carries and
    -- sent in order (seq is the rowid: a new row always sorts after the ones waiting), with its
    -- key as Idempotency-Key, until the backend answers.
    CREATE TABLE outbox (
      seq             INTEGER PRIMARY KEY,
      key             TEXT NOT NULL UNIQUE,
      kind            TEXT NOT NULL,
      appointment_id  TEXT,
      payload         TEXT NOT NULL,
      attempts        INTEGER NOT NULL DEFAULT 0,
      last_error      TEXT,
      created_at      INTEGER NOT NULL
    ) STRICT;
    CREATE INDEX outbox_by_appointment ON outbox (appointment_id, kind) WHERE appointment_id IS NOT NULL;

    -- Small facts of the connection: the last event seq applied, the organisation, templates.
    CREATE TABLE sync_state (
      key   TEXT PRIMARY KEY,
      value TEXT NOT NULL
    ) STRICT;
  `);
}
