import type { Database } from 'better-sqlite3';

/**
 * An audit line keeps what it says beside its subject as facts (AuditFactsSchema, as JSON)
 * instead of English words in its detail, so that each screen words it in its own language.
 * Lines written before keep their detail as it was, with no facts (NULL): their words cannot
 * be taken apart again reliably, and the screen shows them as they were written.
 */
export function up(db: Database): void {
  db.exec('ALTER TABLE audit ADD COLUMN facts TEXT');
}
