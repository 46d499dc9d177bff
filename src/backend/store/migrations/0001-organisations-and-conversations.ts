import type { Database } from 'better-sqlite3';

export function up(db: Database): void {
  db.exec(`
    CREATE TABLE organizations (
      id         TEXT PRIMARY KEY,
      name       TEXT NOT NULL,
      created_at INTEGER NOT NULL
    ) STRICT;

    CREATE TABLE inboxes (
      id              TEXT PRIMARY KEY,
      organization_id TEXT NOT NULL REFERENCES organizations (id),
      name            TEXT NOT NULL,
      kind            TEXT NOT NULL CHECK (kind IN ('dealership', 'workshop')),
      zone            TEXT NOT NULL,
      country         TEXT NOT NULL,
      reminder_hour   INTEGER NOT NULL DEFAULT 17 CHECK (reminder_hour BETWEEN 0 AND 23)
    ) STRICT;
    CREATE INDEX inboxes_by_organization ON inboxes (organization_id);

    CREATE TABLE users (
      id              TEXT PRIMARY KEY,
      organization_id TEXT NOT NULL REFERENCES organizations (id),
      name            TEXT NOT NULL,
      email           TEXT,
      created_at      INTEGER NOT NULL
    ) STRICT;

    -- Only a SHA-256 of each token is stored: a copy of the file does not let anyone in.
    CREATE TABLE tokens (
      hash            TEXT PRIMARY KEY,
      user_id         TEXT NOT NULL REFERENCES users (id),
      organization_id TEXT NOT NULL REFERENCES organizations (id),
      label           TEXT NOT NULL,
      created_at      INTEGER NOT NULL,
      revoked_at      INTEGER
    ) STRICT;

    CREATE TABLE contacts (
      id              TEXT PRIMARY KEY,
      organization_id TEXT NOT NULL REFERENCES organizations (id),
      name            TEXT,
      phone           TEXT,
      email           TEXT,
      created_at      INTEGER NOT NULL
    ) STRICT;
    CREATE INDEX contacts_by_phone ON contacts (organization_id, phone) WHERE phone IS NOT NULL;
    CREATE INDEX contacts_by_email ON contacts (organization_id, email COLLATE NOCASE) WHERE email IS NOT NULL;

    -- One conversation per contact (Web1on1's rule).
    CREATE TABLE conversations (
      id                TEXT PRIMARY KEY,
      organization_id   TEXT NOT NULL REFERENCES organizations (id),
      contact_id        TEXT NOT NULL UNIQUE REFERENCES contacts (id),
      inbox_id          TEXT REFERENCES inboxes (id),
      waiting           INTEGER NOT NULL DEFAULT 0,
      last_inbound_at   INTEGER,
      created_at        INTEGER NOT NULL
    ) STRICT;

    CREATE TABLE messages (
      id               TEXT PRIMARY KEY,
      organization_id  TEXT NOT NULL REFERENCES organizations (id),
      conversation_id  TEXT NOT NULL REFERENCES conversations (id),
      role             TEXT NOT NULL CHECK (role IN ('agent', 'contact', 'bot')),
      type             TEXT NOT NULL CHECK (type IN ('chat', 'template')),
      touchpoint       TEXT NOT NULL CHECK (touchpoint IN ('whatsapp', 'sms', 'internal')),
      is_backchannel   INTEGER NOT NULL DEFAULT 0,
      text             TEXT NOT NULL,
      template         TEXT,
      status           TEXT NOT NULL
                       CHECK (status IN ('queued', 'accepted', 'sent', 'delivered', 'read', 'failed', 'received', 'internal')),
      failure_code     INTEGER,
      failure_reason   TEXT,
      provider_id      TEXT,
      idempotency_key  TEXT,
      created_at       INTEGER NOT NULL,
      updated_at       INTEGER NOT NULL
    ) STRICT;
    CREATE INDEX messages_by_conversation ON messages (conversation_id, created_at);
    CREATE UNIQUE INDEX messages_by_provider_id ON messages (touchpoint, provider_id) WHERE provider_id IS NOT NULL;
    CREATE UNIQUE INDEX messages_by_idempotency_key ON messages (organization_id, idempotency_key)
      WHERE idempotency_key IS NOT NULL;

    CREATE TABLE watemplates (
      id              TEXT PRIMARY KEY,
      organization_id TEXT NOT NULL REFERENCES organizations (id),
      name            TEXT NOT NULL,
      language        TEXT NOT NULL,
      category        TEXT NOT NULL CHECK (category IN ('UTILITY', 'MARKETING', 'AUTHENTICATION')),
      body            TEXT NOT NULL,
      buttons         TEXT NOT NULL DEFAULT '[]',
      UNIQUE (organization_id, name, language)
    ) STRICT;

    -- The event log desktops follow: a gapless sequence per organisation.
    CREATE TABLE events (
      organization_id TEXT NOT NULL REFERENCES organizations (id),
      seq             INTEGER NOT NULL,
      type            TEXT NOT NULL,
      data            TEXT NOT NULL,
      created_at      INTEGER NOT NULL,
      PRIMARY KEY (organization_id, seq)
    ) STRICT, WITHOUT ROWID;
  `);
}
