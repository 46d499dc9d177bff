import { createHmac } from 'node:crypto';
import { retryDelay, type Backoff } from '../../domain/retry-delay';
import type { Logger } from '../../ports/logger';
import type { BackendStore } from '../store/backend-store';
import type { WebhookRow } from '../store/webhooks-repo';


const BATCH = 50;
/** A receiver that is down for long is asked again every 5 to 10 minutes. */
const DELIVERY_BACKOFF: Backoff = { baseMs: 500, maxMs: 10 * 60_000 };

/** Web1on1's signature: X-Hub-Signature: sha1=<hex HMAC-SHA1 of the body with the secret>. */
export function webhookSignature(secret: string, body: string): string {
  return `sha1=${createHmac('sha1', secret).update(body).digest('hex')}`;
}

/**
 * Delivers each organisation's events to its own webhook, Web1on1-style
 * ({ event, data, organization }), in log order. A refused or failed delivery is tried again
 * with exponential backoff, from the same event: at least once, never skipped.
 */
export class WebhookDispatcher {
  private readonly retryAt = new Map<string, { at: number; failures: number }>();
  private readonly busy = new Set<string>();

  constructor(
    private readonly store: BackendStore,
    private readonly logger: Logger,
  ) {}

  configure(organizationId: string, url: string, secret: string): void {
    this.store.webhooks.configure(organizationId, url, secret, this.store.events.lastSeq(organizationId));
  }

  /** One pass over every organisation with a webhook; safe to call as often as wanted. */
  async tick(): Promise<void> {
    const hooks = this.store.webhooks.all();
    await Promise.all(hooks.map((hook) => this.deliver(hook)));
  }

  private async deliver(hook: WebhookRow): Promise<void> {
    const org = hook.organization_id;
    const backoff = this.retryAt.get(org);
    if (this.busy.has(org) || (backoff && Date.now() < backoff.at)) return;
    this.busy.add(org);
    try {
      let seq = hook.delivered_seq;
      for (const event of this.store.events.since(org, seq, BATCH)) {
        const body = JSON.stringify({ event: event.type, data: event.data, organization: org, seq: event.seq, createdAt: event.createdAt });
        const response = await fetch(hook.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-hub-signature': webhookSignature(hook.secret, body) },
          body,
          signal: AbortSignal.timeout(10_000),
        });
        if (!response.ok) throw new Error(`the webhook answered HTTP ${response.status}`);
        seq = event.seq;
        this.store.webhooks.delivered(org, seq);
      }
      this.retryAt.delete(org);
    } catch (error) {
      const failures = (backoff?.failures ?? 0) + 1;
      this.retryAt.set(org, { at: Date.now() + retryDelay(failures, DELIVERY_BACKOFF), failures });
      this.logger.warn({ organization: org, failures, err: (error as Error).message }, 'webhook delivery failed; retrying');
    } finally {
      this.busy.delete(org);
    }
  }
}
