import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { localDateAt } from '../../src/domain/zoned-time';
import { appointmentLifecycle, ispaNextSender } from '../../src/simulators/ispa-next-sender';
import { call, eventually, integrationToken } from '../support/backend';
import { connectedCore, startOrganisation, type Organisation } from '../support/connected';

const tomorrow = () => localDateAt(Date.now() + 86_400_000, 'Europe/Amsterdam');

describe('ISPA Next pushes appointment events to the backend', () => {
  let organisation: Organisation;
  let sender: ReturnType<typeof ispaNextSender>;
  let token: string;
  before(async () => {
    organisation = await startOrganisation();
    // ISPA Next pushes with an integration token made for it and this inbox.
    token = await integrationToken(organisation.url, organisation.org.token, 'ispa', [organisation.inbox]);
    sender = ispaNextSender({ backendUrl: organisation.url, inbox: organisation.inbox, token });
  });
  after(() => organisation.close());

  const events = async () =>
    (await call(organisation.url, organisation.org.token, 'GET', '/v2/events?since=0&limit=1000')).body.data as Array<{ type: string; data: any }>;

  it('applies each event once and in event order, however it is delivered, and desktops see the result', async (t) => {
    const desktop = connectedCore(organisation);
    t.after(() => desktop.core.close());
    const lifecycle = appointmentLifecycle('ISPA-1', new Date('2026-11-20T08:00:00Z'), { date: tomorrow(), phone: '+31655500011', name: 'Daan Hendriks' });
    const deliveries = await sender.deliverWithQuirks(lifecycle);
    assert.deepEqual(deliveries.map((d) => d.status), [200, 200, 200, 200, 200], 'every delivery acknowledged');
    assert.deepEqual(
      deliveries.map((d) => (d.body as { outcome: string }).outcome),
      ['applied', 'duplicate', 'stale', 'applied', 'stale'],
      'the newest change first, the same again, an older change, the check-in, the late creation',
    );
    const id = (deliveries[0]!.body as { appointment: string }).appointment;
    const upserts = (await events()).filter((e) => e.type === 'appointment.upsert' && e.data.appointment.id === id);
    assert.equal(upserts.length, 1, 'stale and duplicate events change nothing');
    assert.equal(upserts[0]!.data.appointment.time, '10:30');
    assert.equal(upserts[0]!.data.appointment.workOrder, 'RO-ISPA-1', 'the repair order number is kept on the same card');

    const card = await eventually(async () => {
      const found = desktop.core.context.appointments.get(id);
      return found?.column === 'in_service' ? found : undefined;
    });
    assert.equal(card.localTime, '10:30', 'the desktop has the moved time');
    assert.equal(card.contact?.phone, '+31655500011');
  });

  it('a cancellation marks the card, and a creation that arrives after its cancellation stays out', async () => {
    const created = { eventId: 'C-1', type: 'appointment.created' as const, occurredAt: '2026-11-20T09:00:00+01:00', appointment: { id: 'ISPA-2', branch: '', date: tomorrow(), time: '08:00' } };
    const cancelled = { eventId: 'C-2', type: 'appointment.cancelled' as const, occurredAt: '2026-11-20T09:05:00+01:00', appointment: { id: 'ISPA-2', branch: '' } };
    assert.equal(((await sender.deliver(created)).body as { outcome: string }).outcome, 'applied');
    const cancel = await sender.deliver(cancelled);
    assert.equal((cancel.body as { outcome: string }).outcome, 'applied');
    const stored = (await events()).filter((e) => e.type === 'appointment.upsert' && e.data.appointment.sourceId === 'ISPA-2').at(-1)!;
    assert.equal(stored.data.appointment.cancelled, true);

    const lateCancel = { eventId: 'L-2', type: 'appointment.cancelled' as const, occurredAt: '2026-11-20T10:05:00+01:00', appointment: { id: 'ISPA-3' } };
    const lateCreate = { ...created, eventId: 'L-1', occurredAt: '2026-11-20T10:00:00+01:00', appointment: { ...created.appointment, id: 'ISPA-3' } };
    assert.equal(((await sender.deliver(lateCancel)).body as { outcome: string }).outcome, 'unknown-appointment');
    assert.equal(((await sender.deliver(lateCreate)).body as { outcome: string }).outcome, 'stale');
    assert.equal((await events()).some((e) => e.type === 'appointment.upsert' && e.data.appointment.sourceId === 'ISPA-3'), false);
  });

  it('refuses what it cannot store with a reason, so ISPA sends it again once it is right', async () => {
    const event = { eventId: 'B-1', type: 'appointment.created', occurredAt: '2026-11-20T09:00:00+01:00', appointment: { id: 'ISPA-4', date: tomorrow(), time: '09:00', customer: { phone: '0612' } } };
    const bad = await sender.deliver(event);
    assert.equal(bad.status, 422);
    assert.match(JSON.stringify(bad.body), /not a valid phone number/);
    const fixed = await sender.deliver({ ...event, appointment: { ...event.appointment, customer: { phone: '0612345678' } } });
    assert.equal((fixed.body as { outcome: string }).outcome, 'applied', 'the refused event was not recorded as seen');

    const noDate = await sender.deliver({ eventId: 'B-2', type: 'appointment.changed', occurredAt: '2026-11-20T09:00:00Z', appointment: { id: 'ISPA-5' } });
    assert.equal(noDate.status, 400);
    assert.match(JSON.stringify(noDate.body), /needs the appointment's date and time/);
    const unsigned = await ispaNextSender({ backendUrl: organisation.url, inbox: organisation.inbox, token: 'wrong' }).deliver(event);
    assert.equal(unsigned.status, 401);
    const elsewhere = await ispaNextSender({ backendUrl: organisation.url, inbox: 'no-such-inbox', token }).deliver(event);
    assert.equal(elsewhere.status, 403, 'an inbox the token was not made for');
    assert.match(JSON.stringify(elsewhere.body), /not no-such-inbox/);
    const person = await ispaNextSender({ backendUrl: organisation.url, inbox: organisation.inbox, token: organisation.org.token }).deliver(event);
    assert.equal(person.status, 403, 'a person\'s token does not push');
  });
});
