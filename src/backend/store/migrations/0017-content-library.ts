import type { Database } from 'better-sqlite3';

/**
 * Templates become the organisation's Content Library: submitted to a WhatsApp business account
 * and followed through Meta's review. Templates stored before were mirrored from ones Meta had
 * approved, so they stay approved, with no account (they are sent as before).
 */
export function up(db: Database): void {
  db.exec(`
    ALTER TABLE watemplates ADD COLUMN business_account_id TEXT;
    ALTER TABLE watemplates ADD COLUMN provider_id TEXT;
    ALTER TABLE watemplates ADD COLUMN status TEXT NOT NULL DEFAULT 'APPROVED'
      CHECK (status IN ('PENDING', 'APPROVED', 'REJECTED', 'PAUSED', 'DISABLED'));
    ALTER TABLE watemplates ADD COLUMN rejection_reason TEXT;
    ALTER TABLE watemplates ADD COLUMN title TEXT;
    ALTER TABLE watemplates ADD COLUMN header TEXT;
    ALTER TABLE watemplates ADD COLUMN footer TEXT;
    ALTER TABLE watemplates ADD COLUMN parameters TEXT NOT NULL DEFAULT '[]';
    ALTER TABLE watemplates ADD COLUMN updated_at INTEGER NOT NULL DEFAULT 0;
  `);
}
