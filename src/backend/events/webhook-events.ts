import type { Conversation } from '../../api/v2/conversation';
import type { BackendEvent } from '../../api/v2/event';
import { EventDataSchema, type EventData } from '../../api/v2/event-data';
import type { WebhookEvent } from '../../api/v2/webhook-settings';

type Named = { event: string; data: Record<string, unknown>; activity: WebhookEvent['activity'] };

/**
 * An event of the organisation's log as its own webhook receives it, in Web1on1's names and
 * shape; null for the events that are not the organisation's business: source.notified,
 * source.syncRequested and source.status are how desktops hand work to the one that pulls a
 * planning system, not changes of its data.
 *
 * The rules, for an integrator:
 * - message.create → message.create.<message.role>.<message.type>, data { conversation, message };
 *   activity: the message's author (null for the customer's and the reminder bot's).
 * - message.status → message.update, data { message: { id, conversation, status, failure } }.
 * - contact.create / contact.update → the same names, data { contact }.
 * - conversation.create → conversation.create; conversation.waiting and conversation.read →
 *   conversation.update with the conversation's id and what changed (waiting, lastInboundAt).
 * - appointment.upsert → appointment.create when that upsert made the appointment, else
 *   appointment.update (so also for events logged before the backend said which), data { appointment }.
 * - appointment.move / appointment.colour / appointment.advisor → appointment.update with the
 *   appointment's id and what changed; activity: who did it.
 * - user.upsert → user.update, data { user }; user.remove → user.delete, data { user: { id } }.
 * - organization.update → organization.update, data { organization: { id, name } }; inbox.upsert →
 *   inbox.update, data { inbox } (its settings; channels by id, never their secrets).
 *
 * `conversationOf` finds a message's conversation (the store's, at delivery time).
 */
export function webhookEventOf(event: BackendEvent, organization: string, conversationOf: (id: string) => Conversation | undefined): WebhookEvent | null {
  const parsed = EventDataSchema.parse({ type: event.type, data: event.data });
  const named = webhookForm(parsed, conversationOf);
  return named && { ...named, organization, seq: event.seq, createdAt: event.createdAt };
}

/**
 * The conversation an event's webhook form carries besides the event itself (a new message's),
 * for the caller to read from the store before `webhookEventOf`; null when it needs none.
 */
export function conversationNamed(event: BackendEvent): string | null {
  if (event.type !== 'message.create') return null;
  const parsed = EventDataSchema.parse({ type: event.type, data: event.data });
  return parsed.type === 'message.create' ? parsed.data.message.conversation : null;
}

function webhookForm(e: EventData, conversationOf: (id: string) => Conversation | undefined): Named | null {
  switch (e.type) {
    case 'message.create': {
      const { message } = e.data;
      const conversation = conversationOf(message.conversation);
      // Conversations are never deleted: a message without one is a broken store, said loudly.
      if (!conversation) throw new Error(`The conversation ${message.conversation} of message ${message.id} is not in the store.`);
      return { event: `message.create.${message.role}.${message.type}`, data: { conversation, message }, activity: message.author };
    }
    case 'message.status': {
      const { message, conversation, status, failure } = e.data;
      return { event: 'message.update', data: { message: { id: message, conversation, status, failure } }, activity: null };
    }
    case 'contact.create':
    case 'contact.update':
      return { event: e.type, data: e.data, activity: null };
    case 'conversation.create':
      return { event: 'conversation.create', data: e.data, activity: null };
    case 'conversation.waiting':
      return {
        event: 'conversation.update',
        data: { conversation: { id: e.data.conversation, waiting: true, lastInboundAt: e.data.lastInboundAt } },
        activity: null,
      };
    case 'conversation.read':
      return { event: 'conversation.update', data: { conversation: { id: e.data.conversation, waiting: false } }, activity: null };
    case 'appointment.upsert':
      return { event: e.data.created ? 'appointment.create' : 'appointment.update', data: { appointment: e.data.appointment }, activity: null };
    case 'appointment.move': {
      const { appointment, column, position, by } = e.data;
      return { event: 'appointment.update', data: { appointment: { id: appointment, column, position } }, activity: by };
    }
    case 'appointment.colour': {
      const { appointment, colour, by } = e.data;
      return { event: 'appointment.update', data: { appointment: { id: appointment, colour } }, activity: by };
    }
    case 'appointment.advisor': {
      const { appointment, advisor, by } = e.data;
      return { event: 'appointment.update', data: { appointment: { id: appointment, advisor } }, activity: by };
    }
    case 'user.upsert':
      return { event: 'user.update', data: e.data, activity: null };
    case 'user.remove':
      return { event: 'user.delete', data: { user: { id: e.data.user } }, activity: null };
    case 'organization.update':
      return { event: 'organization.update', data: e.data, activity: null };
    case 'inbox.upsert':
      return { event: 'inbox.update', data: e.data, activity: null };
    // Not for the organisation's webhook: sessions, sources, and the Content Library (its own set-up).
    case 'session.end':
    case 'source.notified':
    case 'source.syncRequested':
    case 'source.status':
    case 'template.upsert':
    case 'template.remove':
      return null;
  }
}
