import type { WaTemplate } from '../../api/v2/template';
import { randomUUID } from 'node:crypto';
import { ApiFailure } from '../../api/envelope';
import type { Author } from '../../api/v2/auth';
import type { Contact, ProfileInput } from '../../api/v2/contact';
import type { Conversation } from '../../api/v2/conversation';
import type { Message, MessagePage, MessageStatus, SendMessageInput, TemplateUse, Touchpoint } from '../../api/v2/message';
import { encodeCursor, type ListPosition } from '../../api/v2/paging';
import type { Clock } from '../../ports/clock';
import { nextStatus } from '../../domain/message-status';
import { normalisePhone } from '../../domain/phone';
import { formText } from '../../domain/appointment-form';
import { filledTemplateText, valueRefusal } from '../../domain/template-values';
import { isWindowOpen, windowOpenUntil } from '../../domain/whatsapp-window';
import { authorOf, type Principal } from '../access/principal';
import { allows, refusalReason } from '../access/permissions';
import type { BackendStore, Emit } from '../store/backend-store';
import type { ContactFields } from '../store/contacts-repo';
import { applyOptOut, refuseOptedOut } from './opt-out';

/**
 * Conversations and their messages: the rules of who may send what, when (the 24-hour
 * window, templates), and the bookkeeping of what the channels report back.
 */
export class ConversationService {
  constructor(
    private readonly store: BackendStore,
    private readonly clock: Clock,
    /** Called after a send was queued, so the worker can start at once. */
    private readonly onQueued: () => void,
    private readonly defaultCountry: string,
  ) {}

  /** The contact's one conversation, creating contact and conversation as needed (Web1on1's upsert). */
  async upsert(principal: Principal, profile: ProfileInput, inboxId: string | undefined): Promise<{ conversation: Conversation; created: boolean }> {
    const org = principal.organizationId;
    if (inboxId && !(await this.store.organizations.inbox(org, inboxId))) {
      throw new ApiFailure('NOT_FOUND', 'That inbox does not exist in your organisation.');
    }
    const fields = {
      name: profile.name || null,
      phone: this.phoneOf(profile.telephone),
      email: profile.email || null,
    };
    if (!fields.name && !fields.phone && !fields.email) {
      throw new ApiFailure('CONTACT_EMPTY', 'A contact needs a name, a phone number or an e-mail address.');
    }
    const now = this.clock.now();
    return this.store.write(org, now, async (emit) => {
      const contact = await this.contactFor(org, fields, now, emit);
      const found = await this.store.conversations.ofContact(contact.id);
      return { conversation: found ?? (await this.conversationOf(org, contact.id, inboxId ?? null, now, emit)), created: !found };
    });
  }

  /**
   * Within a write: the organisation's contact for a customer a dealer named, by the identity
   * rule (domain/contact-identity): never another person who shares the phone. A match learns
   * what it lacked (and the dealer's name over one the customer gave on a channel).
   */
  async contactFor(organizationId: string, fields: ContactFields, now: number, emit: Emit): Promise<Contact> {
    const key = fields.sourceCustomer;
    const numbered = key ? await this.store.contacts.bySourceCustomer(organizationId, key) : undefined;
    if (numbered) {
      // The source's own customer, as it describes them now.
      const updated = await this.store.contacts.update(organizationId, numbered.id, fields);
      if (updated) emit('contact.update', { contact: updated });
      return updated ?? numbered;
    }
    const existing = await this.store.contacts.match(organizationId, fields);
    if (existing) {
      if (key) await this.store.contacts.setSourceCustomer(existing.id, key);
      const adopted = await this.store.contacts.adopt(organizationId, existing.id, fields);
      if (adopted) emit('contact.update', { contact: adopted });
      return adopted ?? existing;
    }
    const contact = await this.store.contacts.create(organizationId, fields, now);
    if (key) await this.store.contacts.setSourceCustomer(contact.id, key);
    emit('contact.create', { contact });
    return contact;
  }

  /** Within a write: who wrote from this phone, or a new contact named as they named themselves. */
  private async contactOfSender(organizationId: string, phone: string, name: string | null, now: number, emit: Emit): Promise<Contact> {
    const existing = await this.store.contacts.byPhone(organizationId, phone);
    if (existing) return existing;
    const contact = await this.store.contacts.create(organizationId, { name, phone, email: null }, now, true);
    emit('contact.create', { contact });
    return contact;
  }

  /** Within a write: the contact's one conversation, created if it has none. */
  async conversationOf(organizationId: string, contactId: string, inboxId: string | null, now: number, emit: Emit): Promise<Conversation> {
    const found = await this.store.conversations.ofContact(contactId);
    if (found) return found;
    const conversation = await this.store.conversations.create(organizationId, contactId, inboxId, now);
    emit('conversation.create', { conversation });
    return conversation;
  }

