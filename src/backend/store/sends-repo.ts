import { sql } from 'kysely';
import type { StoreDatabase } from './sql/store-database';

export interface DueSend {
  messageId: string;
  organizationId: string;
  attempts: number;
  /** Until when this process holds the send: the claim it renews, and that no other claim has. */
  claimedUntil: number;
}

export type SendState = 'pending' | 'sending' | 'done';

/**
 * The durable queue of outbound messages (see migration 0002). A send is claimed by one
 * process until `claimed_until`; a process that dies mid-send leaves its claim to lapse.
 */
export class SendsRepo {
  constructor(private readonly db: StoreDatabase) {}

  async enqueue(messageId: string, organizationId: string, now: number): Promise<void> {
    await this.db.run(sql`INSERT INTO sends (message_id, organization_id, next_attempt_at) VALUES (${messageId}, ${organizationId}, ${now})`);
  }

  /**
   * The channels that have sends due now (null: messages queued before channels were stored
   * and never given one). One row per channel, however long its queue.
   */
  async dueChannels(now: number): Promise<Array<string | null>> {
    const rows = await this.db.all(
      sql<{ c: string | null }>`SELECT DISTINCT m.channel_id AS c FROM sends s JOIN messages m ON m.id = s.message_id
        WHERE s.state = 'pending' AND s.next_attempt_at <= ${now}`,
    );
    return rows.map((row) => row.c);
  }

  /**
   * Claims up to `limit` of the oldest due sends of one channel for this process until
   * `claimedUntil`, so that a channel with a backlog does not keep another's sends out of
   * sight. Rows another process is claiming are passed over, and each send goes to one claimer.
   */
  async claimDue(now: number, channelId: string | null, limit: number, claimedUntil: number): Promise<DueSend[]> {
    return this.db.transaction(() =>
      this.db.all(
        sql<DueSend>`UPDATE sends SET state = 'sending', attempts = attempts + 1, claimed_until = ${claimedUntil}
          WHERE message_id IN (
            SELECT s.message_id FROM sends s JOIN messages m ON m.id = s.message_id
            WHERE s.state = 'pending' AND s.next_attempt_at <= ${now} AND m.channel_id IS NOT DISTINCT FROM ${channelId}
            ORDER BY s.next_attempt_at, s.rowid LIMIT ${limit} ${this.db.dialect.skipLocked('s')}
          ) AND state = 'pending'
          RETURNING message_id AS "messageId", organization_id AS "organizationId", attempts - 1 AS attempts, claimed_until AS "claimedUntil"`,
      ),
    );
  }

  /**
   * Extends this process's claim just before the send leaves; false if the claim is no longer
   * this one (it lapsed while the send waited, and another process took the send over).
   */
  async renewClaim(messageId: string, claimedUntil: number, until: number): Promise<boolean> {
    const changed = await this.db.run(
      sql`UPDATE sends SET claimed_until = ${until} WHERE message_id = ${messageId} AND state = 'sending' AND claimed_until = ${claimedUntil}`,
    );
    return changed === 1;
  }

  /** When the next send falls due that is not due yet, or the next claim lapses. */
  async nextDueAfter(now: number): Promise<number | null> {
    const row = await this.db.get(
      sql<{ at: number | null }>`SELECT min(at) AS at FROM (
        SELECT min(next_attempt_at) AS at FROM sends WHERE state = 'pending' AND next_attempt_at > ${now}
        UNION ALL SELECT min(claimed_until) FROM sends WHERE state = 'sending' AND claimed_until > ${now}
      ) t`,
    );
    return row?.at ?? null;
  }

  async stateOf(messageId: string): Promise<SendState | undefined> {
    return (await this.db.get(sql<{ state: SendState }>`SELECT state FROM sends WHERE message_id = ${messageId}`))?.state;
  }

  /**
   * Puts a send under way back in the queue, to be tried at `at`. Only while it is still under
   * this claim: a status report may have settled it meanwhile (a settled send is never sent
   * again), or another process may have taken it over after the claim lapsed.
   */
  async retryAt(messageId: string, claimedUntil: number, at: number, error: string): Promise<void> {
    await this.db.run(
      sql`UPDATE sends SET state = 'pending', next_attempt_at = ${at}, last_error = ${error}, claimed_until = NULL
          WHERE message_id = ${messageId} AND state = 'sending' AND claimed_until = ${claimedUntil}`,
    );
  }

  async done(messageId: string): Promise<void> {
    await this.db.run(sql`UPDATE sends SET state = 'done', claimed_until = NULL WHERE message_id = ${messageId}`);
  }

  /**
   * Sends whose claim lapsed: their process died mid-send. A claim lasts as long as an answer
   * may take plus the wait for a status report, so one that arrived has settled its send by
   * now; the others may or may not have reached the channel, and are due again.
   */
  async recoverLapsed(now: number): Promise<number> {
    return this.db.run(
      sql`UPDATE sends SET state = 'pending', next_attempt_at = ${now}, last_error = 'interrupted', claimed_until = NULL
          WHERE state = 'sending' AND claimed_until <= ${now}`,
    );
  }

  /**
   * Takes the channel's next send slot (`intervalMs` after the one before, and not before
   * `now`) and answers when it is. One statement, so two processes never get the same slot.
   */
  async reserveSlot(channelId: string, now: number, intervalMs: number): Promise<number> {
    const row = await this.db.get(
      sql<{ slot: number }>`INSERT INTO send_pacing (channel_id, next_slot_at) VALUES (${channelId}, ${now + intervalMs})
        ON CONFLICT (channel_id) DO UPDATE
          SET next_slot_at = ${this.db.dialect.greatest(sql`send_pacing.next_slot_at`, sql`${now}`)} + ${intervalMs}
        RETURNING next_slot_at - ${intervalMs} AS slot`,
    );
    return row!.slot;
  }

  /** How many sends wait and how many are under way, in every process (the queue-depth metric). */
  async depth(): Promise<{ pending: number; sending: number }> {
    // Two counts the partial indexes on pending and sending rows answer, however many sends are done.
    const row = await this.db.get(
      sql<{ pending: number; sending: number }>`SELECT (SELECT count(*) FROM sends WHERE state = 'pending') AS pending,
        (SELECT count(*) FROM sends WHERE state = 'sending') AS sending`,
    );
    return row!;
  }
}
