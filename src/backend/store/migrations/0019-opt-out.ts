import type { Database } from 'better-sqlite3';

/**
 * A customer who answered STOP (or tapped an opt-out button) gets no reminders or marketing
 * templates until they write START: when, and the word or button that did it.
 *
 * Messages may carry a form (the manual appointment filled in from the conversation, as JSON
 * of its title and fields) or a notice (the customer opted out or in, as JSON): both are notes
 * in the customer stream for colleagues, shown as a card or a line in the reader's language.
 */
export function up(db: Database): void {
  db.exec(`
    ALTER TABLE contacts ADD COLUMN opted_out_at INTEGER;
    ALTER TABLE contacts ADD COLUMN opted_out_by TEXT;
    ALTER TABLE messages ADD COLUMN form TEXT;
    ALTER TABLE messages ADD COLUMN notice TEXT;
  `);
}
