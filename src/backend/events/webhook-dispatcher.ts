import { createHmac, randomUUID } from 'node:crypto';
import { ApiFailure } from '../../api/envelope';
import type { WebhookStatus } from '../../api/v2/webhook-settings';
import { retryDelay, type Backoff } from '../../domain/retry-delay';
import type { Clock } from '../../ports/clock';
import type { Logger } from '../../ports/logger';
import { authorOf, type Principal } from '../access/principal';
import type { BackendStore } from '../store/backend-store';
import type { WebhookRow } from '../store/webhooks-repo';
import { conversationNamed, webhookEventOf } from './webhook-events';
import { checkTarget, postTo, systemResolver, type HostResolver, type WebhookTargetPolicy } from './webhook-target';

const BATCH = 50;
const TIMEOUT_MS = 10_000;
/**
 * The lease on an organisation's deliveries: one process delivers its events at a time, so
 * none is posted twice by two processes. Renewed before each post; a process that dies leaves
 * it to lapse after a post's timeout.
 */
const LEASE = 'webhook-delivery';
const LEASE_MS = 2 * TIMEOUT_MS;
/** A receiver that is down for long is asked again every 5 to 10 minutes. */
const DELIVERY_BACKOFF: Backoff = { baseMs: 500, maxMs: 10 * 60_000 };

/** Web1on1's signature: X-Hub-Signature: sha1=<hex HMAC-SHA1 of the body with the secret>. */
export function webhookSignature(secret: string, body: string): string {
  return `sha1=${createHmac('sha1', secret).update(body).digest('hex')}`;
}

export interface WebhookDeliveryOptions {
  policy: WebhookTargetPolicy;
  /** How host names are resolved; the system's resolver unless a test names its own hosts. */
  resolve?: HostResolver;
}

/**
 * Delivers each organisation's events to its own webhook in Web1on1's form (webhook-events),
 * in log order. A refused or failed delivery is tried again with exponential backoff, from the
 * same event: at least once, never skipped. The address is checked when it is set and again
 * before every delivery (a name can be moved to an address inside the network after it was
 * set), and the connection goes to exactly the address that was checked.
 */
export class WebhookDispatcher {
  /** Per target (an address as set): a new address starts without the old one's backoff and failure. */
  private readonly retryAt = new Map<string, { at: number; failures: number; reason: string; failedAt: number }>();
  private readonly busy = new Set<string>();
  /** This process, as the holder of delivery leases. */
  private readonly holder = `webhooks-${randomUUID()}`;
  /** The pass under way, which a stop waits for, and whether another was asked for meanwhile. */
  private pass: Promise<void> | null = null;
  private again = false;
  private stopped = false;
  private readonly resolve: HostResolver;

  constructor(
    private readonly store: BackendStore,
    private readonly logger: Logger,
    private readonly clock: Clock,
    private readonly options: WebhookDeliveryOptions,
  ) {
    this.resolve = options.resolve ?? systemResolver;
  }

  /**
   * Sets the organisation's webhook once its address passes the rules; it starts at the
   * current event. The audit log keeps who set which address (never the secret).
   */
  async configure(principal: Principal, url: string, secret: string, from: string | null): Promise<void> {
    const checked = await checkTarget(new URL(url), this.options.policy, this.resolve);
    if ('refusal' in checked) throw new ApiFailure('WEBHOOK_ADDRESS_REFUSED', checked.refusal);
    const org = principal.organizationId;
    await this.store.sql.transaction(async () => {
      await this.store.webhooks.configure(org, url, secret, await this.store.events.lastSeq(org));
      await this.store.audit.append(org, { action: 'webhook.changed', actor: authorOf(principal), device: null, address: from, detail: url, facts: {} }, this.clock.now());
    });
  }

  /** Stops delivering to the organisation's webhook; false when it had none. */
  async remove(principal: Principal, from: string | null): Promise<boolean> {
    const org = principal.organizationId;
    return this.store.sql.transaction(async () => {
      const removed = await this.store.webhooks.get(org);
      if (!removed) return false;
      await this.store.webhooks.remove(org);
      await this.store.audit.append(org, { action: 'webhook.removed', actor: authorOf(principal), device: null, address: from, detail: removed.url, facts: {} }, this.clock.now());
      return true;
    });
  }

