import { randomUUID } from 'node:crypto';
import type { BoardApiHandlers, BoardEvent } from '../../api/board-api';
import { MESSAGE_PAGE_SIZE, type ConversationView } from '../../api/conversation';
import { ApiFailure } from '../../api/envelope';
import { TOUCHPOINTS, type TemplateUse } from '../../api/v2/message';
import { encodeCursor } from '../../api/v2/paging';
import { mayReceive } from '../../domain/opt-out';
import { filledTemplateText, valueRefusal } from '../../domain/template-values';
import { isWindowOpen, windowOpenUntil } from '../../domain/whatsapp-window';
import type { LocalMessage } from '../cache/conversations-repo';
import type { CoreContext } from './context';
import type { Payload } from '../relay/outbox-commands';
import { signedInAuthor } from './card-people-handlers';
import { localChange } from './local-change';
import { queueForBackend } from './outbox-writes';

function appointmentOf(ctx: CoreContext, id: string) {
  const appointment = ctx.appointments.get(id);
  if (!appointment) throw new ApiFailure('NOT_FOUND', `Appointment ${id} does not exist (any more).`);
  return appointment;
}

function requireBackend(ctx: CoreContext): void {
  if (!ctx.sync.connected) {
    throw new ApiFailure('STANDALONE', 'This desktop works without the organisation’s backend: nothing can be sent from it.');
  }
}

/**
 * The template text the customer will read, checked the way the backend will check it; a
 * marketing template to a customer who opted out is refused here too, before it waits in the outbox.
 */
function templateText(ctx: CoreContext, use: TemplateUse, optedOut: { by: string } | null): string {
  const template = ctx.sync.templates().find((t) => t.name === use.name && t.language === use.language);
  if (!template) throw new ApiFailure('TEMPLATE_UNKNOWN', `There is no template "${use.name}" (${use.language}).`);
  const refusal = valueRefusal(use.name, template, use);
  if (refusal) throw new ApiFailure(refusal.code, refusal.message, refusal.params);
  if (optedOut && !mayReceive(template.category, true)) {
    throw new ApiFailure('OPTED_OUT', `This customer opted out of reminders and marketing (${optedOut.by}): marketing templates cannot be sent to them. Only the customer can opt in again, by writing START.`);
  }
  return filledTemplateText(template, use);
}

export function conversationHandlers(
  ctx: CoreContext,
): Pick<
  BoardApiHandlers,
  'getConversation' | 'listOlderMessages' | 'sendMessage' | 'addComment' | 'markRead' | 'listTemplates' | 'getConnection'
