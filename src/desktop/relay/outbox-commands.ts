import { z } from 'zod';
import type { UpsertAppointmentInput } from '../../api/v2/appointment';
import { ColourSchema, ColumnSchema } from '../../api/appointment';
import { TemplateUseSchema, TOUCHPOINTS } from '../../api/v2/message';
import { isWindowOpen } from '../../domain/whatsapp-window';
import type { AppointmentsRepo } from '../cache/appointments-repo';
import type { ConversationsRepo } from '../cache/conversations-repo';
import type { OutboxJob, OutboxKind } from '../cache/outbox-repo';
import { BackendRefusal, type BackendClient } from './backend-client';

/** The payload of each kind of outbox job, checked again when it is read back. */
export const PAYLOADS = {
  board: z.object({
    appointmentId: z.string(),
    column: ColumnSchema.optional(),
    position: z.number().optional(),
    colour: ColourSchema.optional(),
  }),
  appointments: z.object({ appointmentIds: z.array(z.string()).min(1) }),
  message: z.object({
    appointmentId: z.string(),
    type: z.enum(['chat', 'template']),
    touchpoint: z.enum(TOUCHPOINTS),
    isBackchannel: z.boolean(),
    text: z.string().optional(),
    template: TemplateUseSchema.optional(),
  }),
  read: z.object({ conversationId: z.string() }),
} satisfies Record<OutboxKind, z.ZodType>;

export type Payload<K extends OutboxKind> = z.infer<(typeof PAYLOADS)[K]>;

/** Appointments go to the backend in pages its batch endpoint takes. */
export const APPOINTMENTS_PER_JOB = 500;

export interface CommandStores {
  appointments: AppointmentsRepo;
  conversations: ConversationsRepo;
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
    case 'appointments': {
      const { appointmentIds } = PAYLOADS.appointments.parse(job.payload);
      // The latest state is sent, not the state at the time of the change: a card that
      // changed twice offline reaches the backend once, as it is now.
      const inputs = appointmentIds.flatMap((id) => {
        const a = stores.appointments.get(id);
        return a ? [toUpsert(a)] : [];
      });
      if (inputs.length > 0) await client.upsertAppointments(inputs);
      return () => {};
    }
    case 'message':
      return sendMessage(job, PAYLOADS.message.parse(job.payload), client, stores, now);
    case 'read': {
      await client.read(PAYLOADS.read.parse(job.payload).conversationId);
      return () => {};
    }
  }
}

/** What the backend refused is shown where the change was made: on the message, or on the card. */
export function settleRefusal(job: OutboxJob, reason: string, stores: CommandStores, now: number): void {
  if (job.kind === 'message') stores.conversations.settleLocal(job.key, 'refused', reason, now);
  else if (job.kind === 'board') stores.appointments.setSyncError(PAYLOADS.board.parse(job.payload).appointmentId, reason);
  else if (job.kind === 'appointments') {
    for (const id of PAYLOADS.appointments.parse(job.payload).appointmentIds) stores.appointments.setSyncError(id, reason);
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
  if (!appointment || !contact) throw new BackendRefusal('NO_CONTACT', 'This appointment has no customer to write to.');
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
  if (m.type === 'chat' && !m.isBackchannel && m.touchpoint === 'whatsapp' && !isWindowOpen(conversation.lastInboundAt, now)) {
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

function toUpsert(a: NonNullable<ReturnType<AppointmentsRepo['get']>>): UpsertAppointmentInput {
  return {
    id: a.id,
    inbox: a.inboxId,
    source: a.source,
    branch: a.branch,
    sourceId: a.sourceId,
    date: a.localDate,
    time: a.localTime,
    contact: a.contact ? { profile: { name: a.contact.name, telephone: a.contact.phone, email: a.contact.email } } : undefined,
    plate: a.plate,
    make: a.make,
    model: a.model,
    work: a.work,
    workOrder: a.workOrder,
    owner: a.owner,
    cancelled: a.cancelled,
  };
}
