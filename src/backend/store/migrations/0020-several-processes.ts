import type { Database } from 'better-sqlite3';

/**
 * What several backend processes over one database need (PostgreSQL's baseline has the same):
 *
 * - event_counters: each organisation's last event seq, one row locked by every write of that
 *   organisation, so that concurrent writers leave a gapless, strictly ordered seq.
 * - sends.claimed_until: a send under way belongs to the process that claimed it until then;
 *   after that (the process died mid-send) another process settles it.
 * - send_pacing: when each channel's next send may leave, shared by every process, since a
 *   number's messages-per-second limit is the number's, not the process's.
 */
export function up(db: Database): void {
  db.exec(`
    CREATE TABLE event_counters (
      organization_id TEXT PRIMARY KEY,
      last_seq INTEGER NOT NULL
    ) STRICT;
    INSERT INTO event_counters (organization_id, last_seq)
      SELECT organization_id, max(seq) FROM events GROUP BY organization_id;
    ALTER TABLE sends ADD COLUMN claimed_until INTEGER;
    UPDATE sends SET claimed_until = 0 WHERE state = 'sending';
    -- Every pass of the send worker looks for lapsed claims: found by index, however many sends are done.
    CREATE INDEX sends_under_way ON sends (claimed_until) WHERE state = 'sending';
    CREATE TABLE send_pacing (
      channel_id TEXT PRIMARY KEY,
      next_slot_at REAL NOT NULL
    ) STRICT;
  `);
}
