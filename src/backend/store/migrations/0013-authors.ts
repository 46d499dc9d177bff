import type { Database } from 'better-sqlite3';

/**
 * Who made a change. A message keeps its author (the person, device or integration that sent
 * it or wrote the comment) as it was named then, so a later rename or removal does not rewrite
 * history; messages from before people signed in, and the customer's and the bot's, have none.
 * A card keeps its service advisor, a user of the organisation (the service refuses a removed
 * one when it is set; users are never deleted, only marked removed, so the id keeps its name).
 * An organisation's webhook gets a target id, new with every new address, so that a delivery
 * still under way to the old address cannot move the new one's cursor.
 */
export function up(db: Database): void {
  db.exec(`
    ALTER TABLE messages ADD COLUMN author_id TEXT;
    ALTER TABLE messages ADD COLUMN author_name TEXT;
    ALTER TABLE messages ADD COLUMN author_kind TEXT CHECK (author_kind IN ('user', 'device', 'integration'));
    ALTER TABLE appointments ADD COLUMN advisor TEXT REFERENCES users (id);
    ALTER TABLE webhooks ADD COLUMN target TEXT NOT NULL DEFAULT '';
  `);
}
