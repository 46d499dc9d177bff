import type { z } from 'zod';
import {
  TwilioInboundSchema,
  TwilioStatusSchema,
  WhatsAppInboundSchema,
  WhatsAppMessagesValueSchema,
  WhatsAppStatusSchema,
  type RejectedWebhook,
  type WhatsAppInbound,
  type WhatsAppStatus,
} from '../../api/v2/channel-webhooks';
import { FIELD_LIMITS } from '../../api/limits';
import type { Touchpoint } from '../../api/v2/message';
import { normalisePhone } from '../../domain/phone';
import { providerInstant } from '../../domain/provider-time';
import { whatsappError } from '../../domain/whatsapp-errors';
import type { Clock } from '../../ports/clock';
import type { Logger } from '../../ports/logger';
import type { ConversationService } from '../conversations/conversation-service';
import type { BackendStore } from '../store/backend-store';
import { smsStatus } from './twilio-sms';

/** Whose channel a delivery came in on: the stored channel of the number, and its organisation. */
export interface ChannelOwner {
  organizationId: string;
  channelId: string;
}

/** One change of Meta's delivery, routed to the channel of the number (or business account) it names. */
export interface RoutedChange {
  owner: ChannelOwner;
  /** The WhatsApp Business Account the change is of (`entry.id`). */
  businessAccountId: string;
  change: { field: string; value: unknown };
}

/**
 * Where a template's review status goes (the Content Library): null when applied, else why it
 * could not be used, recorded as rejected.
 */
export interface TemplateStatusSink {
  apply(account: { organizationId: string; businessAccountId: string }, value: unknown): Promise<string | null>;
}

/**
 * `applied`: everything usable was stored and the rest recorded as rejected; acknowledge it.
 * `later`: a failure arrived for a send whose answer is still on its way, so it cannot yet be
 * told apart from the failure of an earlier attempt; nothing was stored, ask for it again.
 */
export type ReportOutcome = 'applied' | 'later';

type Step = () => Promise<void>;

function issues(error: z.ZodError): string {
  return error.issues.map((i) => (i.path.length ? `${i.path.join('.')} ${i.message}` : i.message)).join('; ');
}

/** What the text of an inbound message is, whatever kind of reply it was. */
export function inboundText(message: WhatsAppInbound): string {
  return message.text?.body ?? message.button?.text ?? message.interactive?.button_reply?.title ?? `[${message.type}]`;
}

/**
 * What the channels report after a signature proved the provider sent it: customers' messages
 * and the statuses of ours. A report changes only a message of the organisation and channel
 * it came in on. What cannot be used (a timestamp that is no time, a sender that is no phone
 * number, a shape we do not know, a status of someone else's message) is recorded as rejected
 * with its reason, and still acknowledged: the provider would otherwise send it again forever.
 */
export class ChannelReports {
  constructor(
    private readonly store: BackendStore,
    private readonly conversations: ConversationService,
    private readonly clock: Clock,
    private readonly logger: Logger,
    /** Country for numbers without a country code. */
    private readonly country: string,
    /** The Content Library's review statuses; null: template status changes are recorded as rejected. */
    private readonly templateStatus: TemplateStatusSink | null,
  ) {}