  async conversation(principal: Principal, id: string): Promise<Conversation> {
    const conversation = await this.store.conversations.get(principal.organizationId, id);
    if (!conversation) throw new ApiFailure('NOT_FOUND', 'That conversation does not exist in your organisation.');
    return conversation;
  }

  /**
   * Queues a message for the customer, or stores an internal note. With an idempotency key a
   * repeated request answers the first one's message and sends nothing more; the same key on
   * a different message is refused, since answering it with the first would drop it unsaid.
   */
  async send(principal: Principal, conversationId: string, input: SendMessageInput, idempotencyKey: string | null): Promise<{ message: Message; repeated: boolean }> {
    // A comment stays among colleagues, a message reaches the customer: a desktop uploading
    // comments made standalone may do the one, only a person the other.
    const action = input.isBackchannel || input.form ? 'comments.write' : 'conversations.write';
    if (!allows(principal.role, action)) throw new ApiFailure('FORBIDDEN', refusalReason(principal.role, action));
    const org = principal.organizationId;
    const author = authorOf(principal);
    const answered = async (): Promise<Message | null> => {
      if (!idempotencyKey) return null;
      const earlier = await this.store.messages.byIdempotencyKey(org, idempotencyKey);
      if (earlier && !isRepeatOf(earlier, conversationId, input)) {
        throw new ApiFailure('IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was used for another message: send a new message with a new key.');
      }
      return earlier ?? null;
    };
    const repeat = await answered();
    if (repeat) return { message: repeat, repeated: true };
    const conversation = await this.conversation(principal, conversationId);
    const now = this.clock.now();

    // A form card is a note for colleagues too, shown in the customer stream instead of the back channel.
    if (input.isBackchannel || input.form) {
      return this.store.write(org, now, async (emit) => {
        // Asked again where the organisation's writes follow one another: a repeat that reached another process at the same moment is answered, not stored twice.
        const concurrent = await answered();
        if (concurrent) return { message: concurrent, repeated: true };
        const message = await this.store.messages.insert(
          {
            id: randomUUID(),
            organizationId: org,
            conversationId,
            role: 'agent',
            type: 'chat',
            touchpoint: 'internal',
            isBackchannel: input.isBackchannel,
            // A form's text is written from its fields (every one, none shortened), whatever came with it.
            text: input.form ? formText(input.form.fields) : input.text!,
            template: null,
            status: 'internal',
            providerId: null,
            idempotencyKey,
            author,
            form: input.form ?? null,
          },
          now,
        );
        emit('message.create', { message });
        return { message, repeated: false };
      });
    }

    const contact = (await this.store.contacts.get(org, conversation.contact))!;
    if (!contact.profile.telephone) throw new ApiFailure('NO_PHONE', 'This customer has no phone number to send to.');
    let text = input.text ?? '';
    if (input.type === 'template') {
      text = await this.templateText(org, input.template!);
      refuseOptedOut(contact, (await this.store.templates.find(org, input.template!.name, input.template!.language))!.category);
    } else if (input.touchpoint === 'whatsapp' && !isWindowOpen(conversation.lastInboundAt, now)) {
      const until = windowOpenUntil(conversation.lastInboundAt);
      throw new ApiFailure(
        'WINDOW_CLOSED',
        until === null
          ? 'The customer has not written yet: only a template can be sent on WhatsApp.'
          : `More than 24 hours since the customer last wrote (${new Date(until).toISOString()}): only a template can be sent.`,
      );
    }

    const sent = await this.store.write(org, now, async (emit) => {
      const concurrent = await answered();
      if (concurrent) return { message: concurrent, repeated: true };
      const message = await this.queue(
        org,
        conversationId,
        { type: input.type, touchpoint: input.touchpoint, text, template: input.type === 'template' ? input.template! : null, author },
        idempotencyKey,
        now,
        emit,
      );
      return { message, repeated: false };
    });
    if (!sent.repeated) this.onQueued();
    return sent;
  }

  /** What a template says with these values; refused before sending when WhatsApp would refuse it. */
  async templateText(organizationId: string, use: TemplateUse): Promise<string> {
    const template = await this.store.templates.find(organizationId, use.name, use.language);
    if (!template) throw new ApiFailure('TEMPLATE_UNKNOWN', `There is no template "${use.name}" in language ${use.language}.`);
    // Meta refuses any other (132001/132015/132016): said here, before anything is queued.
    if (template.status !== 'APPROVED') {
      throw new ApiFailure('TEMPLATE_NOT_APPROVED', `Template "${template.title}" cannot be sent: ${notApprovedBecause(template)}.`, { name: template.title, status: template.status });
    }
    // Gone from the WhatsApp account (deleted in Meta's manager, seen at a sync): Meta would refuse it (132001).
    if (template.missingSince !== null) {
      throw new ApiFailure('TEMPLATE_MISSING', `Template "${template.title}" is no longer in the WhatsApp account; a manager deletes it or makes it again.`, { name: template.title });
    }
    // Meta takes the values one for one (132000) and refuses some values themselves (132018): none is dropped or cut to fit.
    const refusal = valueRefusal(use.name, template, use);
    if (refusal) throw new ApiFailure(refusal.code, refusal.message, refusal.params);
    return filledTemplateText(template, use);
  }

