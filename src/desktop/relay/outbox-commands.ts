import { z } from 'zod';
import type { BatchResult, UpsertAppointmentInput } from '../../api/v2/appointment';
import { ColourSchema, ColumnSchema, type Refusal } from '../../api/appointment';
import { sharedSourceFields } from '../../api/appointment-fields';
import { APPOINTMENTS_PER_BATCH } from '../../api/limits';
import { MessageFormSchema, TemplateUseSchema, TOUCHPOINTS } from '../../api/v2/message';
import { customerIdFor } from '../../domain/contact-identity';
import { isWindowOpen } from '../../domain/whatsapp-window';
import type { AppointmentsRepo } from '../cache/appointments-repo';
import type { ContactsRepo } from '../cache/contacts-repo';
import type { ConversationsRepo } from '../cache/conversations-repo';
import type { ImportLogRepo } from '../cache/import-log-repo';
import type { OutboxJob, OutboxKind } from '../cache/outbox-repo';
import type { SyncStateRepo } from '../cache/sync-state-repo';
import { byteBatches } from './appointment-batches';
import { applyBackendAppointment, type AppointmentStores } from './apply-appointment';
import { BackendRefusal, BackendUnavailable, type BackendClient } from './backend-client';
import { eventCursor } from './event-applier';

/** The payload of each kind of outbox job, checked again when it is read back. */
export const PAYLOADS = {
  board: z.object({
    appointmentId: z.string(),
    column: ColumnSchema.optional(),
    position: z.number().optional(),
    colour: ColourSchema.optional(),
    /** The card's service advisor (a user id); null: cleared. Absent: not changed. */
    advisor: z.string().nullable().optional(),
  }),
  appointments: z.object({ appointmentIds: z.array(z.string()).min(1), importId: z.string().optional() }),
  message: z.object({
    appointmentId: z.string(),
    type: z.enum(['chat', 'template']),
    touchpoint: z.enum(TOUCHPOINTS),
    isBackchannel: z.boolean(),
    text: z.string().optional(),
    template: TemplateUseSchema.optional(),
    /** A form card for the customer stream (the manual appointment filled in from the conversation). */
    form: MessageFormSchema.optional(),
  }),
  read: z.object({ conversationId: z.string() }),
} satisfies Record<OutboxKind, z.ZodType>;

export type Payload<K extends OutboxKind> = z.infer<(typeof PAYLOADS)[K]>;

/** Appointments are queued in jobs of this many; each is sent in batches sized by bytes too. */
export const APPOINTMENTS_PER_JOB = APPOINTMENTS_PER_BATCH;

export interface CommandStores extends AppointmentStores {
  conversations: ConversationsRepo;
  contacts: ContactsRepo;
  importLog: ImportLogRepo;
  syncState: SyncStateRepo;
  /** The zone for an appointment whose inbox the backend has not described. */
  zone: string;
}

/** Stores the backend's answer; run in the transaction that removes the job from the outbox. */
export type Commit = () => void;

/**
 * Sends one outbox job to the backend and says what to store of the answer. Throws
 * BackendRefusal when the backend said no for good, BackendUnavailable when it may pass later.
 */
export async function sendJob(job: OutboxJob, client: BackendClient, stores: CommandStores, now: number): Promise<Commit> {
  switch (job.kind) {
    case 'board': {
      const { appointmentId, ...patch } = PAYLOADS.board.parse(job.payload);
      await client.patchAppointment(appointmentId, patch, job.key);
      return () => {};
    }
    case 'appointments':
      return sendAppointments(PAYLOADS.appointments.parse(job.payload), job.key, client, stores, now);
    case 'message':
      return sendMessage(job, PAYLOADS.message.parse(job.payload), client, stores, now);
    case 'read': {
      await client.read(PAYLOADS.read.parse(job.payload).conversationId);
      return () => {};
    }
  }
}

/** What the backend refused is shown where the change was made: on the message, or on the card. */
export function settleRefusal(job: OutboxJob, refusal: Refusal, stores: CommandStores, now: number): void {
  if (job.kind === 'message') stores.conversations.settleLocal(job.key, 'refused', refusal.message, now);
  else if (job.kind === 'board') stores.appointments.setSyncError(PAYLOADS.board.parse(job.payload).appointmentId, refusal);
  else if (job.kind === 'appointments') {
    const { appointmentIds, importId } = PAYLOADS.appointments.parse(job.payload);
    for (const id of appointmentIds) stores.appointments.setSyncError(id, refusal);
    if (importId) recordRefused(stores, importId, appointmentIds.map((id) => ({ id, refusal })), now);
  }
}

/** Refused rows of an import go to its report too, named by their branch and appointment id. */
function recordRefused(stores: CommandStores, importId: string, rows: Array<{ id: string; refusal: Refusal }>, now: number): void {
  const named = rows.flatMap(({ id, refusal }) => {
    const a = stores.appointments.get(id);
    return a ? [{ appointmentId: id, branch: a.branch, sourceId: a.sourceId, refusal }] : [];
  });
  if (named.length > 0) stores.importLog.addRefused(importId, named, now);
}

/**
 * Why a change of someone the organisation removed is not sent: their sessions ended with the
 * removal, so it could never go, and it would hold back the card's later changes.
 */
export function removedAuthorRefusal(name: string): Refusal {
  return { code: 'AUTHOR_REMOVED', field: null, params: { name }, message: `${name} was removed from the organisation before this change was sent.` };
}