  /** Where the organisation's events go and, while it fails, why (kept in memory: a restart tries afresh). */
  async status(organizationId: string): Promise<WebhookStatus | null> {
    const hook = await this.store.webhooks.get(organizationId);
    if (!hook) return null;
    const failed = this.retryAt.get(hook.target);
    return { url: hook.url, delivered: hook.delivered_seq, failure: failed ? { reason: failed.reason, attempts: failed.failures, at: failed.failedAt } : null };
  }

  /**
   * One pass over every organisation with a webhook; safe to call as often as wanted. It does not
   * fail: a delivery's failure is kept for its retry, and a store that cannot be read is told to
   * the log and read again at the next pass.
   */
  async tick(): Promise<void> {
    if (this.stopped) return;
    // One pass at a time: a tick asked for meanwhile (a commit, the timer) runs once after it.
    if (this.pass) {
      this.again = true;
      return this.pass;
    }
    this.pass = (async () => {
      do {
        this.again = false;
        let hooks: WebhookRow[];
        try {
          hooks = await this.store.webhooks.behind();
        } catch (error) {
          this.logger.warn({ err: error instanceof Error ? error.message : String(error) }, 'the webhooks could not be read; tried again at the next pass');
          return;
        }
        await Promise.all(hooks.map((hook) => this.deliver(hook)));
      } while (this.again && !this.stopped);
    })();
    try {
      await this.pass;
    } finally {
      this.pass = null;
    }
  }

  /**
   * No new pass starts; the passes under way finish (a delivery already sent is recorded as
   * delivered, so it is not sent again by the next process). Before the store closes.
   */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.pass;
  }

  private async deliver(hook: WebhookRow): Promise<void> {
    const org = hook.organization_id;
    const backoff = this.retryAt.get(hook.target);
    if (this.busy.has(org) || (backoff && Date.now() < backoff.at)) return;
    this.busy.add(org);
    try {
      const url = new URL(hook.url);
      const checked = await checkTarget(url, this.options.policy, this.resolve);
      if ('refusal' in checked) throw new Error(checked.refusal);
      const held = () => this.store.leases.acquire(org, LEASE, this.holder, LEASE_MS, this.clock.now()).then((lease) => lease.granted);
      if (!(await held())) return;
      // Read again under the lease: another process may have delivered since the pass read the list.
      const cursor = await this.store.webhooks.get(org);
      if (cursor?.target !== hook.target) return;
      for (const event of await this.store.events.since(org, cursor.delivered_seq, BATCH)) {
        // Another process took over (this one was stalled past the lease): the rest is its to deliver.
        if (!(await held())) break;
        // Read before the event is put in its webhook form, which is a pure function of what it is given.
        const named = conversationNamed(event);
        const conversation = named === null ? undefined : await this.store.conversations.get(org, named);
        const outgoing = webhookEventOf(event, org, (id) => (id === named ? conversation : undefined));
        if (outgoing) {
          const body = JSON.stringify(outgoing);
          const failure = await postTo(
            url,
            checked.addresses[0]!,
            body,
            { 'content-type': 'application/json', 'x-hub-signature': webhookSignature(hook.secret, body) },
            TIMEOUT_MS,
          );
          if (failure) throw new Error(failure);
        }
        // The address was changed or removed meanwhile: the rest is not this target's.
        if (!(await this.store.webhooks.delivered(org, hook.target, event.seq))) break;
        // Stopping: the rest waits for the next process, from this cursor.
        if (this.stopped) break;
      }
      this.retryAt.delete(hook.target);
    } catch (error) {
      const failures = (backoff?.failures ?? 0) + 1;
      const reason = (error as Error).message;
      this.retryAt.set(hook.target, { at: Date.now() + retryDelay(failures, DELIVERY_BACKOFF), failures, reason, failedAt: this.clock.now() });
      this.logger.warn({ organization: org, url: hook.url, failures, err: reason }, 'webhook delivery failed; retrying');
    } finally {
      // A release that fails leaves the lease to lapse by itself, after LEASE_MS.
      await this.store.leases.release(org, LEASE, this.holder).catch(() => undefined);
      this.busy.delete(org);
    }
  }
}
