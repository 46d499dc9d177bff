import type { Database } from 'better-sqlite3';

export interface DueSend {
  messageId: string;
  organizationId: string;
  attempts: number;
}

/** The durable queue of outbound messages (see migration 0002). */
export class SendsRepo {
  constructor(private readonly db: Database) {}

  enqueue(messageId: string, organizationId: string, now: number): void {
    this.db
      .prepare('INSERT INTO sends (message_id, organization_id, next_attempt_at) VALUES (?, ?, ?)')
      .run(messageId, organizationId, now);
  }

  due(now: number, limit: number): DueSend[] {
    return this.db
      .prepare<[number, number], DueSend>(
        `SELECT message_id AS messageId, organization_id AS organizationId, attempts FROM sends
         WHERE state = 'pending' AND next_attempt_at <= ? ORDER BY next_attempt_at, rowid LIMIT ?`,
      )
      .all(now, limit);
  }

  nextDueAt(): number | null {
    return (
      this.db.prepare<[], { at: number | null }>("SELECT min(next_attempt_at) AS at FROM sends WHERE state = 'pending'").get()?.at ??
      null
    );
  }

  /** Claims a send before the channel is called; false if another run claimed it first. */
  claim(messageId: string): boolean {
    return (
      this.db
        .prepare("UPDATE sends SET state = 'sending', attempts = attempts + 1 WHERE message_id = ? AND state = 'pending'")
        .run(messageId).changes === 1
    );
  }

  retryAt(messageId: string, at: number, error: string): void {
    this.db
      .prepare("UPDATE sends SET state = 'pending', next_attempt_at = ?, last_error = ? WHERE message_id = ?")
      .run(at, error, messageId);
  }

  done(messageId: string): void {
    this.db.prepare("UPDATE sends SET state = 'done' WHERE message_id = ?").run(messageId);
  }

  /**
   * After a crash, sends that were under way may or may not have reached the channel. They are
   * retried after `graceMs`, unless the channel's status report for them arrives first.
   */
  recoverInterrupted(now: number, graceMs: number): number {
    return this.db
      .prepare("UPDATE sends SET state = 'pending', next_attempt_at = ?, last_error = 'interrupted' WHERE state = 'sending'")
      .run(now + graceMs).changes;
  }

}