/** A failure of a whole job as the card shows it: the backend's code and words, or that it could not be sent. */
export function refusalOf(error: unknown): Refusal {
  if (error instanceof BackendRefusal) return { code: error.code, field: null, params: {}, message: error.message };
  return { code: 'unsendable', field: null, params: {}, message: 'This change could not be sent; the details are in the log.' };
}

/**
 * The latest state of these appointments to the backend, in batches sized by count and bytes;
 * a batch the backend finds too large (413) is split in two and sent again. The answer is per
 * row: a stored row is applied at once (under the backend's id, unless the event stream has
 * brought it already), a refused row marks only its own card, with its reason.
 */
async function sendAppointments(
  { appointmentIds: ids, importId }: Payload<'appointments'>,
  jobKey: string,
  client: BackendClient,
  stores: CommandStores,
  now: number,
): Promise<Commit> {
  // The latest state is sent, not the state at the time of the change: a card that changed
  // twice offline reaches the backend once, as it is now.
  const rows = ids.flatMap((id) => {
    const a = stores.appointments.get(id);
    return a ? [{ id, input: toUpsert(a, a.contact && stores.contacts.sourceCustomerOf(a.contact.id)) }] : [];
  });
  const answers: Array<{ id: string; result: BatchResult }> = [];
  for (const batch of byteBatches(rows)) {
    try {
      answers.push(...(await upsertSplitting(client, batch)));
    } catch (error) {
      // Refused as a whole (not for its size): only this batch's rows say so; the rows the
      // backend stored before stay stored, and the batches after it still go.
      if (!(error instanceof BackendRefusal)) throw error;
      const refused: BatchResult = { status: 'refused', error: refusalOf(error) };
      answers.push(...batch.map((row) => ({ id: row.id, result: refused })));
    }
  }
  return () => {
    const applied = eventCursor(stores.syncState);
    const refused: Array<{ id: string; refusal: Refusal }> = [];
    for (const { id, result } of answers) {
      if (result.status === 'refused') {
        stores.appointments.setSyncError(id, result.error);
        refused.push({ id, refusal: result.error });
        continue;
      }
      // An event this desktop applied already is as new as the answer, or newer.
      if (result.seq > applied) applyBackendAppointment(stores, result.appointment, stores.zone, now, now, jobKey);
      stores.appointments.setSyncError(stores.remoteAppointments.localIdOf(result.appointment) ?? result.appointment.id, null);
    }
    if (importId && refused.length > 0) recordRefused(stores, importId, refused, now);
  };
}

type Row = { id: string; input: UpsertAppointmentInput };

async function upsertSplitting(client: BackendClient, batch: Row[]): Promise<Array<{ id: string; result: BatchResult }>> {
  try {
    const { results } = await client.upsertAppointments(batch.map((r) => r.input));
    if (results.length !== batch.length) throw new BackendUnavailable(`The backend answered ${results.length} rows of ${batch.length}.`);
    return batch.map((row, i) => ({ id: row.id, result: results[i]! }));
  } catch (error) {
    if (!(error instanceof BackendRefusal) || error.status !== 413) throw error;
    if (batch.length === 1) {
      const result: BatchResult = { status: 'refused', error: { code: 'tooLarge', field: null, params: {}, message: error.message } };
      return [{ id: batch[0]!.id, result }];
    }
    const half = Math.ceil(batch.length / 2);
    return [...(await upsertSplitting(client, batch.slice(0, half))), ...(await upsertSplitting(client, batch.slice(half)))];
  }
}

async function sendMessage(
  job: OutboxJob,
  m: Payload<'message'>,
  client: BackendClient,
  stores: CommandStores,
  now: number,
): Promise<Commit> {
  const appointment = stores.appointments.get(m.appointmentId);
  const contact = appointment?.contact;
  if (!appointment || !contact) throw new BackendRefusal('NO_CONTACT', 'This appointment has no customer to write to.', 422);
  let conversation = stores.conversations.ofContact(contact.id);
  if (!conversation) {
    // A contact made on this desktop while offline: the backend finds or makes its conversation.
    const made = await client.upsertConversation(
      { name: contact.name, telephone: contact.phone, email: contact.email },
      appointment.inboxId,
    );
    stores.conversations.upsert(made);
    conversation = { id: made.id, contactId: made.contact, inboxId: made.inbox, waiting: made.waiting, lastInboundAt: made.lastInboundAt };
  }
  stores.conversations.attachLocal(job.key, conversation.id);
  if (m.type === 'chat' && !m.isBackchannel && !m.form && m.touchpoint === 'whatsapp' && !isWindowOpen(conversation.lastInboundAt, now)) {
    return () =>
      stores.conversations.settleLocal(
        job.key,
        'held',
        'Not sent: the 24-hour window closed while this message waited. Send a template instead.',
        now,
      );
  }
  const { appointmentId: _appointment, ...body } = m;
  const message = await client.sendMessage(conversation.id, body, job.key);
  return () => void stores.conversations.storeRemote(message);
}

/** `sourceCustomer`: the contact's number in a source (keyed with it), sent when it is the appointment's own source's. */
function toUpsert(a: NonNullable<ReturnType<AppointmentsRepo['get']>>, sourceCustomer: string | null): UpsertAppointmentInput {
  return {
    ...sharedSourceFields(a),
    id: a.id,
    inbox: a.inboxId,
    date: a.localDate,
    time: a.localTime,
    contact: a.contact
      ? {
          profile: {
            name: a.contact.name,
            telephone: a.contact.phone,
            email: a.contact.email,
            customerId: sourceCustomer ? customerIdFor(sourceCustomer, a.source) : undefined,
          },
        }
      : undefined,
  };
}
