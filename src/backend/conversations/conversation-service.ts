import { randomUUID } from 'node:crypto';
import { ApiFailure } from '../../api/envelope';
import type { ProfileInput } from '../../api/v2/contact';
import type { Conversation } from '../../api/v2/conversation';
import type { Message, MessageStatus, SendMessageInput, Touchpoint } from '../../api/v2/message';
import type { Clock } from '../../ports/clock';
import { nextStatus } from '../../domain/message-status';
import { normalisePhone } from '../../domain/phone';
import { renderTemplate, templateParameterCount } from '../../domain/template-text';
import { isWindowOpen, windowOpenUntil } from '../../domain/whatsapp-window';
import type { Principal } from '../store/organizations-repo';
import type { BackendStore, Emit } from '../store/backend-store';

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
  upsert(principal: Principal, profile: ProfileInput, inboxId: string | undefined): { conversation: Conversation; created: boolean } {
    const org = principal.organizationId;
    if (inboxId && !this.store.organizations.inbox(org, inboxId)) {
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
    return this.store.write(org, now, (emit) => {
      const existing = this.store.contacts.match(org, fields);
      const contact = existing ?? this.store.contacts.create(org, fields, now);
      if (!existing) emit('contact.create', { contact });
      const found = this.store.conversations.ofContact(contact.id);
      if (found) return { conversation: found, created: false };
      const conversation = this.store.conversations.create(org, contact.id, inboxId ?? null, now);
      emit('conversation.create', { conversation });
      return { conversation, created: true };
    });
  }

  conversation(principal: Principal, id: string): Conversation {
    const conversation = this.store.conversations.get(principal.organizationId, id);
    if (!conversation) throw new ApiFailure('NOT_FOUND', 'That conversation does not exist in your organisation.');
    return conversation;
  }

  /**
   * Queues a message for the customer, or stores an internal note. With an idempotency key a
   * repeated request answers the first one's message and sends nothing more.
   */
  send(principal: Principal, conversationId: string, input: SendMessageInput, idempotencyKey: string | null): { message: Message; repeated: boolean } {
    const org = principal.organizationId;
    if (idempotencyKey) {
      const earlier = this.store.messages.byIdempotencyKey(org, idempotencyKey);
      if (earlier) return { message: earlier, repeated: true };
    }
    const conversation = this.conversation(principal, conversationId);
    const now = this.clock.now();
    const base = { id: randomUUID(), organizationId: org, conversationId, role: 'agent' as const, providerId: null, idempotencyKey };

    if (input.isBackchannel) {
      return this.store.write(org, now, (emit) => {
        const message = this.store.messages.insert(
          { ...base, type: 'chat', touchpoint: 'internal', isBackchannel: true, text: input.text!, template: null, status: 'internal' },
          now,
        );
        emit('message.create', { message });
        return { message, repeated: false };
      });
    }

    const contact = this.store.contacts.get(org, conversation.contact)!;
    if (!contact.profile.telephone) throw new ApiFailure('NO_PHONE', 'This customer has no phone number to send to.');
    let text = input.text ?? '';
    if (input.type === 'template') {
      const use = input.template!;
      const template = this.store.templates.find(org, use.name, use.language);
      if (!template) {
        throw new ApiFailure('TEMPLATE_UNKNOWN', `There is no template "${use.name}" in language ${use.language}.`);
      }
      const expected = templateParameterCount(template.body);
      if (use.parameters.length !== expected) {
        throw new ApiFailure(
          'TEMPLATE_PARAMETERS',
          `Template "${use.name}" takes ${expected} values; ${use.parameters.length} were given.`,
        );
      }
      text = renderTemplate(template.body, use.parameters);
    } else if (input.touchpoint === 'whatsapp' && !isWindowOpen(conversation.lastInboundAt, now)) {
      const until = windowOpenUntil(conversation.lastInboundAt);
      throw new ApiFailure(
        'WINDOW_CLOSED',
        until === null
          ? 'The customer has not written yet: only a template can be sent on WhatsApp.'
          : `More than 24 hours since the customer last wrote (${new Date(until).toISOString()}): only a template can be sent.`,
      );
    }

    const message = this.store.write(org, now, (emit) => {
      const message = this.store.messages.insert(
        {
          ...base,
          type: input.type,
          touchpoint: input.touchpoint,
          isBackchannel: false,
          text,
          template: input.type === 'template' ? input.template! : null,
          status: 'queued',
        },
        now,
      );
      this.store.sends.enqueue(message.id, org, now);
      emit('message.create', { message });
      return message;
    });
    this.onQueued();
    return { message, repeated: false };
  }

  messages(principal: Principal, conversationId: string): Message[] {
    this.conversation(principal, conversationId);
    return this.store.messages.ofConversation(conversationId);
  }

  /** Someone opened the conversation: it stops waiting, for everyone. */
  read(principal: Principal, conversationId: string): Conversation {
    const conversation = this.conversation(principal, conversationId);
    this.store.write(principal.organizationId, this.clock.now(), (emit) => {
      if (this.store.conversations.read(conversationId)) emit('conversation.read', { conversation: conversationId });
    });
    return { ...conversation, waiting: false };
  }

  /** A customer's message from a channel; a message delivered twice is stored once. */
  receive(organizationId: string, touchpoint: Touchpoint, from: string, name: string | null, providerId: string, text: string, at: number): void {
    if (this.store.messages.byProviderId(touchpoint, providerId)) return;
    const phone = this.phoneOf(from);
    const now = this.clock.now();
    this.store.write(organizationId, now, (emit) => {
      const fields = { name, phone, email: null };
      let contact = this.store.contacts.match(organizationId, fields);
      if (!contact) {
        contact = this.store.contacts.create(organizationId, fields, now);
        emit('contact.create', { contact });
      }
      let conversation = this.store.conversations.ofContact(contact.id);
      if (!conversation) {
        conversation = this.store.conversations.create(organizationId, contact.id, null, now);
        emit('conversation.create', { conversation });
      }
      this.store.conversations.inbound(conversation.id, at);
      const message = this.store.messages.insert(
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
        },
        now,
      );
      emit('message.create', { message });
      emit('conversation.waiting', { conversation: conversation.id, lastInboundAt: at });
    });
  }

  /**
   * A channel's status report for one of our messages; it only ever moves a message forward.
   * A report also proves the channel has the message, which settles a send that a crash
   * interrupted before its answer was stored: it is not sent again.
   */
  reportStatus(messageId: string, providerId: string, reported: MessageStatus, failure: { code: number | null; reason: string } | null): void {
    const organizationId = this.store.messages.organizationOf(messageId);
    if (!organizationId) return;
    const now = this.clock.now();
    this.store.write(organizationId, now, (emit) => {
      this.store.messages.setProviderId(messageId, providerId, now);
      this.store.sends.done(messageId);
      this.updateStatus(messageId, reported, failure, emit);
    });
  }

  /** Within a write: moves the message forward and tells subscribers, if it moved. */
  updateStatus(messageId: string, reported: MessageStatus, failure: { code: number | null; reason: string } | null, emit: Emit): void {
    const message = this.store.messages.get(messageId)!;
    const status = nextStatus(message.status, reported);
    if (status === message.status) return;
    this.store.messages.setStatus(messageId, status, status === 'failed' ? failure : null, this.clock.now());
    emit('message.status', { message: messageId, conversation: message.conversation, status, failure: status === 'failed' ? failure : null });
  }

  private phoneOf(raw: string | null | undefined): string | null {
    if (!raw) return null;
    const phone = normalisePhone(raw, this.defaultCountry);
    if (!phone.ok) throw new ApiFailure('INVALID_PHONE', phone.reason);
    return phone.e164;
  }
}
