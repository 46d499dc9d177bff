import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { call, startSystem } from '../support/backend';
import { manualClock } from '../support/desktop';
import { customerWrites } from '../support/whatsapp-inbound';

describe('backend: every change says who made it', () => {
  const clock = manualClock(Date.parse('2026-11-30T08:00:00Z'));
  let system: Awaited<ReturnType<typeof startSystem>>;
  let inbox: string;
  const manager = () => system.org.token;
  const api = (token: string, method: string, path: string, body?: unknown) => call(system.backend.url, token, method, path, body);
  const people: Record<string, { id: string; token: string }> = {};

  /** A person of the organisation, added by the manager, with a token of their own. */
  const person = async (name: string, role: 'advisor' | 'manager') => {
    const invited = await api(manager(), 'POST', '/v2/users', { name, email: `${name.toLowerCase()}@garage.test`, role });
    assert.equal(invited.status, 201, JSON.stringify(invited.body));
    const issued = await api(manager(), 'POST', '/v2/tokens', { user: invited.body.user._id, label: `${name}'s script`, days: 1 });
    assert.equal(issued.status, 201, JSON.stringify(issued.body));
    return { id: invited.body.user._id as string, token: issued.body.token as string };
  };
  const events = async (type: string) => {
    const page = await api(manager(), 'GET', '/v2/events?since=0&limit=1000');
    assert.equal(page.status, 200);
    return (page.body.data as Array<{ type: string; data: any }>).filter((e) => e.type === type).map((e) => e.data);
  };

  before(async () => {
    system = await startSystem({ clock });
    inbox = (await api(manager(), 'GET', '/v2/organization')).body.inboxes[0].id;
    people.bram = await person('Bram', 'advisor');
    people.eva = await person('Eva', 'advisor');
    const desktop = await api(manager(), 'POST', '/v2/devices', { name: 'Balie 1', role: 'desktop' });
    assert.equal(desktop.status, 201, JSON.stringify(desktop.body));
    people.desktop = { id: desktop.body.session.subject, token: desktop.body.token };
    const wall = await api(manager(), 'POST', '/v2/devices', { name: 'Werkplaats', role: 'wall' });
    people.wall = { id: wall.body.session.subject, token: wall.body.token };
    const ispa = await api(manager(), 'POST', '/v2/integrations', { name: 'ISPA Next', system: 'ispa', inboxes: [inbox] });
    assert.equal(ispa.status, 201, JSON.stringify(ispa.body));
    people.ispa = { id: ispa.body.session.subject, token: ispa.body.token };
  });
  after(async () => {
    await system.backend.close();
    await system.simulator.close();
  });

  it('keeps and answers the sender of a message and the writer of a comment; the customer’s have none', async () => {
    const conversation = (await api(manager(), 'POST', '/v2/conversations', { contact: { profile: { name: 'Jan', telephone: '+31612345678' } } })).body.id;
    await customerWrites(system.backend.url, { phone: '+31612345678', name: 'Jan' }, ['Is mijn auto klaar?'], clock.now());
    const sent = await api(people.bram!.token, 'POST', `/v2/conversations/${conversation}/messages`, { text: 'Ja, u kunt hem ophalen.' });
    assert.equal(sent.status, 202, JSON.stringify(sent.body));
    assert.deepEqual(sent.body.author, { id: people.bram!.id, name: 'Bram', kind: 'user' });
    const comment = await api(people.desktop!.token, 'POST', `/v2/conversations/${conversation}/messages`, { text: 'Sleutel ligt bij de balie', isBackchannel: true });
    assert.equal(comment.status, 201, JSON.stringify(comment.body));
    assert.deepEqual(comment.body.author, { id: people.desktop!.id, name: 'Balie 1', kind: 'device' });

    const page = await api(manager(), 'GET', `/v2/conversations/${conversation}/messages`);
    const byText = new Map((page.body.data as Array<{ text: string; author: unknown }>).map((m) => [m.text, m.author]));
    assert.equal(byText.get('Is mijn auto klaar?'), null);
    assert.deepEqual(byText.get('Ja, u kunt hem ophalen.'), { id: people.bram!.id, name: 'Bram', kind: 'user' });
    assert.deepEqual(byText.get('Sleutel ligt bij de balie'), { id: people.desktop!.id, name: 'Balie 1', kind: 'device' });
    const created = (await events('message.create')).map((d) => d.message);
    assert.deepEqual(created.find((m) => m.id === sent.body.id).author, sent.body.author, 'the event carries the author too');
  });

  it('lets only a person write to a customer; a desktop may upload a comment, a wall neither (403 with the reason)', async () => {
    const conversation = (await api(manager(), 'POST', '/v2/conversations', { contact: { profile: { name: 'Jan', telephone: '+31612345678' } } })).body.id;
    const refused = await api(people.desktop!.token, 'POST', `/v2/conversations/${conversation}/messages`, { text: 'Van de balie-pc' });
    assert.equal(refused.status, 403);
    assert.equal(refused.body.error.code, 'FORBIDDEN');
    assert.match(refused.body.error.message, /role desktop may not do this \(conversations\.write\); it takes the role advisor, manager/);
    for (const body of [{ text: 'Van de muur' }, { text: 'Notitie van de muur', isBackchannel: true }]) {
      const wall = await api(people.wall!.token, 'POST', `/v2/conversations/${conversation}/messages`, body);
      assert.equal(wall.status, 403, JSON.stringify(body));
      assert.match(wall.body.error.message, /role wall may not do this/);
    }
    const page = await api(manager(), 'GET', `/v2/conversations/${conversation}/messages`);
    assert.ok(!(page.body.data as Array<{ text: string }>).some((m) => /balie-pc|muur/.test(m.text)), 'nothing refused was stored');
  });

  it('says who moved a card, coloured it and set its advisor; refuses an advisor who is no colleague, in words', async () => {
    const appointment = await api(manager(), 'POST', '/v2/appointments', { inbox, source: 'planit', sourceId: 'WO-77', date: '2026-11-30', time: '09:30' });
    assert.equal(appointment.status, 200, JSON.stringify(appointment.body));
    const id = appointment.body.id as string;
    assert.equal(appointment.body.advisor, null);
    const bram = { id: people.bram!.id, name: 'Bram', kind: 'user' };

    assert.equal((await api(people.bram!.token, 'PATCH', `/v2/appointments/${id}`, { column: 'in_service' })).status, 200);
    assert.equal((await api(people.bram!.token, 'PATCH', `/v2/appointments/${id}`, { colour: 'red' })).status, 200);
    const set = await api(people.bram!.token, 'PATCH', `/v2/appointments/${id}`, { advisor: people.eva!.id });
    assert.equal(set.status, 200, JSON.stringify(set.body));
    assert.equal(set.body.advisor, people.eva!.id);
    assert.deepEqual((await events('appointment.move')).filter((d) => d.appointment === id), [{ appointment: id, column: 'in_service', position: set.body.position, by: bram }]);
    assert.deepEqual((await events('appointment.colour')).filter((d) => d.appointment === id), [{ appointment: id, colour: 'red', by: bram }]);
    assert.deepEqual(await events('appointment.advisor'), [{ appointment: id, advisor: people.eva!.id, by: bram }]);

    const other = await system.backend.store.organizations.create(
      { name: 'Garage Anders', inboxes: [{ name: 'Balie', kind: 'dealership', zone: 'Europe/Amsterdam', country: 'NL' }], user: { name: 'Piet' } },
      clock.now(),
    );
    const removed = await person('Kees', 'advisor');
    assert.equal((await api(manager(), 'DELETE', `/v2/users/${removed.id}`)).status, 204);
    const refusals: Array<[string, string, RegExp]> = [
      ['no-such-user', 'ADVISOR_UNKNOWN', /There is no user "no-such-user" in your organisation: a card's advisor is one of its people/],
      [other.userId, 'ADVISOR_UNKNOWN', /There is no user/],
      [removed.id, 'ADVISOR_REMOVED', /was removed from your organisation and can no longer be a card's advisor/],
    ];
    for (const [advisor, code, words] of refusals) {
      const answer = await api(people.bram!.token, 'PATCH', `/v2/appointments/${id}`, { advisor });
      assert.equal(answer.status, 422, advisor);
      assert.equal(answer.body.error.code, code);
      assert.match(answer.body.error.message, words);
    }
    const cleared = await api(manager(), 'PATCH', `/v2/appointments/${id}`, { advisor: null });
    assert.equal(cleared.body.advisor, null);
    assert.equal((await events('appointment.advisor')).length, 2, 'a refused advisor changed nothing');
  });

  it('names the planning system for the moves it makes', async () => {
    const push = (eventId: string, type: string, occurredAt: string) =>
      api(people.ispa!.token, 'POST', `/v2/inboxes/${inbox}/ispa/events`, {
        eventId,
        type,
        occurredAt,
        appointment: { id: 'ISPA-9', date: '2026-11-30', time: '10:00', customer: { name: 'Els' } },
      });
    const created = await push('e1', 'appointment.created', '2026-11-30T07:00:00Z');
    assert.equal(created.status, 200, JSON.stringify(created.body));
    assert.equal((await push('e2', 'vehicle.checkedIn', '2026-11-30T07:30:00Z')).status, 200);
    const moves = (await events('appointment.move')).filter((d) => d.appointment === created.body.appointment);
    assert.deepEqual(moves.map((d) => [d.column, d.by]), [['in_service', { id: people.ispa!.id, name: 'ISPA Next', kind: 'integration' }]]);
  });
});