  /**
   * The changes of one delivery of Meta's webhook whose channels' secrets signed it, each with
   * its channel. Each item is judged before anything is stored, so that a delivery asked for
   * again (`later`) is not half applied twice.
   */
  async whatsapp(changes: RoutedChange[]): Promise<ReportOutcome> {
    const steps: Step[] = [];
    let later = false;
    for (const { owner, businessAccountId, change } of changes) {
      const reject = (reason: string, item: unknown) => steps.push(() => this.reject(owner, 'whatsapp', reason, JSON.stringify(item)));
      if (change.field === 'message_template_status_update') {
        const sink = this.templateStatus;
        steps.push(async () => {
          const refused = sink ? await sink.apply({ organizationId: owner.organizationId, businessAccountId }, change.value) : 'Template status changes are not taken by this backend.';
          if (refused !== null) await this.reject(owner, 'whatsapp', refused, JSON.stringify(change));
        });
        continue;
      }
      if (change.field !== 'messages') {
        reject(`Changes of field "${change.field}" are not taken by this backend.`, change);
        continue;
      }
      const value = WhatsAppMessagesValueSchema.safeParse(change.value);
      if (!value.success) {
        reject(`Not a messages change: ${issues(value.error)}.`, change);
        continue;
      }
      const names = new Map<string, string | null>();
      for (const contact of value.data.contacts ?? []) {
        const name = contact.profile?.name ?? null;
        // A name over the limit every other boundary keeps is not taken (nor cut): the
        // customer's messages still count, and the contact waits for a name from the dealer.
        if (name !== null && name.length > FIELD_LIMITS.customerName) {
          reject(`The profile name of ${contact.wa_id} is longer than ${FIELD_LIMITS.customerName} characters: the messages are kept, the name is not.`, contact);
          names.set(contact.wa_id, null);
        } else {
          names.set(contact.wa_id, name);
        }
      }
      for (const raw of value.data.messages ?? []) steps.push(this.whatsappInbound(owner, raw, names));
      for (const raw of value.data.statuses ?? []) {
        const step = await this.whatsappStatus(owner, raw);
        if (step === 'later') later = true;
        else steps.push(step);
      }
    }
    if (later) return 'later';
    for (const step of steps) await step();
    return 'applied';
  }

  private whatsappInbound(owner: ChannelOwner, raw: unknown, names: Map<string, string | null>): Step {
    const parsed = WhatsAppInboundSchema.safeParse(raw);
    const now = this.clock.now();
    const refuse = (reason: string): Step => () => this.reject(owner, 'whatsapp', reason, JSON.stringify(raw));
    if (!parsed.success) return refuse(`Not a customer's message: ${issues(parsed.error)}.`);
    const m = parsed.data;
    const at = providerInstant(m.timestamp, now);
    if (!at.ok) return refuse(`Message ${m.id}: ${at.reason}.`);
    const phone = normalisePhone(`+${m.from}`, this.country);
    if (!phone.ok) return refuse(`Message ${m.id}: the sender ${phone.reason}.`);
    return () =>
      this.conversations.receive(
        owner.organizationId,
        { id: owner.channelId, touchpoint: 'whatsapp' },
        phone.e164,
        names.get(m.from) ?? null,
        m.id,
        inboundText(m),
        at.at,
        // A quick-reply button means what its payload says (an opt-out button opts out), whatever its words.
        m.button?.payload ?? m.interactive?.button_reply?.id ?? null,
      );
  }

  private async whatsappStatus(owner: ChannelOwner, raw: unknown): Promise<Step | 'later'> {
    const parsed = WhatsAppStatusSchema.safeParse(raw);
    const refuse = (reason: string): Step => () => this.reject(owner, 'whatsapp', reason, JSON.stringify(raw));
    if (!parsed.success) return refuse(`Not a message status: ${issues(parsed.error)}.`);
    const s = parsed.data;
    const at = providerInstant(s.timestamp, this.clock.now());
    if (!at.ok) return refuse(`Status of ${s.id}: ${at.reason}.`);
    const failure = failureOf(s);

    // Only among this channel's messages: a report on one number never moves another's message.
    const named = await this.store.messages.byProviderId(owner.channelId, s.id);
    if (named) {
      // It names the send's own WhatsApp id: whatever it says, it is about this message.
      return () => this.conversations.reportStatus(named.id, s.id, s.status, failure);
    }
    // Not known by its WhatsApp id yet: the answer to its send was lost (a crash, a timeout)
    // or is still on its way. The id we sent along (biz_opaque_callback_data) says which message.
    const ours = s.biz_opaque_callback_data ? await this.ownMessage(owner, 'whatsapp', s.biz_opaque_callback_data) : undefined;
    if (!ours) return refuse(`No WhatsApp message sent through this number has the id ${s.id}.`);
    if (s.status !== 'failed') {
      // Sent, delivered or read proves WhatsApp has the message: it is not sent again.
      return () => this.conversations.reportStatus(ours, s.id, s.status, failure);
    }
    // A failure is of one attempt. The send is cancelled only by a failure of its own attempt,
    // known by its WhatsApp id; a failure of an attempt whose answer never came is not that.
    if ((await this.store.sends.stateOf(ours)) === 'sending') return 'later';
    return refuse(
      `WhatsApp reported ${s.id} failed, which is not the current send of message ${ours}: the message is not marked failed and its send goes on.`,
    );
  }

