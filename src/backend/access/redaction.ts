import type { BackendEvent } from '../../api/v2/event';
import type { Role } from '../../api/v2/auth';

/**
 * What a wall screen reads of the event log: the board as it is, without what customers wrote
 * or were sent (a message's text and template), without what colleagues noted in the stream
 * (a form card's fields, which hold the customer's phone and e-mail; an opt-out note) and
 * without how to reach them (a contact's phone and e-mail). Everything else passes unchanged;
 * other roles read events as stored.
 */
export function eventForRole(role: Role, event: BackendEvent): BackendEvent {
  if (role !== 'wall') return event;
  if (event.type === 'message.create') {
    const message = event.data.message as Record<string, unknown>;
    return { ...event, data: { ...event.data, message: { ...message, text: '', template: null, form: null, notice: null } } };
  }
  if (event.type === 'contact.create' || event.type === 'contact.update') {
    const contact = event.data.contact as { profile: Record<string, unknown> } & Record<string, unknown>;
    return { ...event, data: { ...event.data, contact: { ...contact, profile: { ...contact.profile, email: null, telephone: null }, optedOut: null } } };
  }
  return event;
}
