import { randomUUID } from 'node:crypto';
import type { ManualAppointmentInput } from '../../api/board-api';
import { ApiFailure } from '../../api/envelope';
import type { MessageForm } from '../../api/v2/message';
import { formFields, formText } from '../../domain/appointment-form';
import { signedInAuthor } from './card-people-handlers';
import type { CoreContext } from './context';
import { queueForBackend } from './outbox-writes';

/**
 * The manual appointment filled in from a card's conversation, as a form card in that
 * conversation's stream: stored here as pending and queued for the backend like a comment, in
 * the transaction that stores the appointment, so every desktop gets it once the backend has it.
 * Returns the contact whose conversation changed.
 */
export function addFormCard(
  ctx: CoreContext,
  input: ManualAppointmentInput & { fromConversation: string },
  filled: { time: string; inboxId: string; customer: { name: string | null; phone: string | null; email: string | null } | null },
): string {
  const card = ctx.appointments.get(input.fromConversation);
  if (!card) throw new ApiFailure('NOT_FOUND', `Appointment ${input.fromConversation} does not exist (any more).`);
  if (!card.contact) throw new ApiFailure('NO_CONTACT', 'This card has no customer, so it has no conversation to add the form to.');
  const form: MessageForm = {
    title: 'manualAppointment',
    fields: formFields({
      date: input.date,
      time: filled.time,
      inbox: ctx.inboxes.all().find((i) => i.id === filled.inboxId)?.name ?? filled.inboxId,
      customerName: filled.customer?.name,
      phone: filled.customer?.phone,
      email: filled.customer?.email,
      plate: input.plate,
      make: input.make,
      model: input.model,
      work: input.work,
      owner: input.owner,
    }),
  };
  const text = formText(form.fields);
  const key = randomUUID();
  const conversationId = ctx.conversations.ofContact(card.contact.id)?.id ?? null;
  ctx.conversations.addLocal(
    { key, conversationId, appointmentId: card.id, type: 'chat', touchpoint: 'internal', isBackchannel: false, text, template: null, author: signedInAuthor(ctx), form },
    ctx.clock.now(),
  );
  queueForBackend(ctx, 'message', card.id, { appointmentId: card.id, type: 'chat', touchpoint: 'whatsapp', isBackchannel: false, text, form }, key);
  return card.contact.id;
}
