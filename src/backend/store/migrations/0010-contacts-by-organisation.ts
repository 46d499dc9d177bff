import type { Database } from 'better-sqlite3';

/** GET /v2/contacts pages an organisation's contacts oldest first: one index range per page, not a sort of them all. */
export function up(db: Database): void {
  db.exec(`CREATE INDEX contacts_by_organisation ON contacts (organization_id, created_at);`);
}
