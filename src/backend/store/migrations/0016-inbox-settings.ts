import type { Database } from 'better-sqlite3';

/**
 * An inbox's week, its closed days and the language of its templates, set by a manager (the
 * reminder bot skips closed days). Existing inboxes start open Monday to Saturday, 08:00 to
 * 18:00, closed on Sunday, with no holidays; their template language follows their country
 * (Dutch for the Netherlands and Belgium, English elsewhere), as the demo's templates did.
 */
export const DEFAULT_OPENING_HOURS = JSON.stringify([
  { open: '08:00', close: '18:00' },
  { open: '08:00', close: '18:00' },
  { open: '08:00', close: '18:00' },
  { open: '08:00', close: '18:00' },
  { open: '08:00', close: '18:00' },
  { open: '08:00', close: '18:00' },
  null,
]);

export function up(db: Database): void {
  db.exec(`
    ALTER TABLE inboxes ADD COLUMN opening_hours TEXT NOT NULL DEFAULT '${DEFAULT_OPENING_HOURS}';
    ALTER TABLE inboxes ADD COLUMN closed_dates TEXT NOT NULL DEFAULT '[]';
    ALTER TABLE inboxes ADD COLUMN template_language TEXT NOT NULL DEFAULT 'en';
    UPDATE inboxes SET template_language = 'nl' WHERE country IN ('NL', 'BE');
  `);
}
