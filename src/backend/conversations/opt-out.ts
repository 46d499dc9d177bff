import { randomUUID } from 'node:crypto';
import { ApiFailure } from '../../api/envelope';
import type { Contact } from '../../api/v2/contact';
import type { MessageNotice } from '../../api/v2/message';
import { mayReceive, optOutIntent } from '../../domain/opt-out';
import type { BackendStore, Emit } from '../store/backend-store';

/**
 * Within the write that stores a customer's message: when it is STOP (or an opt-out button) the
 * contact is opted out, when it is START opted in again, in the same transaction. Every desktop
 * hears it through contact.update, and a note in the stream tells advisors when it happened.
 * A message that changes nothing (STOP while opted out already) writes no second note.
 */
export async function applyOptOut(
  store: BackendStore,
  emit: Emit,
  m: { organizationId: string; contactId: string; conversationId: string; text: string; buttonPayload?: string | null },
  now: number,
): Promise<void> {
  const intent = optOutIntent(m.text, m.buttonPayload ?? null);
  if (!intent) return;
  const optedOut = intent.kind === 'out' ? { at: now, by: intent.by } : null;
  const sender = await store.contacts.get(m.organizationId, m.contactId);
  // The phone said it: every contact known by that number here follows, not only the one the message was filed under.
  const changed = sender?.profile.telephone
    ? await store.contacts.setOptedOutByPhone(m.organizationId, sender.profile.telephone, optedOut)
    : [await store.contacts.setOptedOut(m.organizationId, m.contactId, optedOut)].filter((c): c is Contact => c !== undefined);
  if (changed.length === 0) return;
  for (const contact of changed) emit('contact.update', { contact });
  const notice: MessageNotice = { kind: intent.kind === 'out' ? 'optedOut' : 'optedIn', by: intent.by };
  const message = await store.messages.insert(
    {
      id: randomUUID(),
      organizationId: m.organizationId,
      conversationId: m.conversationId,
      role: 'bot',
      type: 'chat',
      touchpoint: 'internal',
      isBackchannel: false,
      // For readers of the API; the desktops word the notice in the advisor's language.
      text: intent.kind === 'out' ? `Customer opted out (${intent.by})` : `Customer opted in again (${intent.by})`,
      template: null,
      status: 'internal',
      providerId: null,
      idempotencyKey: null,
      notice,
    },
    now,
  );
  emit('message.create', { message });
}

/**
 * Refuses a template the contact may not be sent: marketing after they opted out. Utility
 * templates (an appointment's details) and free-form answers in the window still go.
 */
export function refuseOptedOut(contact: Contact, category: 'UTILITY' | 'MARKETING' | 'AUTHENTICATION'): void {
  if (mayReceive(category, contact.optedOut !== null)) return;
  const since = new Date(contact.optedOut!.at).toISOString();
  throw new ApiFailure(
    'OPTED_OUT',
    `This customer opted out of marketing (${contact.optedOut!.by}, ${since}): marketing templates cannot be sent to them. Only the customer can opt in again, by writing START.`,
  );
}
