import type { Database } from 'better-sqlite3';

export function up(db: Database): void {
  db.exec(`
    -- What a channel sent us, correctly signed, that could not be used (a timestamp that is no
    -- time, a sender that is no phone number, a shape we do not know, a status naming a message
    -- that is not ours). It is acknowledged, so the provider does not send it again forever, and
    -- kept here with the reason, so that nothing is dropped without a trace.
    CREATE TABLE rejected_webhooks (
      id              INTEGER PRIMARY KEY,
      organization_id TEXT NOT NULL REFERENCES organizations (id),
      channel         TEXT NOT NULL CHECK (channel IN ('whatsapp', 'sms')),
      reason          TEXT NOT NULL,
      payload         TEXT NOT NULL,
      received_at     INTEGER NOT NULL
    ) STRICT;
    CREATE INDEX rejected_webhooks_by_organization ON rejected_webhooks (organization_id, received_at, id);
  `);
}
