import { sql } from 'kysely';
import { randomUUID } from 'node:crypto';
import type { StoreDatabase } from './sql/store-database';

/**
 * An organisation's own webhook: where its events go, the secret they are signed with, how far
 * it got, and the target: an id new with every new address, which a delivery names when it
 * moves the cursor, so that one still under way to an old address cannot move the new one's.
 */
export interface WebhookRow {
  organization_id: string;
  url: string;
  secret: string;
  delivered_seq: number;
  target: string;
}

export class WebhooksRepo {
  constructor(private readonly db: StoreDatabase) {}

  /**
   * Sets the organisation's webhook. A new address starts after the events logged so far
   * (`fromSeq`): it is never sent the backlog meant for the old one. The same address with a
   * new secret goes on where it was.
   */
  async configure(organizationId: string, url: string, secret: string, fromSeq: number): Promise<void> {
    await this.db.run(
      sql`INSERT INTO webhooks (organization_id, url, secret, delivered_seq, target) VALUES (${organizationId}, ${url}, ${secret}, ${fromSeq}, ${randomUUID()})
         ON CONFLICT (organization_id) DO UPDATE SET
           delivered_seq = CASE WHEN webhooks.url = excluded.url THEN webhooks.delivered_seq ELSE excluded.delivered_seq END,
           target = CASE WHEN webhooks.url = excluded.url THEN webhooks.target ELSE excluded.target END,
           url = excluded.url, secret = excluded.secret`,
    );
  }

  /** Removes the organisation's webhook; false when it had none. */
  async remove(organizationId: string): Promise<boolean> {
    return (await this.db.run(sql`DELETE FROM webhooks WHERE organization_id = ${organizationId}`)) > 0;
  }

  async get(organizationId: string): Promise<WebhookRow | undefined> {
    return this.db.get(sql<WebhookRow>`SELECT * FROM webhooks WHERE organization_id = ${organizationId}`);
  }

  /** The webhooks with events after their cursor: a pass over every organisation asks nothing of those with nothing to deliver. */
  async behind(): Promise<WebhookRow[]> {
    return this.db.all(
      sql<WebhookRow>`SELECT w.* FROM webhooks w JOIN event_counters c ON c.organization_id = w.organization_id WHERE w.delivered_seq < c.last_seq`,
    );
  }

  /**
   * Moves the target's cursor forward (never back: a process that lost its lease mid-post may
   * report an event another has passed since); false when the organisation's webhook is no
   * longer that target (changed or removed).
   */
  async delivered(organizationId: string, target: string, seq: number): Promise<boolean> {
    await this.db.run(sql`UPDATE webhooks SET delivered_seq = ${seq} WHERE organization_id = ${organizationId} AND target = ${target} AND delivered_seq < ${seq}`);
    return (await this.get(organizationId))?.target === target;
  }
}
