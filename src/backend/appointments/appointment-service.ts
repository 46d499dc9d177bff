import { ApiFailure } from '../../api/envelope';
import { z } from 'zod';
import {
  UpsertAppointmentSchema,
  type BackendAppointment,
  type BatchResult,
  type RowRefusal,
  type UpsertAppointmentInput,
} from '../../api/v2/appointment';
import { sourceCustomerKey } from '../../domain/contact-identity';
import { normalisePhone } from '../../domain/phone';
import { zonedToUtc } from '../../domain/zoned-time';
import type { Clock } from '../../ports/clock';
import type { ConversationService } from '../conversations/conversation-service';
import type { BoardStatePatch } from '../store/appointments-repo';
import type { BackendStore, Emit } from '../store/backend-store';
import type { ContactFields } from '../store/contacts-repo';
import type { InboxRow } from '../store/organizations-repo';
import { authorOf, type Principal } from '../access/principal';

export interface PreparedUpsert {
  input: UpsertAppointmentInput;
  inbox: InboxRow;
  fields: ContactFields;
}

/** The organisation's shared appointments: upserted from their sources, moved on the board. */
export class AppointmentService {
  constructor(
    private readonly store: BackendStore,
    private readonly conversations: ConversationService,
    private readonly clock: Clock,
  ) {}

  async upsert(principal: Principal, input: UpsertAppointmentInput): Promise<BackendAppointment> {
    const prepared = await this.prepare(principal.organizationId, input);
    const now = this.clock.now();
    return this.store.write(principal.organizationId, now, async (emit) => (await this.upsertWithin(principal.organizationId, prepared, now, emit)).appointment);
  }

  /**
   * A batch (an import): every row is checked on its own, and the rows that pass are stored in
   * one transaction. A refused row is answered with its code, field and reason, in its place;
   * it never holds up the others.
   */
  async upsertBatch(principal: Principal, rows: unknown[]): Promise<BatchResult[]> {
    const org = principal.organizationId;
    const checked: Array<PreparedUpsert | RowRefusal> = [];
    for (const row of rows) checked.push(await this.checkRow(org, row));
    const now = this.clock.now();
    return this.store.write(org, now, async (emit) => {
      const results: BatchResult[] = [];
      for (const row of checked) {
        results.push('code' in row ? { status: 'refused', error: row } : { status: 'stored', ...(await this.upsertWithin(org, row, now, emit)) });
      }
      return results;
    });
  }

  /** One row of a batch, prepared, or refused with its code and field. */
  private async checkRow(org: string, row: unknown): Promise<PreparedUpsert | RowRefusal> {
    const parsed = UpsertAppointmentSchema.safeParse(row);
    if (!parsed.success) return refusalOf(parsed.error);
    try {
      return await this.prepare(org, parsed.data);
    } catch (error) {
      if (error instanceof ApiFailure) {
        const known = REFUSAL_OF_CODE[error.code];
        return { code: known?.code ?? error.code, field: known?.field ?? null, params: {}, message: error.message };
      }
      throw error;
    }
  }

