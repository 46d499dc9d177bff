import type { Database } from 'better-sqlite3';

/**
 * WhatsApp numbers and SMS senders belong to an organisation (before, one of each served the
 * whole backend from its environment). A number is routed to at most one channel on the
 * backend, so an inbound delivery names exactly one organisation; a removed channel keeps its
 * row for the messages that went through it. Secrets are one AES-256-GCM box (secret-box.ts).
 *
 * Messages remember their channel: statuses are matched within it, and a reply leaves through
 * it. Messages from before have none; the channel bootstrapped from the environment at the next
 * start takes its organisation's (channel-bootstrap.ts).
 */
export function up(db: Database): void {
  db.exec(`
    CREATE TABLE channels (
      id                  TEXT PRIMARY KEY,
      organization_id     TEXT NOT NULL REFERENCES organizations (id),
      kind                TEXT NOT NULL CHECK (kind IN ('whatsapp', 'sms')),
      label               TEXT NOT NULL,
      -- WhatsApp: Meta's phone number id; SMS: the sending number (E.164).
      address             TEXT NOT NULL,
      business_account_id TEXT,
      account_sid         TEXT,
      secrets             BLOB NOT NULL,
      last_check          TEXT,
      created_at          INTEGER NOT NULL,
      updated_at          INTEGER NOT NULL,
      removed_at          INTEGER
    ) STRICT;
    CREATE UNIQUE INDEX channels_by_address ON channels (kind, address) WHERE removed_at IS NULL;
    CREATE INDEX channels_by_organization ON channels (organization_id);

    ALTER TABLE inboxes ADD COLUMN whatsapp_channel_id TEXT REFERENCES channels (id);
    ALTER TABLE inboxes ADD COLUMN sms_channel_id TEXT REFERENCES channels (id);

    ALTER TABLE messages ADD COLUMN channel_id TEXT REFERENCES channels (id);
    CREATE INDEX messages_by_channel_provider_id ON messages (channel_id, provider_id) WHERE provider_id IS NOT NULL;
  `);
}
