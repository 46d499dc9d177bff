import { randomUUID } from 'node:crypto';
import type { BoardApiHandlers, ManualAppointmentInput } from '../../api/board-api';
import { ApiFailure } from '../../api/envelope';
import { normalisePhone } from '../../domain/phone';
import { displayPlate, plateKey } from '../../domain/plate';
import { localDateAt, localTimeAt, zonedToUtc } from '../../domain/zoned-time';
import { searchTextOf } from '../cache/search-text';
import type { CoreContext } from './context';
import { localChange } from './local-change';
import { queueAppointments } from './outbox-writes';
import { addFormCard } from './form-card';
import { inboxFilterOf } from './settings-handlers';

const QUARTER_HOUR = 15 * 60_000;

/**
 * A walk-in added today gets the next quarter hour; an appointment on another day the
 * workshop's opening time.
 */
function defaultTimeFor(ctx: CoreContext, date: string, zone: string): string {
  const now = ctx.clock.now();
  const { defaultTime } = ctx.dealership;
  if (date !== localDateAt(now, zone)) return defaultTime;
  return localTimeAt(Math.ceil(now / QUARTER_HOUR) * QUARTER_HOUR, zone);
}

function phoneOf(raw: string | undefined, country: string): string | null {
  if (!raw) return null;
  const phone = normalisePhone(raw, country);
  if (!phone.ok) throw new ApiFailure('INVALID_PHONE', phone.reason);
  return phone.e164;
}

function contactFor(ctx: CoreContext, input: ManualAppointmentInput, country: string, now: number) {
  if (input.contactId) {
    const chosen = ctx.contacts.get(input.contactId);
    if (!chosen) throw new ApiFailure('NOT_FOUND', 'The chosen contact does not exist (any more).');
    return chosen;
  }
  const phone = phoneOf(input.phone, country);
  const name = input.customerName || null;
  const email = input.email ? input.email.toLowerCase() : null;
  if (!name && !phone && !email) return null;
  return ctx.contacts.matchOrCreate({ name, phone, email }, now);
}

function inboxFor(ctx: CoreContext, requested: string | undefined): string {
  if (requested) {
    if (!ctx.inboxes.exists(requested)) throw new ApiFailure('NOT_FOUND', 'The chosen inbox does not exist.');
    return requested;
  }
  const first = inboxFilterOf(ctx)?.[0] ?? ctx.inboxes.all()[0]?.id;
  if (!first) throw new ApiFailure('NO_INBOX', 'There is no inbox to add the appointment to.');
  return first;
}

export function appointmentHandlers(
  ctx: CoreContext,
): Pick<BoardApiHandlers, 'getAppointment' | 'listAppointments' | 'searchContacts' | 'createManualAppointment'> {
  return {
    getAppointment({ id }) {
      const appt = ctx.appointments.get(id);
      if (!appt) throw new ApiFailure('NOT_FOUND', `Appointment ${id} does not exist (any more).`);
      return appt;
    },

    listAppointments(query) {
      const text = query.text.trim().toLowerCase();
      const patterns = new Set<string>();
      if (text) {
        patterns.add(text);
        const key = plateKey(text).toLowerCase();
        if (key.length >= 2) patterns.add(key);
        const phone = normalisePhone(text, ctx.inboxes.organisationPlace(ctx.dealership).country);
        if (phone.ok) patterns.add(phone.e164);
      }
      return ctx.appointments.list({ ...query, patterns: [...patterns] });
    },

    searchContacts({ query }) {
      const phone = normalisePhone(query, ctx.inboxes.organisationPlace(ctx.dealership).country);
      return ctx.contacts.search(query, phone.ok ? phone.e164 : null);
    },

    createManualAppointment(input) {
      const now = ctx.clock.now();
      const inboxId = inboxFor(ctx, input.inboxId);
      // The inbox's workshop clock and phone country, as the backend tells them.
      const { zone, country } = ctx.inboxes.placeOf(inboxId, ctx.dealership);
      const time = input.time ?? defaultTimeFor(ctx, input.date, zone);
      const id = randomUUID();
      let formContact: string | null = null;
      localChange(
        ctx,
        () => {
          const contact = contactFor(ctx, input, country, now);
          const plate = input.plate ? displayPlate(input.plate) : null;
          ctx.appointments.upsert(
            {
              source: 'manual',
              branch: '',
              sourceId: id,
              inboxId,
              localDate: input.date,
              localTime: time,
              zone,
              startsAt: zonedToUtc(input.date, time, zone),
              plate,
              make: input.make || null,
              model: input.model || null,
              work: input.work || null,
              workOrder: null,
              owner: input.owner || null,
              cancelled: false,
              rowHash: id,
              searchText: searchTextOf({ name: contact?.name, phone: contact?.phone, email: contact?.email, plate }),
            },
            undefined,
            () => contact?.id ?? null,
            () => id,
            now,
          );
          queueAppointments(ctx, [id]);
          if (input.fromConversation) formContact = addFormCard(ctx, { ...input, fromConversation: input.fromConversation }, { time, inboxId, customer: contact ?? null });
        },
        () => [
          { type: 'appointments.changed', ids: [id] },
          ...(formContact ? [{ type: 'conversation.changed' as const, contactIds: [formContact] }] : []),
        ],
      );
      return ctx.appointments.card(id)!;
    },
  };
}