  /** Within a write: one prepared upsert, with its contact and conversation, and its event. */
  async upsertWithin(org: string, { input, inbox, fields }: PreparedUpsert, now: number, emit: Emit): Promise<{ appointment: BackendAppointment; seq: number }> {
    let contactId: string | null = null;
    if (fields.name || fields.phone || fields.email || fields.sourceCustomer) {
      contactId = (await this.conversations.contactFor(org, fields, now, emit)).id;
      await this.conversations.conversationOf(org, contactId, inbox.id, now, emit);
    }
    // A proposed id that another appointment already has is ignored: the desktop then
    // learns the stored id from the answer.
    const proposedId = input.id && !(await this.store.appointments.idTaken(input.id)) ? input.id : undefined;
    const before = await this.store.appointments.bySource(org, input.source, input.branch, input.sourceId);
    const created = !before;
    const appointment = await this.store.appointments.upsert(
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
    if (before) await this.reconsiderReminder(before, appointment);
    return { appointment, seq: emit('appointment.upsert', { appointment, created }) };
  }

  /**
   * A moved appointment is reminded of its new time: a decision made for the old one (a skip, or a
   * reminder sent for another day) is dropped and taken again when the new one is due. A reminder
   * already sent for the same day stays: the customer is not reminded twice of one visit.
   */
  private async reconsiderReminder(before: BackendAppointment, after: BackendAppointment): Promise<void> {
    const decision = await this.store.reminders.of(after.id);
    if (!decision) return;
    const moved = before.startsAt !== after.startsAt || before.inbox !== after.inbox;
    const restored = before.cancelled && !after.cancelled;
    if (!moved && !restored) return;
    if (decision.outcome === 'sent' && before.date === after.date) return;
    await this.store.reminders.forget(after.id);
  }

  /** Checks an upsert against the organisation (inbox, phone) before anything is written. */
  async prepare(org: string, input: UpsertAppointmentInput): Promise<PreparedUpsert> {
    const inbox = await this.store.organizations.inbox(org, input.inbox);
    if (!inbox) throw new ApiFailure('NOT_FOUND', 'That inbox does not exist in your organisation.');
    const profile = input.contact?.profile;
    let phone: string | null = null;
    if (profile?.telephone) {
      const parsed = normalisePhone(profile.telephone, inbox.country);
      if (!parsed.ok) throw new ApiFailure('INVALID_PHONE', parsed.reason);
      phone = parsed.e164;
    }
    const sourceCustomer = profile?.customerId ? sourceCustomerKey(input.source, profile.customerId) : null;
    return { input, inbox, fields: { name: profile?.name || null, phone, email: profile?.email || null, sourceCustomer } };
  }

  /** A move, a colour or the card's advisor set on one desktop, for every other desktop, with who did it. */
  async setBoardState(principal: Principal, id: string, patch: BoardStatePatch, idempotencyKey: string | null = null): Promise<BackendAppointment> {
    const org = principal.organizationId;
    const answered = async (): Promise<BackendAppointment | null> => {
      if (!idempotencyKey) return null;
      const earlier = await this.store.idempotency.recall<BackendAppointment>(org, idempotencyKey);
      // A repeat is answered as it was; the same key on another card or another move would
      // otherwise be answered "done" and never applied.
      if (earlier && !isRepeatOf(earlier, id, patch)) {
        throw new ApiFailure('IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was used for another change: make a new change with a new key.');
      }
      return earlier ?? null;
    };
    const repeat = await answered();
    if (repeat) return repeat;
    if (!(await this.store.appointments.get(org, id))) throw new ApiFailure('NOT_FOUND', 'That appointment does not exist in your organisation.');
    if (patch.advisor) await this.checkAdvisor(org, patch.advisor);
    const by = authorOf(principal);
    const now = this.clock.now();
    return this.store.write(org, now, async (emit) => {
      // Asked again where the organisation's writes follow one another: a repeat that reached another process at the same moment is answered, not applied twice.
      const concurrent = await answered();
      if (concurrent) return concurrent;
      await this.store.appointments.setBoardState(id, patch, now);
      const appointment = (await this.store.appointments.get(org, id))!;
      if (patch.column !== undefined || patch.position !== undefined) {
        emit('appointment.move', { appointment: id, column: appointment.column, position: appointment.position, by });
      }
      if (patch.colour !== undefined) emit('appointment.colour', { appointment: id, colour: appointment.colour, by });
      if (patch.advisor !== undefined) emit('appointment.advisor', { appointment: id, advisor: appointment.advisor, by });
      if (idempotencyKey) await this.store.idempotency.remember(org, idempotencyKey, appointment, now);
      return appointment;
    });
  }

  /** A card's advisor is a person of the organisation who still works there; anything else is refused in words. */
  private async checkAdvisor(org: string, userId: string): Promise<void> {
    const state = await this.store.appointments.userState(org, userId);
    if (state === undefined) {
      throw new ApiFailure('ADVISOR_UNKNOWN', `There is no user "${userId}" in your organisation: a card's advisor is one of its people (GET /v2/users).`);
    }
    if (state === 'removed') {
      throw new ApiFailure('ADVISOR_REMOVED', `The user "${userId}" was removed from your organisation and can no longer be a card's advisor: choose someone who works there now.`);
    }
  }
}

/** Whether a change is the one an answer was kept for: the same card, and every value it sets is what that answer shows. */
function isRepeatOf(earlier: BackendAppointment, id: string, patch: BoardStatePatch): boolean {
  return (
    earlier.id === id &&
    (patch.column === undefined || patch.column === earlier.column) &&
    (patch.colour === undefined || patch.colour === earlier.colour) &&
    (patch.position === undefined || patch.position === earlier.position) &&
    (patch.advisor === undefined || patch.advisor === earlier.advisor)
  );
}

/** prepare()'s refusals as row refusals: their code and the field they are about. */
const REFUSAL_OF_CODE: Record<string, { code: string; field: string }> = {
  NOT_FOUND: { code: 'inboxNotFound', field: 'inbox' },
  INVALID_PHONE: { code: 'invalidPhoneNumber', field: 'phone' },
};

/** Wire paths that are named otherwise in the desktop's import fields. */
const FIELD_OF_PATH: Record<string, string> = {
  'contact.profile.name': 'customerName',
  'contact.profile.telephone': 'phone',
  'contact.profile.email': 'email',
  'contact.profile.customerId': 'customerId',
};

/** A row's schema failure as one refusal: the first issue's field and code, every issue's words. */
function refusalOf(error: z.ZodError): RowRefusal {
  const first = error.issues[0];
  const path = first?.path.join('.') ?? '';
  const field = FIELD_OF_PATH[path] ?? (path.split('.')[0] || null);
  const tooLong = first?.code === 'too_big' && first.origin === 'string';
  const message = error.issues.map((i) => (i.path.length ? `${FIELD_OF_PATH[i.path.join('.')] ?? i.path.join('.')}: ${i.message}` : i.message)).join('; ');
  return tooLong ? { code: 'tooLong', field, params: { max: Number(first.maximum) }, message } : { code: 'invalid', field, params: {}, message };
}
