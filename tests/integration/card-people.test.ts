import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import BetterSqlite3 from 'better-sqlite3';
import type { DesktopCore } from '../../src/desktop/core';
import { localDateAt } from '../../src/domain/zoned-time';
import { call, eventually } from '../support/backend';
import { connectedCore, settled, startOrganisation, type Organisation } from '../support/connected';
import { startCore, tempDataFile } from '../support/desktop';

const today = () => localDateAt(Date.now(), 'Europe/Amsterdam');

/**
 * Two desktops of one organisation: A joined with the first manager's own token (Sanne is
 * signed in there), B with the personal token of Piet, an advisor the manager added. Each
 * change made on one says on the other who made it.
 */
describe('every change says who made it, on another desktop', () => {
  let organisation: Organisation;
  let a: DesktopCore;
  let b: DesktopCore;
  let bFile: string;
  let pietToken: string;
  const people = { sanne: '', piet: '', eva: '' };
  const cards = { first: '', owners: '', sanne: '', eva: '' };

  const asManager = (method: string, path: string, body?: unknown) => call(organisation.url, organisation.org.token, method, path, body);

  async function addUser(name: string): Promise<string> {
    const res = await asManager('POST', '/v2/users', { name, email: `${name.toLowerCase()}@garage.test`, role: 'advisor' });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    return res.body.user._id as string;
  }

  async function addAppointment(sourceId: string, phone: string, owner: string | null): Promise<string> {
    const res = await asManager('POST', '/v2/appointments', {
      inbox: organisation.inbox,
      source: 'planit',
      sourceId,
      date: today(),
      time: '09:00',
      owner,
      contact: { profile: { name: `Klant ${sourceId}`, telephone: phone } },
    });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return res.body.id as string;
  }

  const desktopB = (dataFile: string) => startCore({ dataFile, sample: false, userId: 'os-account-b', backend: { url: organisation.url, token: pietToken } });
  const card = async (core: DesktopCore, id: string) => (await core.handlers.getBoard({})).cards.find((c) => c.id === id);

  before(async () => {
    organisation = await startOrganisation();
    people.sanne = (await asManager('GET', '/v2/auth/me')).body._id as string;
    people.piet = await addUser('Piet');
    people.eva = await addUser('Eva');
    const token = await asManager('POST', '/v2/tokens', { user: people.piet, label: 'Piet’s scripts', days: 30 });
    assert.equal(token.status, 201, JSON.stringify(token.body));
    pietToken = token.body.token as string;
    cards.first = await addAppointment('P-1', '+31611000001', null);
    cards.owners = await addAppointment('P-2', '+31611000002', '  piet ');
    cards.sanne = await addAppointment('P-3', '+31611000003', 'Sanne');
    cards.eva = await addAppointment('P-4', '+31611000004', 'Piet');
    a = connectedCore(organisation).core;
    bFile = tempDataFile();
    b = desktopB(bFile);
    await Promise.all([settled(a), settled(b)]);
    await eventually(() => a.context.people.signedIn()?.id === people.sanne && b.context.people.signedIn()?.id === people.piet);
    // Both learned the advisors the manager added from the event stream.
    for (const core of [a, b]) await eventually(async () => (await core.handlers.listColleagues({})).filter((c) => c.id === people.piet || c.id === people.eva).length === 2);
    for (const id of Object.values(cards)) await eventually(async () => (await card(a, id)) && (await card(b, id)));
  });
  after(async () => {
    a.close();
    b.close();
    await organisation.close();
  });

  it('the first manager, there before either desktop joined (no event names her), is a colleague on both: read at joining', async () => {
    for (const core of [a, b]) {
      assert.deepEqual(
        (await core.handlers.listColleagues({})).find((c) => c.id === people.sanne),
        { id: people.sanne, name: 'Sanne', role: 'manager' },
      );
    }
  });

  it('a move on A is in the card’s history on B with the manager’s name; a reorder within the column is not', async () => {
    await a.handlers.moveCard({ id: cards.first, column: 'in_service', beforeId: null, afterId: null });
    const line = await eventually(async () => (await b.handlers.getCardHistory({ appointmentId: cards.first }))[0]);
    assert.deepEqual(line.change, { kind: 'column', column: 'in_service' });
    assert.deepEqual(line.by, { id: people.sanne, name: 'Sanne', kind: 'user' });
    assert.equal(line.pending, false);
    assert.ok(Math.abs(line.at - Date.now()) < 60_000);

    // Another card into the same column, then the first placed after it there: a reorder.
    await a.handlers.moveCard({ id: cards.sanne, column: 'in_service', beforeId: null, afterId: null });
    await a.handlers.moveCard({ id: cards.first, column: 'in_service', beforeId: cards.sanne, afterId: null });
    await settled(a);
    await eventually(async () => (await b.handlers.getCardHistory({ appointmentId: cards.sanne })).length === 1);
    await eventually(async () => (await card(b, cards.first))!.position > (await card(b, cards.sanne))!.position);
    assert.equal((await b.handlers.getCardHistory({ appointmentId: cards.first })).length, 1, 'the reorder is no line');
    assert.deepEqual(await a.handlers.getCardHistory({ appointmentId: cards.first }), await b.handlers.getCardHistory({ appointmentId: cards.first }));
  });

  it('a change that waits to be sent is in the history as the person’s, waiting, until its event brings the line', async () => {
    await organisation.stop();
    try {
      await a.handlers.setColour({ id: cards.first, colour: 'red' });
      const [waiting, ...rest] = await a.handlers.getCardHistory({ appointmentId: cards.first });
      assert.deepEqual(waiting!.change, { kind: 'colour', colour: 'red' });
      assert.equal(waiting!.pending, true);
      assert.equal(waiting!.by?.name, 'Sanne');
      assert.equal(rest.length, 1);
    } finally {
      await organisation.restart();
    }
    await settled(a, 20_000);
    const lines = await eventually(async () => {
      const h = await a.handlers.getCardHistory({ appointmentId: cards.first });
      return h.length === 2 && h.every((l) => !l.pending) ? h : undefined;
    });
    assert.deepEqual(lines[0]!.change, { kind: 'colour', colour: 'red' });
    assert.equal(lines[0]!.by?.name, 'Sanne');
  });

  it('an advisor set on A is the card’s advisor on B, and in its history; an unknown colleague is refused in words', async () => {
    await a.handlers.setAdvisor({ appointmentId: cards.first, userId: people.piet });
    await eventually(async () => (await card(b, cards.first))?.advisor?.id === people.piet);
    assert.deepEqual((await card(b, cards.first))!.advisor, { id: people.piet, name: 'Piet' });
    const line = await eventually(async () => (await b.handlers.getCardHistory({ appointmentId: cards.first })).find((l) => l.change.kind === 'advisor'));
    assert.deepEqual(line.change, { kind: 'advisor', advisor: { id: people.piet, name: 'Piet' } });
    assert.equal(line.by?.name, 'Sanne');

    await assert.rejects(async () => a.handlers.setAdvisor({ appointmentId: cards.first, userId: 'nobody-here' }), /no colleague "nobody-here"/);
    assert.equal((await card(a, cards.first))!.advisor?.id, people.piet, 'nothing changed');
  });

  it('Mine on B shows Piet’s cards only — his by advisor, or by the planning system’s owner text without one — and counts only their waiting customers', async () => {
    await a.handlers.setAdvisor({ appointmentId: cards.eva, userId: people.eva });
    await settled(a);
    await eventually(async () => (await card(b, cards.eva))?.advisor?.id === people.eva);
    await b.handlers.setMine({ mine: true });
    assert.equal((await b.handlers.getSettings({})).mine, true);
    const shown = async (core: DesktopCore) => (await core.handlers.getBoard({})).cards.map((c) => c.id).sort();
    assert.deepEqual(await shown(b), [cards.first, cards.owners].sort());
    assert.deepEqual(await shown(a), Object.values(cards).sort(), 'Mine is Piet’s choice, not Sanne’s');

    await organisation.reply('Is mijn auto klaar?', '+31611000003');
    await eventually(async () => (await a.handlers.getBoard({})).waitingCount === 1);
    await eventually(async () => (await card(b, cards.sanne)) === undefined && (await b.handlers.getBoard({})).cards.length === 2);
    assert.equal((await b.handlers.getBoard({})).waitingCount, 0, 'a waiting customer of someone else’s card');
    await organisation.reply('Hoe laat kan ik komen?', '+31611000002');
    await eventually(async () => (await b.handlers.getBoard({})).waitingCount === 1);

    // The choice follows Piet to his other desktops.
    await eventually(async () => (await call(organisation.url, pietToken, 'GET', '/v2/users/me/settings')).body?.mine === true);
  });

  it('comments and messages carry their author on the other desktop, and at once on the desktop that wrote them', async () => {
    const comment = await a.handlers.addComment({ appointmentId: cards.first, text: 'Remblokken besteld' });
    assert.deepEqual(comment.author, { id: people.sanne, name: 'Sanne', kind: 'user' });
    const sent = await a.handlers.sendMessage({
      appointmentId: cards.first,
      touchpoint: 'whatsapp',
      template: { name: 'vehicle_ready', language: 'nl', parameters: ['Klant', '12-AB-34', 'de receptie'] },
    });
    assert.equal(sent.author?.name, 'Sanne');
    await b.handlers.addComment({ appointmentId: cards.first, text: 'Klant belt terug' });

    const onB = await eventually(async () => {
      const view = await b.handlers.getConversation({ appointmentId: cards.first });
      return view.comments.length === 2 && view.messages.some((m) => m.type === 'template' && m.status !== 'pending') ? view : undefined;
    });
    assert.deepEqual(onB.comments.find((c) => c.text === 'Remblokken besteld')!.author, { id: people.sanne, name: 'Sanne', kind: 'user' });
    assert.deepEqual(onB.messages.find((m) => m.type === 'template')!.author, { id: people.sanne, name: 'Sanne', kind: 'user' });
    const onA = await eventually(async () => (await a.handlers.getConversation({ appointmentId: cards.first })).comments.find((c) => c.text === 'Klant belt terug'));
    assert.deepEqual(onA.author, { id: people.piet, name: 'Piet', kind: 'user' });
  });

  it('a replay of the event log from its start adds no line twice', async () => {
    const lines = await b.handlers.getCardHistory({ appointmentId: cards.first });
    assert.ok(lines.length >= 3);
    const cursor = () => {
      const db = new BetterSqlite3(bFile);
      try {
        return Number(db.prepare("SELECT value FROM sync_state WHERE key = 'eventCursor'").pluck().get());
      } finally {
        db.close();
      }
    };
    b.close();
    const reached = cursor();
    const db = new BetterSqlite3(bFile);
    db.prepare("UPDATE sync_state SET value = '0' WHERE key = 'eventCursor'").run();
    db.close();
    b = desktopB(bFile);
    await eventually(() => cursor() >= reached, 20_000);
    assert.deepEqual(await b.handlers.getCardHistory({ appointmentId: cards.first }), lines);
  });
});
