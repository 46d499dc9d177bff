import { mismatchWords, valueMismatches } from '../../domain/template-values';
import { retryDelay, type Backoff } from '../../domain/retry-delay';
import type { Clock } from '../../ports/clock';
import type { Logger } from '../../ports/logger';
import type { Timers } from '../../ports/timers';
import type { ConversationService } from '../conversations/conversation-service';
import type { BackendStore } from '../store/backend-store';
import type { DueSend } from '../store/sends-repo';
import { systemTimers } from '../../node/system-timers';
import type { Channel, OutboundMessage, SendResult } from './channel';
import type { ChannelRegistry } from './channel-registry';
import type { BackendMetrics } from '../operations/metrics';

export interface SendWorkerOptions {
  /**
   * How long to wait for a status report of a send whose answer was lost (a crash, a timeout)
   * before sending it again.
   */
  interruptedGraceMs?: number;
  /** How often to look for sends that became due while nothing woke the worker. */
  pollMs?: number;
  /** How long a send waits for its channel's answer before the answer counts as lost. */
  sendTimeoutMs?: number;
  /** Sends under way at once per channel: one slow answer holds up only its own slot. */
  concurrency?: number;
  timers?: Timers;
  /** Counts sends by the channel's answer. */
  metrics?: Pick<BackendMetrics, 'sends'>;
}

/** A provider's transient refusals (throughput, an outage): from half a second, doubling, up to five minutes. */
const BACKOFF: Backoff = { baseMs: 500, maxMs: 5 * 60_000 };
const PACE_MARGIN = 0.97;
/**
 * Added to every claim beyond the answer's timeout and the status report's grace, so that a
 * claim cannot lapse (and another process send again) while its holder records an answer
 * that came at the last moment, whatever grace is configured.
 */
const CLAIM_MARGIN_MS = 5000;
/** Sends of a channel that cannot send (removed, or none), failed per query. */
const UNSENDABLE_BATCH = 50;

/**
 * Drains the durable send queue. Each channel (one organisation's number, by its id) has up to `concurrency` sends under way at once,
 * started at the channel's pace, so a provider slow to answer one message does not hold up
 * the others. What the channel answers is recorded; a transient refusal is retried after the
 * product's one retry delay (doubling, with jitter).
 *
 * Nothing is delivered twice by the worker: WhatsApp has no idempotency key, so a send whose
 * answer is lost (a crash, or no answer within `sendTimeoutMs`) may or may not have been taken.
 * Such a send waits `interruptedGraceMs` for the channel's status report, which names our
 * message and settles it (see ChannelReports), and only then is it sent again.
 */
export class SendWorker {
  private readonly timers: Timers;
  /** Per channel id: two numbers of one organisation, or of two, each keep their own provider limit. */
  private readonly inFlight = new Map<string, number>();
  /** Sends waiting for their paced slot, released at once when the worker stops. */
  private readonly pacing = new Set<() => void>();
  /** Sends under way; stopping waits for their answers, so that each is recorded. */
  private readonly tasks = new Set<Promise<void>>();
  private cancelPoll: (() => void) | null = null;
  /** The pass under way, and whether another was asked for meanwhile. */
  private pass: Promise<void> | null = null;
  private again = false;
  private stopped = false;

  constructor(
    private readonly store: BackendStore,
    private readonly conversations: ConversationService,
    private readonly channels: ChannelRegistry,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly options: SendWorkerOptions = {},
  ) {
    this.timers = options.timers ?? systemTimers;
  }

  private get graceMs(): number {
    return this.options.interruptedGraceMs ?? 30_000;
  }

  private get timeoutMs(): number {
    return this.options.sendTimeoutMs ?? 15_000;
  }

  start(): void {
    this.wake();
  }

  /** Starts nothing more, puts the sends still waiting for their slot back, and waits for the answers under way. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.cancelPoll?.();
    // A pass under way may yet claim sends and start them: only once it is over are all its sends known.
    await Promise.allSettled([this.pass]);
    for (const release of [...this.pacing]) release();
    await Promise.allSettled([...this.tasks]);
  }

  /** Something was queued, became due or finished: start every send that may start now. */
  wake(): void {
    if (this.stopped) return;
    if (this.pass) {
      this.again = true;
      return;
    }
    this.pass = this.pump().finally(() => {
      this.pass = null;
      if (this.again) {
        this.again = false;
        this.wake();
      }
    });
  }

