import type { Database } from 'better-sqlite3';

/**
 * An inbox's settings as its manager made them on the backend (GET /v2/organization and the
 * inbox.upsert event): its week and closed days (OpeningHoursSchema and ClosedDateSchema[] as
 * JSON), the language of its templates, and the WhatsApp number and SMS sender its conversations
 * go out through (the composer offers only those). NULL: a standalone inbox, or one this desktop
 * has not yet heard of from a backend that knows these settings.
 */
export function up(db: Database): void {
  db.exec(`
    ALTER TABLE inboxes ADD COLUMN opening_hours TEXT;
    ALTER TABLE inboxes ADD COLUMN closed_dates TEXT;
    ALTER TABLE inboxes ADD COLUMN template_language TEXT;
    ALTER TABLE inboxes ADD COLUMN whatsapp_channel TEXT;
    ALTER TABLE inboxes ADD COLUMN sms_channel TEXT;
  `);
}
