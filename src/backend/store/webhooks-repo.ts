import type { Database } from 'better-sqlite3';
import { randomUUID } from 'node:crypto';

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
  constructor(private readonly db: Database) {}

  /**
   * Sets the organisation's webhook. A new address starts after the events logged so far
   * (`fromSeq`): it is never sent the backlog meant for the old one. The same address with a
   * new secret goes on where it was.
   */
  configure(organizationId: string, url: string, secret: string, fromSeq: number): void {
    this.db
      .prepare(
        `INSERT INTO webhooks (organization_id, url, secret, delivered_seq, target) VALUES (@organizationId, @url, @secret, @fromSeq, @target)
         ON CONFLICT (organization_id) DO UPDATE SET
           delivered_seq = CASE WHEN url = excluded.url THEN delivered_seq ELSE excluded.delivered_seq END,
           target = CASE WHEN url = excluded.url THEN target ELSE excluded.target END,
           url = excluded.url, secret = excluded.secret`,
      )
      .run({ organizationId, url, secret, fromSeq, target: randomUUID() });
  }

  /** Removes the organisation's webhook; false when it had none. */
  remove(organizationId: string): boolean {
    return this.db.prepare('DELETE FROM webhooks WHERE organization_id = ?').run(organizationId).changes > 0;
  }

  get(organizationId: string): WebhookRow | undefined {
    return this.db.prepare<[string], WebhookRow>('SELECT * FROM webhooks WHERE organization_id = ?').get(organizationId);
  }

  all(): WebhookRow[] {
    return this.db.prepare<[], WebhookRow>('SELECT * FROM webhooks').all();
  }

  /** Moves the target's cursor; false when the organisation's webhook is no longer that target (changed or removed). */
  delivered(organizationId: string, target: string, seq: number): boolean {
    return this.db.prepare('UPDATE webhooks SET delivered_seq = ? WHERE organization_id = ? AND target = ?').run(seq, organizationId, target).changes > 0;
  }
}
