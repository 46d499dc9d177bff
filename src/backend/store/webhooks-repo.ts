import type { Database } from 'better-sqlite3';

/** An organisation's own webhook: where its events go, the secret they are signed with, and how far it got. */
export interface WebhookRow {
  organization_id: string;
  url: string;
  secret: string;
  delivered_seq: number;
}

export class WebhooksRepo {
  constructor(private readonly db: Database) {}

  /** Sets the organisation's webhook; a new one starts after the events logged so far. */
  configure(organizationId: string, url: string, secret: string, fromSeq: number): void {
    this.db
      .prepare(
        `INSERT INTO webhooks (organization_id, url, secret, delivered_seq) VALUES (?, ?, ?, ?)
         ON CONFLICT (organization_id) DO UPDATE SET url = excluded.url, secret = excluded.secret`,
      )
      .run(organizationId, url, secret, fromSeq);
  }

  all(): WebhookRow[] {
    return this.db.prepare<[], WebhookRow>('SELECT * FROM webhooks').all();
  }

  delivered(organizationId: string, seq: number): void {
    this.db.prepare('UPDATE webhooks SET delivered_seq = ? WHERE organization_id = ?').run(seq, organizationId);
  }
}