  /** Within a write: a message for the customer and its send, stored together before anything is sent. */
  async queue(
    organizationId: string,
    conversationId: string,
    /** The author is the person or device that sent it; the reminder bot's messages have none. */
    m: { type: Message['type']; touchpoint: Touchpoint; text: string; template: TemplateUse | null; author?: Author | null },
    idempotencyKey: string | null,
    now: number,
    emit: Emit,
    role: 'agent' | 'bot' = 'agent',
  ): Promise<Message> {
    const channelId = await this.channelFor(organizationId, conversationId, m.touchpoint);
    if (!channelId) throw await this.noChannel(organizationId, conversationId, m.touchpoint);
    const message = await this.store.messages.insert(
      { id: randomUUID(), organizationId, conversationId, role, ...m, isBackchannel: false, status: 'queued', providerId: null, idempotencyKey, channelId },
      now,
    );
    await this.store.sends.enqueue(message.id, organizationId, now);
    emit('message.create', { message });
    return message;
  }

  /**
   * The channel a message on this touchpoint leaves through: the one the customer last wrote
   * to in this conversation while it is still a channel (a reply goes back from the number they
   * know; a number a manager removed sends nothing more), else the one a
   * manager assigned to the conversation's inbox. A conversation in no inbox takes the first
   * of its organisation's inboxes, by name, that has one. Null: nothing to send through.
   */
  async channelFor(organizationId: string, conversationId: string, touchpoint: Touchpoint): Promise<string | null> {
    const replied = await this.store.messages.lastInboundChannel(conversationId, touchpoint);
    if (replied) return replied;
    const column = touchpoint === 'whatsapp' ? 'whatsapp_channel_id' : 'sms_channel_id';
    const inboxId = (await this.store.conversations.get(organizationId, conversationId))?.inbox ?? null;
    const inbox = inboxId ? await this.store.organizations.inbox(organizationId, inboxId) : undefined;
    if (inbox) return inbox[column];
    return (await this.store.organizations.inboxes(organizationId)).find((i) => i[column] !== null)?.[column] ?? null;
  }

  /** Refused at once, not queued to fail later: the person sending learns what to do about it. */
  private async noChannel(organizationId: string, conversationId: string, touchpoint: Touchpoint): Promise<ApiFailure> {
    const inboxId = (await this.store.conversations.get(organizationId, conversationId))?.inbox ?? null;
    const inbox = inboxId ? await this.store.organizations.inbox(organizationId, inboxId) : undefined;
    const kind = touchpoint === 'sms' ? 'SMS sender' : 'WhatsApp number';
    const where = inbox ? `Inbox "${inbox.name}" has no ${kind}` : `No inbox of this organisation has a ${kind}`;
    return new ApiFailure('NO_CHANNEL', `${where}: a manager assigns one in Settings → Channels before messages can be sent by ${touchpoint === 'sms' ? 'SMS' : 'WhatsApp'}.`);
  }

  /** Wakes the sender after a write that queued messages. */
  queued(): void {
    this.onQueued();
  }

  /** A page of the conversation's messages, newest first, and the cursor of the older page. */
  async messages(principal: Principal, conversationId: string, before: ListPosition | undefined, limit: number): Promise<MessagePage> {
    await this.conversation(principal, conversationId);
    const { messages, next } = await this.store.messages.pageOfConversation(conversationId, before, limit);
    return { data: messages, next: next && encodeCursor(next) };
  }

  /** Someone opened the conversation: it stops waiting, for everyone. */
  async read(principal: Principal, conversationId: string): Promise<Conversation> {
    const conversation = await this.conversation(principal, conversationId);
    await this.store.write(principal.organizationId, this.clock.now(), async (emit) => {
      if (await this.store.conversations.read(conversationId)) emit('conversation.read', { conversation: conversationId });
    });
    return { ...conversation, waiting: false };
  }

