import { sql } from 'kysely';
import type { RejectedWebhook } from '../../api/v2/channel-webhooks';
import { splitPage, type ListPosition } from '../../api/v2/paging';
import type { StoreDatabase } from './sql/store-database';

type Row = { id: number; channel: RejectedWebhook['channel']; reason: string; payload: string; received_at: number };

/** Signed deliveries from the channels that could not be used, with the reason (see migration 0008). */
export class RejectedWebhooksRepo {
  constructor(private readonly db: StoreDatabase) {}

  async record(organizationId: string, channel: RejectedWebhook['channel'], reason: string, payload: string, now: number): Promise<void> {
    await this.db.run(
      sql`INSERT INTO rejected_webhooks (organization_id, channel, reason, payload, received_at) VALUES (${organizationId}, ${channel}, ${reason}, ${payload}, ${now})`,
    );
  }

  /** Up to `limit` of the organisation's rejections, newest first, older than `before`; and where the older page starts. */
  async page(organizationId: string, before: ListPosition | undefined, limit: number): Promise<{ items: RejectedWebhook[]; next: ListPosition | null }> {
    // One more than asked tells whether an older page exists.
    const rows = await this.db.all(
      sql<Row>`SELECT id, channel, reason, payload, received_at FROM rejected_webhooks
         WHERE organization_id = ${organizationId} ${before ? sql`AND (received_at, id) < (${before.createdAt}, ${before.order})` : sql``}
         ORDER BY received_at DESC, id DESC LIMIT ${limit + 1}`,
    );
    const { page, next } = splitPage(rows, limit, (row) => ({ createdAt: row.received_at, order: row.id }));
    return { items: page.map((r) => ({ id: r.id, channel: r.channel, reason: r.reason, payload: r.payload, receivedAt: r.received_at })), next };
  }
}
