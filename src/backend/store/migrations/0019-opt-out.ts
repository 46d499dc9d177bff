import type { Database } from 'better-sqlite3';

/**
 * A customer who answered STOP (or tapped an opt-out button) gets no reminders or marketing
 * templates until they write START: when, and the word or button that did it.
 */
export function up(db: Database): void {
  db.exec(`
    ALTER TABLE contacts ADD COLUMN opted_out_at INTEGER;
    ALTER TABLE contacts ADD COLUMN opted_out_by TEXT;
  `);
}