  private async pump(): Promise<void> {
    try {
      const now = this.clock.now();
      // A claim lapses only when its process never settled it (it died mid-send): the send is due again.
      await this.store.sends.recoverLapsed(now);
      for (const channelId of await this.store.sends.dueChannels(now)) await this.startDue(channelId);
    } catch (error) {
      this.logger.error({ err: error }, 'sending failed; the queue is tried again shortly');
    }
    await this.schedule().catch((error: unknown) => this.logger.error({ err: error }, 'the next send could not be looked up; the queue is polled'));
  }

  /**
   * After a pass every channel is either full or has nothing due; a full channel is woken by
   * its next finished send, so only a send due later needs the timer.
   */
  private async schedule(): Promise<void> {
    if (this.stopped) return;
    const poll = this.options.pollMs ?? 1000;
    this.cancelPoll?.();
    this.cancelPoll = this.timers.after(poll, () => this.wake());
    const now = this.clock.now();
    const next = await this.store.sends.nextDueAfter(now);
    if (next !== null && next - now < poll && !this.stopped) {
      this.cancelPoll();
      this.cancelPoll = this.timers.after(next - now, () => this.wake());
    }
  }

  /**
   * A send is claimed for as long as its answer may take and its status report may follow; a
   * process that dies meanwhile leaves it to whichever process finds the claim lapsed.
   */
  private claimedUntil(now: number): number {
    return now + this.timeoutMs + this.graceMs + CLAIM_MARGIN_MS;
  }

  private async startDue(channelId: string | null): Promise<void> {
    if (this.stopped) return;
    const found = await this.channels.lookup(channelId);
    if (!found.ok) {
      for (let batch = UNSENDABLE_BATCH; batch === UNSENDABLE_BATCH; ) {
        const now = this.clock.now();
        const claimed = await this.store.sends.claimDue(now, channelId, UNSENDABLE_BATCH, this.claimedUntil(now));
        for (const send of claimed) await this.finish(send.organizationId, send.messageId, { code: null, reason: found.reason });
        batch = claimed.length;
      }
      return;
    }
    const id = found.record.id;
    const free = (this.options.concurrency ?? 16) - (this.inFlight.get(id) ?? 0);
    if (free <= 0) return;
    const now = this.clock.now();
    for (const send of await this.store.sends.claimDue(now, id, free, this.claimedUntil(now))) {
      this.inFlight.set(id, (this.inFlight.get(id) ?? 0) + 1);
      // The claim as it stands (renewed as the send leaves): what puts the send back is only this claim's.
      const claim = { until: send.claimedUntil };
      const task = this.sendOne(found.adapter, id, send, claim)
        .catch(async (error: unknown) => {
          this.logger.error({ err: error, messageId: send.messageId }, 'a send failed unexpectedly; it waits for a status report, then is tried again');
          try {
            await this.store.sends.retryAt(send.messageId, claim.until, this.clock.now() + this.graceMs, 'failed unexpectedly');
          } catch (again: unknown) {
            // The store itself fails: the send stays claimed, and is settled when its claim lapses, like a crash's.
            this.logger.error({ err: again, messageId: send.messageId }, 'a failed send could not be put back in the queue');
          }
        })
        .finally(() => {
          this.tasks.delete(task);
          this.inFlight.set(id, this.inFlight.get(id)! - 1);
          this.wake();
        });
      this.tasks.add(task);
    }
  }

