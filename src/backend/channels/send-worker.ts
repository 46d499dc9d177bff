import type { Touchpoint } from '../../api/v2/message';
import type { Clock } from '../../ports/clock';
import type { Logger } from '../../ports/logger';
import type { ConversationService } from '../conversations/conversation-service';
import type { BackendStore } from '../store/backend-store';
import type { Channel } from './channel';

export interface SendWorkerOptions {
  /** How long to wait for a status report of a send that a crash interrupted before sending it again. */
  interruptedGraceMs?: number;
  /** How often to look for sends that became due while nothing woke the worker. */
  pollMs?: number;
}

const MAX_BACKOFF_MS = 5 * 60_000;
const PACE_MARGIN = 0.97;

/**
 * Drains the durable send queue: claims each due message, hands it to its channel at the
 * channel's pace, and records what the channel answered. Transient refusals are retried with
 * exponential backoff and jitter; nothing is sent twice by the worker itself.
 */
export class SendWorker {
  private running = false;
  private again = false;
  private timer: NodeJS.Timeout | null = null;
  private readonly nextSlot = new Map<Touchpoint, number>();
  private stopped = false;

  constructor(
    private readonly store: BackendStore,
    private readonly conversations: ConversationService,
    private readonly channels: Partial<Record<Touchpoint, Channel>>,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly options: SendWorkerOptions = {},
  ) {}

  start(): void {
    this.store.sends.recoverInterrupted(this.clock.now(), this.options.interruptedGraceMs ?? 30_000);
    this.wake();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
  }

  /** Something was queued or became due: drain now (or right after the current run). */
  wake(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = true;
    void this.drain()
      .catch((error: unknown) => this.logger.error({ err: error }, 'sending failed; the queue is tried again shortly'))
      .finally(() => {
      this.running = false;
      if (this.again) {
        this.again = false;
        this.wake();
      } else this.schedule();
    });
  }

  private schedule(): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    const next = this.store.sends.nextDueAt();
    const poll = this.options.pollMs ?? 1000;
    const delay = next === null ? poll : Math.min(poll, Math.max(0, next - this.clock.now()));
    this.timer = setTimeout(() => this.wake(), delay);
    this.timer.unref();
  }

  private async drain(): Promise<void> {
    for (;;) {
      const due = this.store.sends.due(this.clock.now(), 50);
      if (due.length === 0 || this.stopped) return;
      await Promise.all(due.map((send) => this.sendOne(send.messageId, send.attempts)));
    }
  }

  private async sendOne(messageId: string, attempts: number): Promise<void> {
    const message = this.store.messages.get(messageId)!;
    const touchpoint = message.touchpoint as Touchpoint;
    const channel = this.channels[touchpoint];
    const organizationId = this.store.messages.organizationOf(messageId)!;
    if (!this.store.sends.claim(messageId)) return;
    if (!channel) {
      this.finish(organizationId, messageId, { code: null, reason: `No ${touchpoint} channel is configured.` });
      return;
    }
    // A send is stamped as it leaves, but counted by the provider as it arrives: keep a margin.
    await this.pace(touchpoint, Math.floor(channel.ratePerSecond * PACE_MARGIN));
    const conversation = this.store.conversations.get(organizationId, message.conversation)!;
    const to = this.store.contacts.get(organizationId, conversation.contact)!.profile.telephone!;
    const template = message.template && this.store.templates.find(organizationId, message.template.name, message.template.language);
    const quickReplies = template ? template.buttons.map((b) => b.payload) : [];
    const result = await channel.send({ id: messageId, to, text: message.text, template: message.template, quickReplies });
    const now = this.clock.now();
    if (result.kind === 'accepted') {
      this.store.write(organizationId, now, (emit) => {
        this.store.messages.setProviderId(messageId, result.providerId, now);
        this.conversations.updateStatus(messageId, 'accepted', null, emit);
        this.store.sends.done(messageId);
      });
    } else if (result.kind === 'retry') {
      const backoff = Math.min(MAX_BACKOFF_MS, 500 * 2 ** attempts);
      const jitter = Math.random() * backoff * 0.2;
      this.store.sends.retryAt(messageId, Math.round(now + (result.afterMs ?? backoff + jitter)), result.reason);
    } else {
      this.finish(organizationId, messageId, { code: result.code, reason: result.reason });
    }
  }

  private finish(organizationId: string, messageId: string, failure: { code: number | null; reason: string }): void {
    this.store.write(organizationId, this.clock.now(), (emit) => {
      this.conversations.updateStatus(messageId, 'failed', failure, emit);
      this.store.sends.done(messageId);
    });
  }

  /**
   * Keeps each channel under its per-second limit by spacing sends evenly, one every 1/rate
   * seconds of real time (the provider's): a burst could bunch up on arrival and cross its
   * window even when the sender counted right.
   */
  private async pace(touchpoint: Touchpoint, ratePerSecond: number): Promise<void> {
    const now = Date.now();
    const slot = Math.max(now, this.nextSlot.get(touchpoint) ?? 0);
    this.nextSlot.set(touchpoint, slot + 1000 / ratePerSecond);
    if (slot > now) await new Promise((resolve) => setTimeout(resolve, slot - now));
  }
}
