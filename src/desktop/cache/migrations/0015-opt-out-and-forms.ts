import type { Database } from 'better-sqlite3';

/**
 * The backend's word on whether a customer opted out (STOP) of reminders and marketing, when
 * and by what, so the card and the composer show it offline too; and the form card or opt-out
 * notice a message of the customer stream may carry (JSON, as the backend sends them).
 */
export function up(db: Database): void {
  db.exec(`
    ALTER TABLE contacts ADD COLUMN opted_out_at INTEGER;
    ALTER TABLE contacts ADD COLUMN opted_out_by TEXT;
    ALTER TABLE messages ADD COLUMN form TEXT;
    ALTER TABLE messages ADD COLUMN notice TEXT;
  `);
}
