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
}

/** A provider's transient refusals (throughput, an outage): from half a second, doubling, up to five minutes. */
const BACKOFF: Backoff = { baseMs: 500, maxMs: 5 * 60_000 };
const PACE_MARGIN = 0.97;
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
  private readonly nextSlot = new Map<string, number>();
  /** Sends waiting for their paced slot, released at once when the worker stops. */
  private readonly pacing = new Set<() => void>();
  /** Sends under way; stopping waits for their answers, so that each is recorded. */
  private readonly tasks = new Set<Promise<void>>();
  private cancelPoll: (() => void) | null = null;
  private pumping = false;
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

  start(): void {
    this.store.sends.recoverInterrupted(this.clock.now(), this.graceMs);
    this.wake();
  }

  /** Starts nothing more, puts the sends still waiting for their slot back, and waits for the answers under way. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.cancelPoll?.();
    for (const release of [...this.pacing]) release();
    await Promise.allSettled([...this.tasks]);
  }

  /** Something was queued, became due or finished: start every send that may start now. */
  wake(): void {
    if (this.stopped || this.pumping) return;
    this.pumping = true;
    try {
      for (const channelId of this.store.sends.dueChannels(this.clock.now())) this.startDue(channelId);
    } catch (error) {
      this.logger.error({ err: error }, 'sending failed; the queue is tried again shortly');
    } finally {
      this.pumping = false;
    }
    this.schedule();
  }

  /**
   * After a pass every channel is either full or has nothing due; a full channel is woken by
   * its next finished send, so only a send due later needs the timer.
   */
  private schedule(): void {
    if (this.stopped) return;
    this.cancelPoll?.();
    const now = this.clock.now();
    const next = this.store.sends.nextDueAfter(now);
    const poll = this.options.pollMs ?? 1000;
    this.cancelPoll = this.timers.after(next === null ? poll : Math.min(poll, next - now), () => this.wake());
  }

  private startDue(channelId: string | null): void {
    const found = this.channels.lookup(channelId);
    if (!found.ok) {
      for (let batch = UNSENDABLE_BATCH; batch === UNSENDABLE_BATCH; ) {
        const due = this.store.sends.due(this.clock.now(), channelId, UNSENDABLE_BATCH);
        for (const send of due) {
          if (this.store.sends.claim(send.messageId)) this.finish(send.organizationId, send.messageId, { code: null, reason: found.reason });
        }
        batch = due.length;
      }
      return;
    }
    const id = found.record.id;
    const free = (this.options.concurrency ?? 16) - (this.inFlight.get(id) ?? 0);
    if (free <= 0) return;
    for (const send of this.store.sends.due(this.clock.now(), id, free)) {
      if (!this.store.sends.claim(send.messageId)) continue;
      this.inFlight.set(id, (this.inFlight.get(id) ?? 0) + 1);
      const task = this.sendOne(found.adapter, id, send)
        .catch((error: unknown) => {
          this.logger.error({ err: error, messageId: send.messageId }, 'a send failed unexpectedly; it waits for a status report, then is tried again');
          try {
            this.store.sends.retryAt(send.messageId, this.clock.now() + this.graceMs, 'failed unexpectedly');
          } catch (again: unknown) {
            // The store itself fails: the send stays under way and is settled at the next start, like a crash's.
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

  private async sendOne(channel: Channel, channelId: string, send: DueSend): Promise<void> {
    const { messageId, organizationId } = send;
    // A send is stamped as it leaves, but counted by the provider as it arrives: keep a margin.
    await this.pace(channelId, Math.floor(channel.ratePerSecond * PACE_MARGIN));
    if (this.stopped) {
      // Released from its slot by stop(): it never left, so it is due again at once.
      this.store.sends.retryAt(messageId, this.clock.now(), 'the backend stopped before sending it');
      return;
    }
    const message = this.store.messages.get(messageId)!;
    const conversation = this.store.conversations.get(organizationId, message.conversation)!;
    const to = this.store.contacts.get(organizationId, conversation.contact)!.profile.telephone!;
    const template = message.template && this.store.templates.find(organizationId, message.template.name, message.template.language);
    // Its values were checked when it was queued; a sync or an edit since may have changed what the template takes.
    if (message.template) {
      const changed = template ? valueMismatches(template, message.template) : [];
      if (!template || changed.length) {
        const why = template ? `it now ${changed.map(mismatchWords).join('; it ')}` : 'it was deleted';
        this.finish(organizationId, messageId, { code: null, reason: `The template "${message.template.name}" changed after this message was queued (${why}); send it again.` });
        return;
      }
    }
    const result = await this.answer(channel, { id: messageId, to, text: message.text, template: message.template, buttons: template ? template.buttons : [] });
    const now = this.clock.now();
    switch (result.kind) {
      case 'accepted':
        this.store.write(organizationId, now, (emit) => {
          this.store.messages.setProviderId(messageId, result.providerId, now);
          this.conversations.updateStatus(messageId, 'accepted', null, emit);
          this.store.sends.done(messageId);
        });
        break;
      case 'retry':
        // `attempts` counts the tries before this one, which failed too.
        this.store.sends.retryAt(messageId, now + (result.afterMs ?? retryDelay(send.attempts + 1, BACKOFF)), result.reason);
        break;
      case 'unknown':
        this.store.sends.retryAt(messageId, now + this.graceMs, result.reason);
        break;
      case 'failed':
        this.finish(organizationId, messageId, { code: result.code, reason: result.reason });
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

  private finish(organizationId: string, messageId: string, failure: { code: number | null; reason: string }): void {
    this.store.write(organizationId, this.clock.now(), (emit) => {
      this.conversations.updateStatus(messageId, 'failed', failure, emit);
      this.store.sends.done(messageId);
    });
  }

  /**
   * Keeps each channel under its per-second limit by spacing sends evenly, one every 1/rate
   * seconds: a burst could bunch up on arrival and cross the provider's window even when the
   * sender counted right.
   */
  private async pace(channelId: string, ratePerSecond: number): Promise<void> {
    const now = this.timers.now();
    const slot = Math.max(now, this.nextSlot.get(channelId) ?? 0);
    this.nextSlot.set(channelId, slot + 1000 / ratePerSecond);
    if (slot <= now) return;
    await new Promise<void>((resolve) => {
      const release = () => {
        cancel();
        this.pacing.delete(release);
        resolve();
      };
      const cancel = this.timers.after(slot - now, release);
      this.pacing.add(release);
    });
  }
}
