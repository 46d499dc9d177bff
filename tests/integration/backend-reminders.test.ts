import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ConversationService } from '../../src/backend/conversations/conversation-service';
import { ReminderBot } from '../../src/backend/reminders/reminder-bot';
import { call, createOrganisation, eventually, openTestStore, REMINDER_TEMPLATE, seedApprovedTemplate, startSystem } from '../support/backend';
import { manualClock } from '../support/desktop';

const DAY_BEFORE_17 = { enabled: true, template: { name: 'appointment_reminder', language: 'nl' }, when: { kind: 'day_before', at: '17:00' } };

describe('backend: the reminder bot of an inbox', () => {
  // Wednesday 25 November 2026, 16:00 in Amsterdam: an hour before the inbox's 17:00.
  const clock = manualClock(Date.parse('2026-11-25T15:00:00Z'));
  let system: Awaited<ReturnType<typeof startSystem>>;
  let inbox: string;
  const ids: Record<string, string> = {};
  const api = (method: string, path: string, body?: unknown, token = system.org.token) => call(system.backend.url, token, method, path, body);
  const appointment = async (sourceId: string, date: string, extra: Record<string, unknown> = {}) => {
    const created = await api('POST', '/v2/appointments', { inbox, source: 'planit', sourceId, date, time: '09:30', plate: '12-ABC-3', ...extra });
    assert.equal(created.status, 200, JSON.stringify(created.body));
    return created.body as { id: string; contact: string };
  };
  const person = (name: string, telephone?: string) => ({ contact: { profile: { name, ...(telephone ? { telephone } : {}) } } });
  const state = async (id: string) => (await api('GET', `/v2/appointments/${id}/reminder`)).body;

  before(async () => {
    system = await startSystem({ clock });
    inbox = (await system.backend.store.organizations.inboxes(system.org.organizationId))[0]!.id;
    await seedApprovedTemplate(system.backend.store, system.org.organizationId, REMINDER_TEMPLATE, clock.now());
    const saved = await api('PUT', `/v2/inboxes/${inbox}/reminders`, DAY_BEFORE_17);
    assert.equal(saved.status, 200, JSON.stringify(saved.body));
    ids.due = (await appointment('P-1', '2026-11-26', person('Jan de Vries', '06 12345678'))).id;
    ids.cancelled = (await appointment('P-2', '2026-11-26', { ...person('Els', '06 22334455'), cancelled: true })).id;
    ids.noPhone = (await appointment('P-3', '2026-11-26', person('Zonder Nummer'))).id;
    ids.finished = (await appointment('P-4', '2026-11-26', person('Al Klaar', '06 33445566'))).id;
    ids.landline = (await appointment('P-6', '2026-11-26', person('Levi Kok', '020 5551234'))).id;
    const optedOut = await appointment('P-7', '2026-11-26', person('Stop Nu', '06 66778899'));
    ids.optedOut = optedOut.id;
    ids.later = (await appointment('P-5', '2026-11-27', person('Overmorgen', '06 44556677'))).id;
    ids.monday = (await appointment('P-8', '2026-11-30', person('Maandag', '06 55667788'))).id;
    assert.equal((await api('PATCH', `/v2/appointments/${ids.finished}`, { column: 'finished' })).body.column, 'finished');
    // The customer wrote STOP: the store marks the contact as the webhook does.
    const store = await openTestStore(system.dataFile);
    await store.contacts.setOptedOut(system.org.organizationId, optedOut.contact, { at: clock.now(), by: 'STOP' });
    await store.close();
  });
  after(async () => {
    await system.backend.close();
    await system.simulator.close();
  });

  it('plans each reminder for 17:00 on the last open day before, and does nothing before then', async () => {
    assert.deepEqual(await state(ids.due!), { state: 'scheduled', dueAt: Date.parse('2026-11-26T16:00:00Z') - 86_400_000, skip: null });
    // Sunday is closed: Monday's reminder goes out on Saturday.
    assert.deepEqual(await state(ids.monday!), { state: 'scheduled', dueAt: Date.parse('2026-11-28T16:00:00Z'), skip: null });
    // Not decided before it is due, but the line already says what the run would do, as the preview does.
    const landline = await state(ids.landline!);
    assert.equal(landline.state, 'scheduled');
    assert.equal(landline.skip.reason, 'no_mobile');
    assert.deepEqual(await system.backend.reminders.run(), { sent: 0, skipped: 0 });
  });

  it('previews the run: how many go out, and who is skipped and why, by name', async () => {
    const preview = (await api('GET', `/v2/inboxes/${inbox}/reminders/preview?date=2026-11-25`)).body;
    assert.equal(preview.runs.length, 1);
    const [run] = preview.runs;
    assert.equal(run.dueAt, Date.parse('2026-11-25T16:00:00Z'));
    assert.equal(run.toSend, 1);
    const names = Object.fromEntries(run.skipped.map((g: { reason: string; customers: Array<{ name: string }> }) => [g.reason, g.customers.map((c) => c.name)]));
    assert.deepEqual(names, { cancelled: ['Els'], no_phone: ['Zonder Nummer'], finished: ['Al Klaar'], no_mobile: ['Levi Kok'], opted_out: ['Stop Nu'] });
    const bad = await api('GET', `/v2/inboxes/${inbox}/reminders/preview?date=25-11-2026`);
    assert.equal(bad.status, 400);
    assert.match(bad.body.error.message, /date/);
  });

  it('sends one reminder per appointment across overlapping runs, a second process and a restart', async () => {
    clock.set(Date.parse('2026-11-25T16:30:00Z'));
    const second = await openTestStore(system.dataFile);
    const secondBot = new ReminderBot(second, new ConversationService(second, clock, () => {}, 'NL'), clock);
    const results = await Promise.all([Promise.resolve().then(() => system.backend.reminders.run()), Promise.resolve().then(() => secondBot.run())]);
    await second.close();
    assert.equal(results.reduce((n, r) => n + r.sent, 0), 1);
    assert.equal(results.reduce((n, r) => n + r.skipped, 0), 5);

    await system.backend.close();
    system = await startSystem({ clock, dataFile: system.dataFile, org: system.org, simulator: system.simulator });
    assert.deepEqual(await system.backend.reminders.run(), { sent: 0, skipped: 0 });

    const sent = await state(ids.due!);
    assert.equal(sent.state, 'sent');
    assert.equal(sent.by, null, 'the bot sent it');
    const received = await eventually(() => system.simulator.delivered().find((m) => m.to === '31612345678' && m.template === 'appointment_reminder'));
    assert.equal(received.body, '[appointment_reminder] Jan de Vries | donderdag 26 november | 09:30 | 12-ABC-3');
    assert.equal(system.simulator.delivered().filter((m) => m.to === '31612345678').length, 1);
  });

  it('skips cancelled, finished, opted-out, landline and phoneless appointments, each with its reason, and waits for later ones', async () => {
    const skipped = async (id: string) => {
      const s = await state(id);
      assert.equal(s.state, 'skipped');
      return s.reason;
    };
    assert.equal(await skipped(ids.cancelled!), 'cancelled');
    assert.equal(await skipped(ids.finished!), 'finished');
    assert.equal(await skipped(ids.noPhone!), 'no_phone');
    assert.equal(await skipped(ids.optedOut!), 'opted_out');
    assert.equal(await skipped(ids.landline!), 'no_mobile');
    assert.match((await state(ids.landline!)).detail, /\+31205551234 is not a mobile number/);
    assert.equal((await state(ids.later!)).state, 'scheduled');
  });

  it('lets an advisor send a reminder now, once, and refuses it in words for an opted-out customer', async () => {
    const now = await api('POST', `/v2/appointments/${ids.later}/reminder`);
    assert.equal(now.status, 200, JSON.stringify(now.body));
    assert.equal(now.body.state, 'sent');
    assert.equal(now.body.by, 'Sanne');
    const again = await api('POST', `/v2/appointments/${ids.later}/reminder`);
    assert.equal(again.status, 409);
    assert.equal(again.body.error.code, 'REMINDER_ALREADY_SENT');
    const refused = await api('POST', `/v2/appointments/${ids.optedOut}/reminder`);
    assert.equal(refused.status, 422);
    assert.deepEqual([refused.body.error.code, refused.body.error.params], ['REMINDER_NOT_SENT', { reason: 'opted_out' }]);
    assert.match(refused.body.error.message, /opted out/);
    // The bot does not send it a second time at Thursday's run.
    clock.set(Date.parse('2026-11-26T16:30:00Z'));
    assert.deepEqual(await system.backend.reminders.run(), { sent: 0, skipped: 0 });
    await eventually(() => system.simulator.delivered().find((m) => m.to === '31644556677'));
    assert.equal(system.simulator.delivered().filter((m) => m.to === '31644556677').length, 1);
  });

  it('moves a reminder past a holiday to the last open day, and sends it then', async () => {
    // Saturday 28 November a holiday, Sunday closed: Monday's reminder goes out on Friday.
    const patched = await api('PATCH', `/v2/inboxes/${inbox}`, { closedDates: [{ date: '2026-11-28', name: 'Bedrijfsuitje' }] });
    assert.equal(patched.status, 200, JSON.stringify(patched.body));
    assert.deepEqual(await state(ids.monday!), { state: 'scheduled', dueAt: Date.parse('2026-11-27T16:00:00Z'), skip: null });
    clock.set(Date.parse('2026-11-27T16:01:00Z'));
    assert.deepEqual(await system.backend.reminders.run(), { sent: 1, skipped: 0 });
    assert.equal((await state(ids.monday!)).state, 'sent');
  });

  it('goes by the wall clock across the autumn DST switch (hours before)', async () => {
    const hours = await api('PUT', `/v2/inboxes/${inbox}/reminders`, { ...DAY_BEFORE_17, when: { kind: 'hours_before', hours: 24 } });
    assert.equal(hours.status, 200);
    clock.set(Date.parse('2027-10-29T12:00:00Z'));
    // Sunday 31 October 2027 is the switch; Monday's 09:30 reminded 24 wall-clock hours before
    // falls on the closed Sunday: Saturday 09:30 summer time.
    const monday = (await appointment('DST-1', '2027-11-01', person('Herfst', '06 11223344'))).id;
    assert.deepEqual(await state(monday), { state: 'scheduled', dueAt: Date.parse('2027-10-30T07:30:00Z'), skip: null });
    clock.set(Date.parse('2027-10-30T07:29:00Z'));
    assert.deepEqual(await system.backend.reminders.run(), { sent: 0, skipped: 0 });
    clock.set(Date.parse('2027-10-30T07:30:00Z'));
    assert.deepEqual(await system.backend.reminders.run(), { sent: 1, skipped: 0 });
  });

  it('does not send on its own a reminder due long ago (an appointment made after its time); one made shortly after still gets it', async () => {
    assert.equal((await api('PUT', `/v2/inboxes/${inbox}/reminders`, DAY_BEFORE_17)).status, 200);
    // Tuesday 2 November 2027, 19:00 in Amsterdam: two hours after Wednesday's reminders were due.
    clock.set(Date.parse('2027-11-02T18:00:00Z'));
    const tomorrow = (await appointment('LATE-1', '2027-11-03', person('Net Op Tijd', '06 22113344'))).id;
    assert.deepEqual(await system.backend.reminders.run(), { sent: 1, skipped: 0 });
    assert.equal((await state(tomorrow)).state, 'sent');
    // Wednesday 3 November, 10:00: an appointment made now for this afternoon; its reminder was due yesterday 17:00.
    clock.set(Date.parse('2027-11-03T09:00:00Z'));
    const sameDay = (await appointment('LATE-2', '2027-11-03', { ...person('Vandaag Nog', '06 33221144'), time: '16:30' })).id;
    const planned = await state(sameDay);
    assert.deepEqual([planned.state, planned.skip?.reason], ['scheduled', 'late'], 'the line says it will not go on its own');
    assert.deepEqual(await system.backend.reminders.run(), { sent: 0, skipped: 1 });
    assert.deepEqual([(await state(sameDay)).state, (await state(sameDay)).reason], ['skipped', 'late']);
    assert.equal(system.simulator.delivered().filter((m) => m.to === '31633221144').length, 0);
  });

  it('refuses settings whose template the bot cannot send, in words, and needs a template to be on', async () => {
    const unknown = await api('PUT', `/v2/inboxes/${inbox}/reminders`, { ...DAY_BEFORE_17, template: { name: 'nope', language: 'nl' } });
    assert.equal(unknown.status, 422);
    assert.deepEqual(unknown.body.error.params, { reason: 'template_unknown' });
    assert.match(unknown.body.error.message, /"nope" \(nl\) does not exist/);
    await seedApprovedTemplate(system.backend.store, system.org.organizationId, { ...REMINDER_TEMPLATE, name: 'two_values', body: 'Beste {{1}}, tot {{2}}.', parameterHints: [] }, clock.now());
    const values = await api('PUT', `/v2/inboxes/${inbox}/reminders`, { ...DAY_BEFORE_17, template: { name: 'two_values', language: 'nl' } });
    assert.equal(values.body.error.params.reason, 'template_values');
    const off = await api('PUT', `/v2/inboxes/${inbox}/reminders`, { ...DAY_BEFORE_17, template: null });
    assert.equal(off.status, 400);
    assert.match(off.body.error.message, /needs a template/);
    const hours = await api('PUT', `/v2/inboxes/${inbox}/reminders`, { ...DAY_BEFORE_17, when: { kind: 'hours_before', hours: 200 } });
    assert.match(hours.body.error.message, /at most 168 hours/);
  });

  it('skips with "no template" an inbox whose template was never set, and keeps organisations apart', async () => {
    const other = await createOrganisation(system.dataFile, 'Zonder Sjabloon', clock.now());
    const otherInbox = (await system.backend.store.organizations.inboxes(other.organizationId))[0]!.id;
    const otherApi = (method: string, path: string, body?: unknown) => call(system.backend.url, other.token, method, path, body);
    assert.deepEqual((await otherApi('GET', `/v2/inboxes/${otherInbox}/reminders`)).body.settings, {
      enabled: false,
      template: null,
      when: { kind: 'day_before', at: '17:00' },
    });
    const created = await otherApi('POST', '/v2/appointments', {
      inbox: otherInbox, source: 'planit', sourceId: 'X-1', date: '2027-11-09', time: '08:00', contact: { profile: { telephone: '06 55667788' } },
    });
    assert.deepEqual((await otherApi('GET', `/v2/appointments/${created.body.id}/reminder`)).body, { state: 'off' });
    const refused = await otherApi('POST', `/v2/appointments/${created.body.id}/reminder`);
    assert.deepEqual(refused.body.error.params, { reason: 'no_template' });
    assert.equal((await state(created.body.id)).error.code, 'NOT_FOUND', 'another organisation’s appointment is not visible');
    assert.equal((await otherApi('GET', `/v2/inboxes/${inbox}/reminders`)).status, 404, 'nor its inbox');
  });

  it('opts out every customer known by the phone that wrote STOP, not only the one its message was filed under', async () => {
    assert.equal((await api('PUT', `/v2/inboxes/${inbox}/reminders`, DAY_BEFORE_17)).status, 200);
    const pietsCard = await appointment('SHARED-1', '2027-11-20', person('Piet Bakker', '06 12340002'));
    const annasCard = await appointment('SHARED-2', '2027-11-21', person('Anna Bakker', '06 12340002'));
    assert.notEqual(pietsCard.contact, annasCard.contact, 'two people known by one phone');
    const [piet, anna] = [pietsCard.id, annasCard.id];
    await call(system.simulator.url, null, 'POST', '/simulator/customers/31612340002/reply', { text: 'STOP' });
    await eventually(async () => (await state(piet)).skip?.reason === 'opted_out');
    assert.equal((await state(anna)).skip?.reason, 'opted_out', 'the same phone gets no reminder under another name');
  });

  it('reminds a moved appointment of its new day, once; a reminder sent for the same day is not sent again', async () => {
    assert.equal((await api('PUT', `/v2/inboxes/${inbox}/reminders`, DAY_BEFORE_17)).status, 200);
    clock.set(Date.parse('2027-11-09T16:05:00Z'));
    const moved = (await appointment('MOVE-1', '2027-11-10', person('Ver Zet', '06 17889900'))).id;
    assert.deepEqual(await system.backend.reminders.run(), { sent: 1, skipped: 0 });
    // Planning moves it a week on: the customer is reminded the day before the new date.
    await appointment('MOVE-1', '2027-11-17', person('Ver Zet', '06 17889900'));
    assert.equal((await state(moved)).state, 'scheduled');
    clock.set(Date.parse('2027-11-16T16:05:00Z'));
    assert.deepEqual(await system.backend.reminders.run(), { sent: 1, skipped: 0 });
    // Half an hour later on the same day: no second reminder.
    await appointment('MOVE-1', '2027-11-17', { ...person('Ver Zet', '06 17889900'), time: '10:00' });
    assert.equal((await state(moved)).state, 'sent');
    assert.deepEqual(await system.backend.reminders.run(), { sent: 0, skipped: 0 });
    await eventually(() => system.simulator.delivered().filter((m) => m.to === '31617889900').length === 2);
  });

  it('keeps an appointment\'s wall-clock time when a manager gives its inbox another zone: its instant and its reminder move with it', async () => {
    clock.set(Date.parse('2027-11-22T10:00:00Z'));
    const card = await appointment('ZONE-1', '2027-11-24', person('Andere Zone', '06 18889900'));
    const amsterdam = Date.parse('2027-11-24T08:30:00Z');
    assert.equal((await state(card.id)).dueAt, Date.parse('2027-11-23T16:00:00Z'));
    const seq = (await system.backend.store.events.since(system.org.organizationId, 0, 100_000)).length;
    assert.equal((await api('PATCH', `/v2/inboxes/${inbox}`, { zone: 'America/New_York' })).status, 200);
    // 09:30 is still 09:30, now in New York; every desktop hears the new instant.
    const upserts = (await system.backend.store.events.since(system.org.organizationId, 0, 100_000))
      .slice(seq)
      .filter((e) => e.type === 'appointment.upsert' && (e.data as any).appointment.id === card.id);
    assert.equal(upserts.length, 1);
    assert.equal((upserts[0]!.data as any).appointment.startsAt, Date.parse('2027-11-24T14:30:00Z'));
    assert.notEqual((upserts[0]!.data as any).appointment.startsAt, amsterdam);
    assert.equal((await state(card.id)).dueAt, Date.parse('2027-11-23T22:00:00Z'), '17:00 the day before, in New York');
    assert.equal((await api('PATCH', `/v2/inboxes/${inbox}`, { zone: 'Europe/Amsterdam' })).status, 200);
  });
});
