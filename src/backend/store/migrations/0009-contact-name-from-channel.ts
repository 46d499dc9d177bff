import type { Database } from 'better-sqlite3';

/**
 * 1: the contact's name is the one the customer gave themselves on WhatsApp or SMS (it wrote
 * before any appointment named it); such a name does not decide who the customer is, and the
 * dealer's name replaces it when an appointment names the person (domain/contact-identity).
 */
export function up(db: Database): void {
  db.exec(`ALTER TABLE contacts ADD COLUMN name_from_channel INTEGER NOT NULL DEFAULT 0;`);
}