> {
  /**
   * Stores the message here and its command in the outbox, in one transaction; then sends. It
   * shows who wrote it at once, before the backend answers with the same author.
   */
  const write = (contactId: string, message: Omit<LocalMessage, 'key' | 'author'>, payload: Payload<'message'>) => {
    const key = randomUUID();
    return localChange(
      ctx,
      () => {
        const stored = ctx.conversations.addLocal({ ...message, key, author: signedInAuthor(ctx) }, ctx.clock.now());
        queueForBackend(ctx, 'message', message.appointmentId, payload, key);
        return stored;
      },
      () => {
        const events: BoardEvent[] = [{ type: 'conversation.changed', contactIds: [contactId] }];
        // A comment is counted on its card.
        if (message.isBackchannel) events.push({ type: 'appointments.changed', ids: [message.appointmentId] });
        return events;
      },
    );
  };

  return {
    getConversation({ appointmentId, from }) {
      const appointment = appointmentOf(ctx, appointmentId);
      const contact = appointment.contact;
      const conversation = contact ? ctx.conversations.ofContact(contact.id) : undefined;
      const range = from ? { from } : { newest: MESSAGE_PAGE_SIZE };
      const newest = ctx.conversations.messagePart(conversation?.id ?? null, appointmentId, range);
      const lastInboundAt = conversation?.lastInboundAt ?? null;
      return {
        appointment,
        conversation: {
          id: conversation?.id ?? null,
          waiting: conversation?.waiting ?? false,
          lastInboundAt,
          windowOpenUntil: windowOpenUntil(lastInboundAt),
        },
        messages: newest.messages,
        older: newest.older && encodeCursor(newest.older),
        comments: ctx.conversations.comments(conversation?.id ?? null, appointmentId),
        ...offeredTouchpoints(ctx, appointment.inboxId, contact?.phone ? (conversation?.id ?? null) : undefined),
        connected: ctx.sync.connected,
        templateLanguage: ctx.inboxes.templateLanguageOf(appointment.inboxId),
      };
    },

    listOlderMessages({ appointmentId, before, limit }) {
      const contact = appointmentOf(ctx, appointmentId).contact;
      const conversation = contact ? ctx.conversations.ofContact(contact.id) : undefined;
      const page = ctx.conversations.messagePart(conversation?.id ?? null, appointmentId, { before, limit });
      return { messages: page.messages, older: page.older && encodeCursor(page.older) };
    },

    sendMessage({ appointmentId, touchpoint, text, template }) {
      requireBackend(ctx);
      const appointment = appointmentOf(ctx, appointmentId);
      const contact = appointment.contact;
      if (!contact?.phone) throw new ApiFailure('NO_PHONE', 'This customer has no phone number to send to.');
      const conversation = ctx.conversations.ofContact(contact.id);
      if (text !== undefined && touchpoint === 'whatsapp' && !isWindowOpen(conversation?.lastInboundAt ?? null, ctx.clock.now())) {
        throw new ApiFailure('WINDOW_CLOSED', 'The customer has not written in the last 24 hours: only a template can be sent on WhatsApp.');
      }
      const type = template ? 'template' : 'chat';
      const shown = template ? templateText(ctx, template, appointment.optedOut) : text!;
      return write(
        contact.id,
        { conversationId: conversation?.id ?? null, appointmentId, type, touchpoint, isBackchannel: false, text: shown, template: template ?? null },
        { appointmentId, type, touchpoint, isBackchannel: false, ...(template ? { template } : { text }) },
      );
    },

    addComment({ appointmentId, text }) {
      // A comment needs no backend: a standalone desktop keeps it, and the organisation gets it
      // when the desktop joins one (standalone-work.ts).
      const contact = appointmentOf(ctx, appointmentId).contact;
      if (!contact) throw new ApiFailure('NO_CONTACT', 'Comments are kept with the customer’s conversation: add the customer first.');
      const conversation = ctx.conversations.ofContact(contact.id);
      return write(
        contact.id,
        { conversationId: conversation?.id ?? null, appointmentId, type: 'chat', touchpoint: 'internal', isBackchannel: true, text, template: null },
        { appointmentId, type: 'chat', touchpoint: 'whatsapp', isBackchannel: true, text },
      );
    },

    markRead({ appointmentId }) {
      const contact = appointmentOf(ctx, appointmentId).contact;
      const conversation = contact && ctx.conversations.ofContact(contact.id);
      if (!contact || !conversation?.waiting) return null;
      localChange(
        ctx,
        () => {
          ctx.conversations.setWaiting(conversation.id, false);
          queueForBackend(ctx, 'read', appointmentId, { conversationId: conversation.id });
        },
        () => [{ type: 'conversation.changed', contactIds: [contact.id] }],
      );
      return null;
    },

    listTemplates() {
      return ctx.sync.templates();
    },

    getConnection() {
      return ctx.sync.connection();
    },
  };
}

/**
 * The touchpoints the composer offers: those the card's inbox has a channel for, and those the
 * customer already wrote on (their answer is owed on the same way); every one while the inbox's
 * channels are unknown (a standalone desktop). `conversationId` undefined: the contact has no
 * phone, and nothing is offered.
 */
function offeredTouchpoints(ctx: CoreContext, inboxId: string, conversationId: string | null | undefined): Pick<ConversationView, 'touchpoints' | 'noChannel'> {
  if (conversationId === undefined) return { touchpoints: [], noChannel: false };
  const channels = ctx.inboxes.channelsOf(inboxId);
  if (channels === null) return { touchpoints: [...TOUCHPOINTS], noChannel: false };
  const written = conversationId ? ctx.conversations.inboundTouchpoints(conversationId) : [];
  const touchpoints = TOUCHPOINTS.filter((tp) => channels.includes(tp) || written.includes(tp));
  return { touchpoints, noChannel: touchpoints.length === 0 };
}
