import type { Database } from 'better-sqlite3';

export interface DueSend {
  messageId: string;
  organizationId: string;
  attempts: number;
}

export type SendState = 'pending' | 'sending' | 'done';

/** The durable queue of outbound messages (see migration 0002). */
export class SendsRepo {
  constructor(private readonly db: Database) {}

  enqueue(messageId: string, organizationId: string, now: number): void {
    this.db
      .prepare('INSERT INTO sends (message_id, organization_id, next_attempt_at) VALUES (?, ?, ?)')
      .run(messageId, organizationId, now);
  }

  /**
   * The channels that have sends due now (null: messages queued before channels were stored
   * and never given one). One row per channel, however long its queue.
   */
  dueChannels(now: number): Array<string | null> {
    return this.db
      .prepare<[number], { c: string | null }>(
        `SELECT DISTINCT m.channel_id AS c FROM sends s JOIN messages m ON m.id = s.message_id
         WHERE s.state = 'pending' AND s.next_attempt_at <= ?`,
      )
      .all(now)
      .map((row) => row.c);
  }

  /** The oldest due sends of one channel, so that a channel with a backlog does not keep another's sends out of sight. */
  due(now: number, channelId: string | null, limit: number): DueSend[] {
    return this.db
      .prepare<[number, string | null, number], DueSend>(
        `SELECT s.message_id AS messageId, s.organization_id AS organizationId, s.attempts FROM sends s
         JOIN messages m ON m.id = s.message_id
         WHERE s.state = 'pending' AND s.next_attempt_at <= ? AND m.channel_id IS ?
         ORDER BY s.next_attempt_at, s.rowid LIMIT ?`,
      )
      .all(now, channelId, limit);
  }

  /** When the next send falls due that is not due yet. */
  nextDueAfter(now: number): number | null {
    return (
      this.db
        .prepare<[number], { at: number | null }>("SELECT min(next_attempt_at) AS at FROM sends WHERE state = 'pending' AND next_attempt_at > ?")
        .get(now)?.at ?? null
    );
  }

  stateOf(messageId: string): SendState | undefined {
    return this.db.prepare<[string], SendState>('SELECT state FROM sends WHERE message_id = ?').pluck().get(messageId);
  }

  /** Claims a send before the channel is called; false if another run claimed it first. */
  claim(messageId: string): boolean {
    return (
      this.db
        .prepare("UPDATE sends SET state = 'sending', attempts = attempts + 1 WHERE message_id = ? AND state = 'pending'")
        .run(messageId).changes === 1
    );
  }

  /**
   * Puts a send under way back in the queue, to be tried at `at`. Only while it is still under
   * way: a status report may have settled it meanwhile, and a settled send is never sent again.
   */
  retryAt(messageId: string, at: number, error: string): void {
    this.db
      .prepare("UPDATE sends SET state = 'pending', next_attempt_at = ?, last_error = ? WHERE message_id = ? AND state = 'sending'")
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