  /** Twilio's status callback for one of our SMS messages. */
  /** `messageId`: ours, from the callback's address (see TwilioSms), for a status that comes before the send's answer was stored. */
  async smsStatus(owner: ChannelOwner, body: unknown, messageId: string | null = null): Promise<void> {
    const parsed = TwilioStatusSchema.safeParse(body);
    if (!parsed.success) {
      await this.reject(owner, 'sms', `Not an SMS status: ${issues(parsed.error)}.`, JSON.stringify(body));
      return;
    }
    const report = parsed.data;
    const status = smsStatus(report.MessageStatus);
    if (!status) {
      await this.reject(owner, 'sms', `SMS status "${report.MessageStatus}" is not one this backend follows.`, JSON.stringify(body));
      return;
    }
    const known = await this.store.messages.byProviderId(owner.channelId, report.MessageSid);
    // Not known by the provider's id yet: the answer to its send is still on its way (or was lost), and the callback names ours.
    const ours = known?.id ?? (messageId ? await this.ownMessage(owner, 'sms', messageId) : undefined);
    if (!ours) {
      await this.reject(owner, 'sms', `No SMS message sent from this number has the id ${report.MessageSid}.`, JSON.stringify(body));
      return;
    }
    const failure =
      status === 'failed'
        ? { code: report.ErrorCode ? Number(report.ErrorCode) : null, reason: `The SMS was not delivered${report.ErrorMessage ? `: ${report.ErrorMessage}` : ''}.` }
        : null;
    await this.conversations.reportStatus(ours, report.MessageSid, status, failure);
  }

  /** A customer's SMS. */
  async smsInbound(owner: ChannelOwner, body: unknown): Promise<void> {
    const parsed = TwilioInboundSchema.safeParse(body);
    if (!parsed.success) {
      await this.reject(owner, 'sms', `Not an inbound SMS: ${issues(parsed.error)}.`, JSON.stringify(body));
      return;
    }
    const inbound = parsed.data;
    const phone = normalisePhone(inbound.From, this.country);
    if (!phone.ok) {
      await this.reject(owner, 'sms', `SMS ${inbound.MessageSid}: the sender ${phone.reason}.`, JSON.stringify(body));
      return;
    }
    await this.conversations.receive(owner.organizationId, { id: owner.channelId, touchpoint: 'sms' }, phone.e164, null, inbound.MessageSid, inbound.Body, this.clock.now());
  }

  /**
   * A signed delivery for a number a manager removed from the channels: nothing of it is
   * applied (nobody answers through that number any more), but its organisation sees in its
   * rejected webhooks that a customer wrote to it, and when the number was removed.
   */
  async forRemovedNumber(owner: ChannelOwner, channel: RejectedWebhook['channel'], number: string, removedAt: number, payload: string): Promise<void> {
    const when = new Date(removedAt).toISOString().slice(0, 16).replace('T', ' ');
    await this.reject(owner, channel, `A delivery for number ${number}, removed from the channels on ${when} UTC: not applied; add the number again in Settings → Channels to receive its messages.`, payload);
  }

  /** Our outbound message that left through this channel, by our own id. */
  private async ownMessage(owner: ChannelOwner, touchpoint: Touchpoint, messageId: string): Promise<string | undefined> {
    const message = await this.store.messages.get(messageId);
    const outbound = message && message.touchpoint === touchpoint && (message.role === 'agent' || message.role === 'bot');
    return outbound && (await this.store.messages.channelOf(messageId)) === owner.channelId ? messageId : undefined;
  }

  private async reject(owner: ChannelOwner, channel: RejectedWebhook['channel'], reason: string, payload: string): Promise<void> {
    this.logger.warn({ channel, organizationId: owner.organizationId, channelId: owner.channelId, reason }, 'a signed webhook could not be used; recorded as rejected');
    await this.store.rejectedWebhooks.record(owner.organizationId, channel, reason, payload, this.clock.now());
  }
}

function failureOf(s: WhatsAppStatus): { code: number | null; reason: string } | null {
  const error = s.errors?.[0];
  if (s.status !== 'failed') return null;
  return error ? { code: error.code, reason: whatsappError(error.code, error.message ?? error.title).reason } : { code: null, reason: 'WhatsApp did not deliver the message.' };
}
