import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { localDateAt } from '../../src/domain/zoned-time';
import { call, eventually } from '../support/backend';
import { connectedCore, startOrganisation, settled, type Organisation } from '../support/connected';
import { manualTime } from '../support/time';

const ZONE = 'Europe/Amsterdam';
const today = () => localDateAt(Date.now(), ZONE);
const HOUR = 3_600_000;

describe('desktops connected to one backend', () => {
  let organisation: Organisation;
  before(async () => {
    organisation = await startOrganisation();
  });
  after(() => organisation.close());

  async function backendEvents(type: string) {
    const res = await call(organisation.url, organisation.org.token, 'GET', '/v2/events?since=0&limit=1000');
    return (res.body.data as Array<{ type: string; data: any }>).filter((e) => e.type === type);
  }

  it('a move and a colour on one desktop reach the other; simultaneous moves end the same on both', async (t) => {
    const appt = await organisation.appointment({ sourceId: 'A-1', date: today(), time: '08:30', name: 'Eva de Vries', phone: '+31611111111' });
    const a = connectedCore(organisation);
    const b = connectedCore(organisation);
    t.after(() => (a.core.close(), b.core.close()));
    const cardOn = async (desktop: typeof a) =>
      (await desktop.core.handlers.getBoard({})).cards.find((c) => c.id === appt.id);
    await eventually(async () => (await cardOn(a)) && (await cardOn(b)));
    assert.equal((await cardOn(b))!.customerName, 'Eva de Vries');

    await a.core.handlers.moveCard({ id: appt.id, column: 'in_service', beforeId: null, afterId: null });
    await a.core.handlers.setColour({ id: appt.id, colour: 'green' });
    await eventually(async () => (await cardOn(b))?.column === 'in_service' && (await cardOn(b))?.colour === 'green');
    assert.ok(b.events.some((e) => e.type === 'appointments.changed' && e.ids.includes(appt.id)), 'B told its windows');

    await Promise.all([
      a.core.handlers.moveCard({ id: appt.id, column: 'on_hold', beforeId: null, afterId: null }),
      b.core.handlers.moveCard({ id: appt.id, column: 'ready', beforeId: null, afterId: null }),
    ]);
    await Promise.all([settled(a.core), settled(b.core)]);
    const last = (await backendEvents('appointment.move')).at(-1)!.data.column;
    await eventually(async () => (await cardOn(a))?.column === last && (await cardOn(b))?.column === last);
  });

  it('a reply lights the conversation on both desktops and opening it on one clears it on the other; the window rules hold', async (t) => {
    const phone = '+31622222222';
    const appt = await organisation.appointment({ sourceId: 'A-2', date: today(), name: 'Piet Bakker', phone });
    const a = connectedCore(organisation);
    const b = connectedCore(organisation);
    t.after(() => (a.core.close(), b.core.close()));
    await Promise.all([settled(a.core), settled(b.core)]);
    await eventually(async () => (await b.core.handlers.getBoard({})).cards.some((c) => c.id === appt.id));

    // Nobody wrote yet: free text is refused here, a template goes.
    await assert.rejects(
      async () => a.core.handlers.sendMessage({ appointmentId: appt.id, touchpoint: 'whatsapp', text: 'Hallo' }),
      /only a template/,
    );
    const template = await a.core.handlers.sendMessage({
      appointmentId: appt.id,
      touchpoint: 'whatsapp',
      template: { name: 'vehicle_ready', language: 'nl', parameters: ['Piet', '12-AB-34', 'de receptie'] },
    });
    assert.equal(template.status, 'pending');
    assert.match(template.text, /kenteken 12-AB-34 staat klaar/);
    const delivered = await eventually(async () => {
      const view = await b.core.handlers.getConversation({ appointmentId: appt.id });
      return view.messages.find((m) => m.type === 'template' && m.status === 'delivered');
    });
    assert.equal(delivered.role, 'agent');

    await organisation.reply('Top, ik kom eraan', phone);
    for (const desktop of [a, b]) {
      await eventually(async () => (await desktop.core.handlers.getBoard({})).cards.find((c) => c.id === appt.id)?.waiting);
      assert.ok(desktop.events.some((e) => e.type === 'message.received' && e.appointmentId === appt.id && e.text === 'Top, ik kom eraan'));
    }
    assert.equal((await b.core.handlers.getBoard({})).waitingCount, 1);

    await a.core.handlers.markRead({ appointmentId: appt.id });
    await eventually(async () => !(await b.core.handlers.getBoard({})).cards.find((c) => c.id === appt.id)?.waiting);

    const view = await a.core.handlers.getConversation({ appointmentId: appt.id });
    assert.ok(view.conversation.windowOpenUntil! > Date.now() + 23 * HOUR);
    await a.core.handlers.sendMessage({ appointmentId: appt.id, touchpoint: 'whatsapp', text: 'Tot zo!' });
    await eventually(async () =>
      (await b.core.handlers.getConversation({ appointmentId: appt.id })).messages.find((m) => m.text === 'Tot zo!' && m.status === 'delivered'),
    );
    await a.core.handlers.addComment({ appointmentId: appt.id, text: 'Klant komt om 16:00' });
    await eventually(async () => (await b.core.handlers.getBoard({})).cards.find((c) => c.id === appt.id)?.comments === 1);
    const comments = (await b.core.handlers.getConversation({ appointmentId: appt.id })).comments;
    assert.deepEqual(comments.map((c) => c.text), ['Klant komt om 16:00']);
    const sent = organisation.simulator.delivered().filter((m) => m.to === phone.slice(1));
    assert.equal(sent.length, 2, 'the template and the free text reached WhatsApp; the comment did not');
  });

  it('offline: changes wait in the outbox, survive a restart of the desktop, and arrive exactly once', async (t) => {
    const phone = '+31633333333';
    const appt = await organisation.appointment({ sourceId: 'A-3', date: today(), name: 'Sanne Smit', phone });
    await organisation.reply('Is mijn auto klaar?', phone);
    const first = connectedCore(organisation);
    await settled(first.core);
    await eventually(async () => (await first.core.handlers.getBoard({})).cards.some((c) => c.id === appt.id));
    await eventually(async () => (await first.core.handlers.getConversation({ appointmentId: appt.id })).conversation.lastInboundAt);

    await organisation.stop();
    await eventually(() => !first.core.context.sync.connection().online);
    const offline = first.core.context.sync.connection();
    assert.ok(offline.offlineSince! <= Date.now());
    await first.core.handlers.moveCard({ id: appt.id, column: 'ready', beforeId: null, afterId: null });
    await first.core.handlers.addComment({ appointmentId: appt.id, text: 'Band vervangen' });
    const queued = await first.core.handlers.sendMessage({ appointmentId: appt.id, touchpoint: 'whatsapp', text: 'Uw auto is klaar.' });
    const walkIn = await first.core.handlers.createManualAppointment({ date: today(), customerName: 'Walk-in Klant', phone: '0644444444' });
    assert.equal(queued.status, 'pending');
    assert.equal(first.core.context.sync.connection().pending, 4);
    first.core.close();

    await organisation.restart();
    const again = connectedCore(organisation, { dataFile: first.dataFile });
    t.after(() => again.core.close());
    assert.equal((await again.core.handlers.getBoard({})).cards.find((c) => c.id === appt.id)?.column, 'ready', 'shown from the cache');
    await settled(again.core);
    await eventually(async () =>
      (await again.core.handlers.getConversation({ appointmentId: appt.id })).messages.find((m) => m.text === 'Uw auto is klaar.' && m.status === 'delivered'),
    );

    const moves = (await backendEvents('appointment.move')).filter((e) => e.data.appointment === appt.id);
    assert.deepEqual(moves.map((m) => m.data.column), ['ready']);
    const messages = (await backendEvents('message.create')).map((e) => e.data.message).filter((m) => m.text === 'Uw auto is klaar.' || m.text === 'Band vervangen');
    assert.equal(messages.length, 2, 'the message and the comment, once each');
    const upserts = (await backendEvents('appointment.upsert')).filter((e) => e.data.appointment.id === walkIn.id);
    assert.equal(upserts.length, 1, 'the walk-in reached the backend under its own id');
    assert.equal(organisation.simulator.delivered().filter((m) => m.to === phone.slice(1)).length, 1);
  });

  it('free text that waited past the 24-hour window is held back and flagged, not sent', async (t) => {
    const phone = '+31655555555';
    const appt = await organisation.appointment({ sourceId: 'A-4', date: today(), name: 'Kees Visser', phone });
    await organisation.reply('Hoe laat kan ik komen?', phone);
    // The desktop's clock and its retries move only when the test moves them.
    const time = manualTime(Date.now());
    const desktop = connectedCore(organisation, { clock: time.clock, timers: time.timers });
    t.after(() => desktop.core.close());
    await settled(desktop.core);
    await eventually(async () => (await desktop.core.handlers.getBoard({})).cards.some((c) => c.id === appt.id));
    await eventually(async () => (await desktop.core.handlers.getConversation({ appointmentId: appt.id })).conversation.lastInboundAt);

    await organisation.stop();
    await eventually(() => !desktop.core.context.sync.connection().online);
    await desktop.core.handlers.sendMessage({ appointmentId: appt.id, touchpoint: 'whatsapp', text: 'Om 10 uur is goed.' });
    time.advance(25 * HOUR);
    await organisation.restart();
    // Each look moves the desktop past its longest backoff: it reconnects and sends at its next try, not after a real wait.
    await eventually(() => {
      time.advance(30_000);
      const connection = desktop.core.context.sync.connection();
      return connection.online && connection.pending === 0;
    });
    const held = (await desktop.core.handlers.getConversation({ appointmentId: appt.id })).messages.find((m) => m.text === 'Om 10 uur is goed.')!;
    assert.equal(held.status, 'held');
    assert.match(held.failure!.reason, /24-hour window closed/);
    assert.equal(organisation.simulator.delivered().filter((m) => m.to === phone.slice(1)).length, 0);
  });

  it('a reply to tomorrow\'s appointment is waiting too, for the Waiting filter, though not on today\'s board', async (t) => {
    const phone = '+31666666666';
    const tomorrow = localDateAt(Date.now() + 24 * HOUR, ZONE);
    const appt = await organisation.appointment({ sourceId: 'A-6', date: tomorrow, name: 'Mila Vos', phone });
    const desktop = connectedCore(organisation);
    t.after(() => desktop.core.close());
    await settled(desktop.core);
    await organisation.reply('Bevestigen', phone);
    const board = await eventually(async () => {
      const b = await desktop.core.handlers.getBoard({});
      return b.waitingElsewhere.some((c) => c.id === appt.id) ? b : undefined;
    });
    assert.equal(board.cards.some((c) => c.id === appt.id), false, 'not on today\'s board');
    assert.equal(board.waitingElsewhere.find((c) => c.id === appt.id)!.localDate, tomorrow);
    await desktop.core.handlers.markRead({ appointmentId: appt.id });
    assert.equal((await desktop.core.handlers.getBoard({})).waitingElsewhere.some((c) => c.id === appt.id), false);
  });

  it('a cache filled from one organisation refuses a backend that serves another', async (t) => {
    // The cache holds a card of its own organisation: the stream has brought it, not only connected.
    const own = await organisation.appointment({ sourceId: 'ORG-1', date: today(), name: 'Eigen Klant' });
    const first = connectedCore(organisation);
    await settled(first.core);
    await eventually(async () => (await first.core.handlers.getBoard({})).cards.some((card) => card.id === own.id));
    const cards = (await first.core.handlers.getBoard({})).cards.length;
    first.core.close();
    const other = await startOrganisation();
    t.after(() => other.close());
    await other.appointment({ sourceId: 'X-1', date: today(), name: 'Iemand Anders' });
    const again = connectedCore(other, { dataFile: first.dataFile });
    t.after(() => again.core.close());
    await eventually(() => /another organisation/.test(again.core.context.sync.connection().lastError ?? ''));
    await again.core.handlers.moveCard({ id: own.id, column: 'ready', beforeId: null, afterId: null });
    await new Promise((r) => setTimeout(r, 300));
    assert.equal((await again.core.handlers.getBoard({})).cards.length, cards, 'nothing of the other organisation arrived');
    assert.equal(again.core.context.sync.connection().pending, 1, 'and nothing was sent to it');
    assert.equal((await call(other.url, other.org.token, 'GET', '/v2/events?since=0')).body.data.filter((e: { type: string }) => e.type === 'appointment.move').length, 0);
  });

  it('a change the backend refuses is shown on the card with its reason, and the outbox goes on', async (t) => {
    const desktop = connectedCore(organisation);
    t.after(() => desktop.core.close());
    await settled(desktop.core);
    desktop.core.context.inboxes.upsert({ id: 'not-on-the-backend', name: 'Lokaal', kind: 'workshop' });
    const card = await desktop.core.handlers.createManualAppointment({ date: today(), inboxId: 'not-on-the-backend' });
    const other = await desktop.core.handlers.createManualAppointment({ date: today(), inboxId: organisation.inbox });
    await settled(desktop.core);
    const refused = (await desktop.core.handlers.getBoard({})).cards.find((c) => c.id === card.id)!;
    assert.equal(refused.syncError?.code, 'inboxNotFound');
    assert.equal(refused.syncError?.field, 'inbox');
    assert.match(refused.syncError!.message, /inbox does not exist/);
    assert.equal((await desktop.core.handlers.getBoard({})).cards.find((c) => c.id === other.id)!.syncError, null);
  });
});
