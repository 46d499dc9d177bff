import type { Database } from 'better-sqlite3';

/**
 * Each inbox's workshop zone and phone country, as the backend tells them (GET
 * /v2/organization): appointments are read in their inbox's zone and phones in its country.
 * NULL: a standalone inbox, which takes the desktop's own settings.
 */
export function up(db: Database): void {
  db.exec(`
    ALTER TABLE inboxes ADD COLUMN zone TEXT;
    ALTER TABLE inboxes ADD COLUMN country TEXT;
  `);
}