  private async sendOne(channel: Channel, channelId: string, send: DueSend, claim: { until: number }): Promise<void> {
    const { messageId, organizationId } = send;
    // A send is stamped as it leaves, but counted by the provider as it arrives: keep a margin.
    await this.pace(channelId, Math.floor(channel.ratePerSecond * PACE_MARGIN));
    if (this.stopped) {
      // Released from its slot by stop(): it never left, so it is due again at once.
      await this.store.sends.retryAt(messageId, claim.until, this.clock.now(), 'the backend stopped before sending it');
      return;
    }
    // The wait for a slot may have outlasted the claim, and another process taken the send over: then it is that one's.
    const renewed = this.claimedUntil(this.clock.now());
    if (!(await this.store.sends.renewClaim(messageId, claim.until, renewed))) return;
    claim.until = renewed;
    const message = (await this.store.messages.get(messageId))!;
    const conversation = (await this.store.conversations.get(organizationId, message.conversation))!;
    const to = (await this.store.contacts.get(organizationId, conversation.contact))!.profile.telephone!;
    const template = message.template && (await this.store.templates.find(organizationId, message.template.name, message.template.language));
    // Its values were checked when it was queued; a sync or an edit since may have changed what the template takes.
    if (message.template) {
      const changed = template ? valueMismatches(template, message.template) : [];
      if (!template || changed.length) {
        const why = template ? `it now ${changed.map(mismatchWords).join('; it ')}` : 'it was deleted';
        await this.finish(organizationId, messageId, { code: null, reason: `The template "${message.template.name}" changed after this message was queued (${why}); send it again.` });
        return;
      }
    }
    const result = await this.answer(channel, { id: messageId, to, text: message.text, template: message.template, buttons: template ? template.buttons : [] });
    const now = this.clock.now();
    this.options.metrics?.sends.inc({ status: result.kind });
    switch (result.kind) {
      case 'accepted':
        await this.store.write(organizationId, now, async (emit) => {
          await this.store.messages.setProviderId(messageId, result.providerId, now);
          await this.conversations.updateStatus(messageId, 'accepted', null, emit);
          await this.store.sends.done(messageId);
        });
        break;
      case 'retry':
        // `attempts` counts the tries before this one, which failed too.
        await this.store.sends.retryAt(messageId, claim.until, now + (result.afterMs ?? retryDelay(send.attempts + 1, BACKOFF)), result.reason);
        break;
      case 'unknown':
        await this.store.sends.retryAt(messageId, claim.until, now + this.graceMs, result.reason);
        break;
      case 'failed':
        await this.finish(organizationId, messageId, { code: result.code, reason: result.reason });
    }
  }

  /** The channel's answer, or `unknown` when none came within the timeout (the request is then aborted). */
  private answer(channel: Channel, message: OutboundMessage): Promise<SendResult> {
    const timeoutMs = this.options.sendTimeoutMs ?? 15_000;
    const request = new AbortController();
    return new Promise<SendResult>((resolve) => {
      const cancel = this.timers.after(timeoutMs, () => {
        resolve({ kind: 'unknown', reason: `No answer within ${timeoutMs / 1000} s.` });
        request.abort();
      });
      // A channel that does not stop at the abort answers into a promise already settled.
      channel.send(message, request.signal).then(
        (result) => {
          cancel();
          resolve(result);
        },
        (error: unknown) => {
          cancel();
          resolve({ kind: 'unknown', reason: `The channel failed: ${(error as Error).message}` });
        },
      );
    });
  }

  private async finish(organizationId: string, messageId: string, failure: { code: number | null; reason: string }): Promise<void> {
    await this.store.write(organizationId, this.clock.now(), async (emit) => {
      await this.conversations.updateStatus(messageId, 'failed', failure, emit);
      await this.store.sends.done(messageId);
    });
  }

  /**
   * Keeps each channel under its per-second limit by spacing sends evenly, one every 1/rate
   * seconds: a burst could bunch up on arrival and cross the provider's window even when the
   * sender counted right. The slots are taken from the store, so every process sending for
   * the number keeps to the one limit. A send that missed its slot by more than half a slot
   * (this process was held up) takes the next free one, so that late sends do not leave together.
   */
  private async pace(channelId: string, ratePerSecond: number): Promise<void> {
    const interval = 1000 / ratePerSecond;
    for (;;) {
      const now = this.clock.now();
      const slot = await this.store.sends.reserveSlot(channelId, now, interval);
      if (slot > now) await this.waitUntil(slot - now);
      if (this.stopped || this.clock.now() - slot <= interval / 2) return;
    }
  }

  private waitUntil(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const release = () => {
        cancel();
        this.pacing.delete(release);
        resolve();
      };
      const cancel = this.timers.after(ms, release);
      this.pacing.add(release);
    });
  }
}
