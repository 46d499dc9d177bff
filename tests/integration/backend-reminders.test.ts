import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ConversationService } from '../../src/backend/conversations/conversation-service';
import { ReminderBot } from '../../src/backend/reminders/reminder-bot';
import { BackendStore } from '../../src/backend/store/backend-store';
import { call, createOrganisation, eventually, REMINDER_TEMPLATE, startSystem } from '../support/backend';
import { manualClock } from '../support/desktop';

describe('backend: the reminder bot', () => {
  // 16:00 in Amsterdam: an hour before the inboxes' reminder hour (17:00).
  const clock = manualClock(Date.parse('2026-11-25T15:00:00Z'));
  let system: Awaited<ReturnType<typeof startSystem>>;
  let inbox: string;
  const ids: Record<string, string> = {};
  const api = (method: string, path: string, body?: unknown, token = system.org.token) => call(system.backend.url, token, method, path, body);
  const appointment = (sourceId: string, date: string, extra: Record<string, unknown> = {}) =>
    api('POST', '/v2/appointments', { inbox, source: 'planit', sourceId, date, time: '09:30', plate: '12-ABC-3', ...extra });

  before(async () => {
    system = await startSystem({ clock });
    inbox = system.backend.store.organizations.inboxes(system.org.organizationId)[0]!.id;
    await api('POST', '/v2/watemplates', REMINDER_TEMPLATE);
    assert.equal((await api('PUT', '/v2/reminders/settings', { template: 'appointment_reminder', language: 'nl' })).status, 200);
    const person = (name: string, telephone?: string) => ({ contact: { profile: { name, ...(telephone ? { telephone } : {}) } } });
    ids.due = (await appointment('P-1', '2026-11-26', person('Jan de Vries', '06 12345678'))).body.id;
    ids.cancelled = (await appointment('P-2', '2026-11-26', { ...person('Els', '06 22334455'), cancelled: true })).body.id;
    ids.noPhone = (await appointment('P-3', '2026-11-26', person('Zonder Nummer'))).body.id;
    ids.finished = (await appointment('P-4', '2026-11-26', person('Al Klaar', '06 33445566'))).body.id;
    ids.later = (await appointment('P-5', '2026-11-27', person('Overmorgen', '06 44556677'))).body.id;
    assert.equal((await api('PATCH', `/v2/appointments/${ids.finished}`, { column: 'finished' })).body.column, 'finished');
  });
  after(async () => {
    await system.backend.close();
    await system.simulator.close();
  });

  const decision = async (id: string) => (await api('GET', `/v2/appointments/${id}/reminder`)).body;

  it('does nothing before the inbox’s reminder hour', () => {
    assert.deepEqual(system.backend.reminders.run(), { sent: 0, skipped: 0 });
  });

  it('sends one reminder per appointment across overlapping runs, a second process and a restart', async () => {
    clock.set(Date.parse('2026-11-25T16:30:00Z'));
    // A second process on the same store, running at the same moment.
    const second = new BackendStore(system.dataFile);
    const secondBot = new ReminderBot(second, new ConversationService(second, clock, () => {}, 'NL'), clock);
    const results = await Promise.all([Promise.resolve().then(() => system.backend.reminders.run()), Promise.resolve().then(() => secondBot.run())]);
    second.close();
    assert.equal(results.reduce((n, r) => n + r.sent, 0), 1);

    await system.backend.close();
    system = await startSystem({ clock, dataFile: system.dataFile, org: system.org, simulator: system.simulator });
    assert.deepEqual(system.backend.reminders.run(), { sent: 0, skipped: 0 });

    const sent = await decision(ids.due!);
    assert.equal(sent.outcome, 'sent');
    const received = await eventually(() =>
      system.simulator.delivered().find((m) => m.to === '31612345678' && m.template === 'appointment_reminder'),
    );
    await new Promise((r) => setTimeout(r, 200));
    assert.equal(system.simulator.delivered().filter((m) => m.to === '31612345678').length, 1);
    assert.equal(received.body, '[appointment_reminder] Jan de Vries | donderdag 26 november | 09:30 | 12-ABC-3');
  });

  it('skips cancelled, finished and unreachable appointments, each with its reason, and waits for later ones', async () => {
    assert.deepEqual(await decision(ids.cancelled!), { appointmentId: ids.cancelled, outcome: 'skipped', reason: 'the appointment was cancelled', messageId: null });
    assert.equal((await decision(ids.finished!)).reason, 'the appointment is already finished');
    assert.equal((await decision(ids.noPhone!)).reason, 'the customer has no phone number');
    assert.equal((await api('GET', `/v2/appointments/${ids.later}/reminder`)).status, 404);
  });
  it('records "no template configured" for an organisation without one', async () => {
    const other = createOrganisation(system.dataFile, 'Zonder Sjabloon', clock.now());
    const otherInbox = system.backend.store.organizations.inboxes(other.organizationId)[0]!.id;
    const created = await api(
      'POST',
      '/v2/appointments',
      { inbox: otherInbox, source: 'planit', sourceId: 'X-1', date: '2026-11-26', time: '08:00', contact: { profile: { telephone: '06 55667788' } } },
      other.token,
    );
    assert.deepEqual(system.backend.reminders.run(), { sent: 0, skipped: 1 });
    const own = await call(system.backend.url, other.token, 'GET', `/v2/appointments/${created.body.id}/reminder`);
    assert.equal(own.body.reason, 'no reminder template is configured');
    assert.equal((await decision(created.body.id)).error.code, 'NOT_FOUND', 'another organisation’s appointment is not visible');
  });
});
