import { ApiFailure } from '../../api/envelope';
import type { IspaEvent, IspaReceipt } from '../../api/v2/ispa';
import { PROVIDER_CLOCK_AHEAD_MS } from '../../domain/provider-time';
import type { Clock } from '../../ports/clock';
import type { AppointmentService, PreparedUpsert } from '../appointments/appointment-service';
import type { BackendStore } from '../store/backend-store';
import { authorOf, type Principal } from '../access/principal';

const SOURCE = 'ispa';

/**
 * BMW ISPA Next's pushed events, applied to the organisation's appointments. Delivery is at
 * least once, in any order and sometimes late: an event id is applied once; an event older
 * than the appointment's newest applied one (event time, then sequence) is recorded and not
 * applied; the answer is given only after the event and its effect are committed, so ISPA
 * retries whatever was not stored. Desktops hear of the result through the event stream.
 */
export class IspaEvents {
  constructor(
    private readonly store: BackendStore,
    private readonly appointments: AppointmentService,
    private readonly clock: Clock,
  ) {}

  async receive(principal: Principal, inboxId: string, event: IspaEvent): Promise<IspaReceipt> {
    const org = principal.organizationId;
    if (!(await this.store.organizations.inbox(org, inboxId))) throw new ApiFailure('NOT_FOUND', 'That inbox does not exist in your organisation.');
    const a = event.appointment;
    const key = { organizationId: org, source: SOURCE, branch: a.branch, sourceId: a.id };
    const current = async () => (await this.store.appointments.bySource(org, SOURCE, a.branch, a.id))?.id ?? null;
    if (await this.store.pushed.outcomeOf(org, SOURCE, event.eventId)) return { eventId: event.eventId, outcome: 'duplicate', appointment: await current() };
    // Events are ordered by when they happened: one dated in the future would make every real
    // change after it stale until that date, so it is refused and the sender told why.
    const occurredAt = Date.parse(event.occurredAt);
    if (occurredAt > this.clock.now() + PROVIDER_CLOCK_AHEAD_MS) {
      throw new ApiFailure(
        'OCCURRED_IN_FUTURE',
        `The event says it happened at ${event.occurredAt}, which is in the future by this server's clock: check the sending system's clock.`,
      );
    }
    // Checked (phone, inbox) before the write: a malformed event is refused whole, and ISPA is told why.
    const prepared = event.type === 'appointment.created' || event.type === 'appointment.changed' ? await this.prepare(org, inboxId, event) : null;
    const now = this.clock.now();
    return this.store.write(org, now, async (emit) => {
      // Asked again within the write: the organisation's writes follow one another (in every
      // process), so of the same event delivered twice at once, one is applied and the other is a duplicate.
      if (await this.store.pushed.outcomeOf(org, SOURCE, event.eventId)) return { eventId: event.eventId, outcome: 'duplicate', appointment: await current() };
      let receipt: IspaReceipt;
      if (!(await this.store.pushed.advance(key, { occurredAt, sequence: event.sequence ?? 0 }))) {
        receipt = { eventId: event.eventId, outcome: 'stale', appointment: await current() };
      } else if (prepared) {
        receipt = { eventId: event.eventId, outcome: 'applied', appointment: (await this.appointments.upsertWithin(org, prepared, now, emit)).appointment.id };
      } else {
        const existing = await this.store.appointments.bySource(org, SOURCE, a.branch, a.id);
        if (!existing) {
          // The version is kept all the same: the creation this cancellation follows is stale when it comes.
          receipt = { eventId: event.eventId, outcome: 'unknown-appointment', appointment: null };
        } else if (event.type === 'appointment.cancelled') {
          await this.store.appointments.setCancelled(existing.id, true, now);
          emit('appointment.upsert', { appointment: (await this.store.appointments.get(org, existing.id))!, created: false });
          receipt = { eventId: event.eventId, outcome: 'applied', appointment: existing.id };
        } else {
          // The vehicle is at the workshop: a card still in New goes to In Service; one an
          // advisor has placed further on stays where it is. The card's history shows ISPA moved it.
          if (existing.column === 'new') {
            await this.store.appointments.setBoardState(existing.id, { column: 'in_service' }, now);
            emit('appointment.move', { appointment: existing.id, column: 'in_service', position: existing.position, by: authorOf(principal) });
          }
          receipt = { eventId: event.eventId, outcome: 'applied', appointment: existing.id };
        }
      }
      await this.store.pushed.record(org, SOURCE, event.eventId, receipt.outcome, now);
      return receipt;
    });
  }

  private prepare(org: string, inbox: string, event: IspaEvent): Promise<PreparedUpsert> {
    const a = event.appointment;
    return this.appointments.prepare(org, {
      inbox,
      source: SOURCE,
      branch: a.branch,
      sourceId: a.id,
      date: a.date!,
      time: a.time!,
      contact: a.customer ? { profile: { name: a.customer.name, telephone: a.customer.phone, email: a.customer.email } } : undefined,
      plate: a.vehicle?.plate,
      make: a.vehicle?.make,
      model: a.vehicle?.model,
      work: a.work,
      // An appointment that became a repair order keeps its card; the order number is shown and searchable.
      workOrder: a.repairOrder,
      owner: a.serviceAdvisor,
      cancelled: false,
    });
  }
}
