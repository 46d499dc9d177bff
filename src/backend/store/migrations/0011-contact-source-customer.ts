import type { Database } from 'better-sqlite3';

/**
 * The customer's number in the system an appointment came from (its source and that number),
 * when the source gives one: it says who the customer is before any phone or name does.
 */
export function up(db: Database): void {
  db.exec(`
    ALTER TABLE contacts ADD COLUMN source_customer TEXT;
    CREATE UNIQUE INDEX contacts_by_source_customer ON contacts (organization_id, source_customer) WHERE source_customer IS NOT NULL;
  `);
}