  /**
   * A customer's message on one of the organisation's channels; a message delivered twice is
   * stored once. A new customer's conversation goes to the first inbox, by name, that has this
   * channel (none: no inbox yet).
   */
  async receive(
    organizationId: string,
    channel: { id: string; touchpoint: 'whatsapp' | 'sms' },
    from: string,
    name: string | null,
    providerId: string,
    text: string,
    at: number,
    /** The payload of the quick-reply button the customer tapped, if it was one (an opt-out button opts out). */
    buttonPayload: string | null = null,
  ): Promise<void> {
    const touchpoint = channel.touchpoint;
    const column = touchpoint === 'whatsapp' ? 'whatsapp_channel_id' : 'sms_channel_id';
    const inboxId = (await this.store.organizations.inboxes(organizationId)).find((i) => i[column] === channel.id)?.id ?? null;
    const phone = this.phoneOf(from);
    if (!phone) throw new ApiFailure('INVALID_PHONE', 'The message names no sender.');
    const now = this.clock.now();
    await this.store.write(organizationId, now, async (emit) => {
      // Asked within the write: the organisation's writes follow one another (in every process),
      // so a message delivered twice at once is still stored once.
      if (await this.store.messages.byProviderId(channel.id, providerId)) return;
      const contact = await this.contactOfSender(organizationId, phone, name, now, emit);
      const conversation = await this.conversationOf(organizationId, contact.id, inboxId, now, emit);
      await this.store.conversations.inbound(conversation.id, at);
      const message = await this.store.messages.insert(
        {
          id: randomUUID(),
          organizationId,
          conversationId: conversation.id,
          role: 'contact',
          type: 'chat',
          touchpoint,
          isBackchannel: false,
          text,
          template: null,
          status: 'received',
          providerId,
          idempotencyKey: null,
          channelId: channel.id,
        },
        now,
      );
      emit('message.create', { message });
      await applyOptOut(this.store, emit, { organizationId, contactId: contact.id, conversationId: conversation.id, text, buttonPayload }, now);
      emit('conversation.waiting', { conversation: conversation.id, lastInboundAt: at });
    });
  }

  /**
   * A channel's status report for one of our messages; it only ever moves a message forward.
   * A report also proves the channel has the message, which settles a send that a crash
   * interrupted before its answer was stored: it is not sent again.
   */
  async reportStatus(messageId: string, providerId: string, reported: MessageStatus, failure: { code: number | null; reason: string } | null): Promise<void> {
    const organizationId = await this.store.messages.organizationOf(messageId);
    if (!organizationId) return;
    const now = this.clock.now();
    await this.store.write(organizationId, now, async (emit) => {
      await this.store.messages.setProviderId(messageId, providerId, now);
      await this.store.sends.done(messageId);
      await this.updateStatus(messageId, reported, failure, emit);
    });
  }

  /** Within a write: moves the message forward and tells subscribers, if it moved. */
  async updateStatus(messageId: string, reported: MessageStatus, failure: { code: number | null; reason: string } | null, emit: Emit): Promise<void> {
    const message = (await this.store.messages.get(messageId))!;
    const status = nextStatus(message.status, reported);
    if (status === message.status) return;
    await this.store.messages.setStatus(messageId, status, status === 'failed' ? failure : null, this.clock.now());
    emit('message.status', { message: messageId, conversation: message.conversation, status, failure: status === 'failed' ? failure : null });
  }

  private phoneOf(raw: string | null | undefined): string | null {
    if (!raw) return null;
    const phone = normalisePhone(raw, this.defaultCountry);
    if (!phone.ok) throw new ApiFailure('INVALID_PHONE', phone.reason);
    return phone.e164;
  }
}

/** Whether a request is the one a message was stored for: same conversation, kind and content. */
function isRepeatOf(earlier: Message, conversationId: string, input: SendMessageInput): boolean {
  if (earlier.conversation !== conversationId || earlier.isBackchannel !== input.isBackchannel || earlier.type !== input.type) return false;
  // Notes (comments, form cards) are stored as internal, whichever touchpoint they were sent with.
  if (!input.isBackchannel && !input.form && earlier.touchpoint !== input.touchpoint) return false;
  if (input.type === 'template') {
    const [a, b] = [earlier.template, input.template];
    return (
      !!a && !!b && a.name === b.name && a.language === b.language &&
      sameValues(a.parameters, b.parameters) &&
      a.headerParameter === b.headerParameter && sameValues(a.urlParameters ?? [], b.urlParameters ?? [])
    );
  }
  return earlier.text === input.text;
}

function sameValues(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((value, i) => value === b[i]);
}

/** Why Meta would refuse sending a template that is not APPROVED, in words. */
function notApprovedBecause(t: WaTemplate): string {
  switch (t.status) {
    case 'PENDING':
      return 'Meta has not approved it yet';
    case 'REJECTED':
      return `Meta rejected it (${t.rejectionReason ?? 'no reason given'})`;
    case 'PAUSED':
      return 'Meta paused it after customers reported it';
    case 'DISABLED':
      return 'Meta disabled it';
    case 'APPROVED':
      return 'it is approved';
  }
}
