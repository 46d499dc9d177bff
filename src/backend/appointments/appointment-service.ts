import { ApiFailure } from '../../api/envelope';
import type { BackendAppointment, UpsertAppointmentInput } from '../../api/v2/appointment';
import type { Colour, ColumnId } from '../../domain/columns';
import { normalisePhone } from '../../domain/phone';
import { zonedToUtc } from '../../domain/zoned-time';
import type { Clock } from '../../ports/clock';
import type { ConversationService } from '../conversations/conversation-service';
import type { BackendStore, Emit } from '../store/backend-store';
import type { InboxRow } from '../store/organizations-repo';
import type { Principal } from '../store/organizations-repo';

export interface PreparedUpsert {
  input: UpsertAppointmentInput;
  inbox: InboxRow;
  fields: { name: string | null; phone: string | null; email: string | null };
}

/** The organisation's shared appointments: upserted from their sources, moved on the board. */
export class AppointmentService {
  constructor(
    private readonly store: BackendStore,
    private readonly conversations: ConversationService,
    private readonly clock: Clock,
  ) {}

  upsert(principal: Principal, input: UpsertAppointmentInput): BackendAppointment {
    return this.upsertMany(principal, [input])[0]!;
  }

  /** Several upserts in one transaction: all of them are stored, or none (a bad row names itself). */
  upsertMany(principal: Principal, inputs: UpsertAppointmentInput[]): BackendAppointment[] {
    const org = principal.organizationId;
    const prepared = inputs.map((input, index) => {
      try {
        return this.prepare(org, input);
      } catch (error) {
        if (error instanceof ApiFailure && inputs.length > 1) throw new ApiFailure(error.code, `Appointment ${index + 1}: ${error.message}`);
        throw error;
      }
    });
    const now = this.clock.now();
    return this.store.write(org, now, (emit) => prepared.map((p) => this.upsertWithin(org, p, now, emit)));
  }

  /** Within a write: one prepared upsert, with its contact and conversation, and its event. */
  upsertWithin(org: string, { input, inbox, fields }: PreparedUpsert, now: number, emit: Emit): BackendAppointment {
    let contactId: string | null = null;
    if (fields.name || fields.phone || fields.email) {
      contactId = this.conversations.contactFor(org, fields, now, emit).id;
      this.conversations.conversationOf(org, contactId, inbox.id, now, emit);
    }
    // A proposed id that another appointment already has is ignored: the desktop then
    // learns the stored id from the answer.
    const proposedId = input.id && !this.store.appointments.idTaken(input.id) ? input.id : undefined;
    const appointment = this.store.appointments.upsert(
      org,
      {
        inboxId: inbox.id,
        source: input.source,
        branch: input.branch,
        sourceId: input.sourceId,
        contactId,
        localDate: input.date,
        localTime: input.time,
        startsAt: zonedToUtc(input.date, input.time, inbox.zone),
        plate: input.plate ?? null,
        make: input.make ?? null,
        model: input.model ?? null,
        work: input.work ?? null,
        workOrder: input.workOrder ?? null,
        owner: input.owner ?? null,
        cancelled: input.cancelled,
      },
      now,
      proposedId,
    );
    emit('appointment.upsert', { appointment });
    return appointment;
  }

  /** Checks an upsert against the organisation (inbox, phone) before anything is written. */
  prepare(org: string, input: UpsertAppointmentInput): PreparedUpsert {
    const inbox = this.store.organizations.inbox(org, input.inbox);
    if (!inbox) throw new ApiFailure('NOT_FOUND', 'That inbox does not exist in your organisation.');
    const profile = input.contact?.profile;
    let phone: string | null = null;
    if (profile?.telephone) {
      const parsed = normalisePhone(profile.telephone, inbox.country);
      if (!parsed.ok) throw new ApiFailure('INVALID_PHONE', parsed.reason);
      phone = parsed.e164;
    }
    return { input, inbox, fields: { name: profile?.name || null, phone, email: profile?.email || null } };
  }

  /** A move or a colour on one desktop, for every other desktop. */
  setBoardState(
    principal: Principal,
    id: string,
    patch: { column?: ColumnId; colour?: Colour; position?: number },
    idempotencyKey: string | null = null,
  ): BackendAppointment {
    const org = principal.organizationId;
    if (idempotencyKey) {
      const earlier = this.store.idempotency.recall<BackendAppointment>(org, idempotencyKey);
      if (earlier) return earlier;
    }
    if (!this.store.appointments.get(org, id)) throw new ApiFailure('NOT_FOUND', 'That appointment does not exist in your organisation.');
    const now = this.clock.now();
    return this.store.write(org, now, (emit) => {
      this.store.appointments.setBoardState(id, patch, now);
      const appointment = this.store.appointments.get(org, id)!;
      if (patch.column !== undefined || patch.position !== undefined) {
        emit('appointment.move', { appointment: id, column: appointment.column, position: appointment.position });
      }
      if (patch.colour !== undefined) emit('appointment.colour', { appointment: id, colour: appointment.colour });
      if (idempotencyKey) this.store.idempotency.remember(org, idempotencyKey, appointment, now);
      return appointment;
    });
  }
}
