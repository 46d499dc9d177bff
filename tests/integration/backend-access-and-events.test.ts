import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import WebSocket from 'ws';
import { call, createOrganisation, startSystem } from '../support/backend';
import { manualClock } from '../support/desktop';

describe('backend: access and the event stream', () => {
  const clock = manualClock(Date.parse('2026-11-25T08:00:00Z'));
  let system: Awaited<ReturnType<typeof startSystem>>;
  let other: { organizationId: string; token: string };

  before(async () => {
    system = await startSystem({ clock });
    other = await createOrganisation(system.dataFile, 'Another Dealer', clock.now());
  });
  after(async () => {
    await system.backend.close();
    await system.simulator.close();
  });

  const as = (token: string | null) => (method: string, path: string, body?: unknown) => call(system.backend.url, token, method, path, body);

  it('requires a valid Bearer token, and stores only its hash', async () => {
    assert.equal((await as(null)('GET', '/v2/watemplates')).status, 401);
    const wrong = await as('asp_not-a-token')('GET', '/v2/watemplates');
    assert.equal(wrong.status, 401);
    assert.equal(wrong.body.error.code, 'UNAUTHORIZED');
    const stored = (await system.backend.store.sql.all(sql<{ token_hash: string }>`SELECT token_hash FROM sessions`)).map((row) => row.token_hash);
    assert.ok(stored.every((h) => /^[0-9a-f]{64}$/.test(h)));
    assert.ok(!stored.includes(system.org.token));
  });

  it('issues a personal token that works on its own', async () => {
    const issued = await as(system.org.token)('POST', '/v2/tokens', { label: 'Balie 2' });
    assert.equal(issued.status, 201);
    assert.match(issued.body.token, /^asp_/);
    assert.equal((await as(issued.body.token)('GET', '/v2/watemplates')).status, 200);
  });

  it('answers a bad request with a 400, a code and a readable message', async () => {
    const bad = await as(system.org.token)('POST', '/v2/conversations', { contact: { profile: { email: 'not-an-address' } } });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error.code, 'INVALID_REQUEST');
    assert.match(bad.body.error.message, /contact\.profile\.email: is not an e-mail address/);
    const badPhone = await as(system.org.token)('POST', '/v2/conversations', { contact: { profile: { telephone: '0612' } } });
    assert.equal(badPhone.status, 422);
    assert.equal(badPhone.body.error.code, 'INVALID_PHONE');
  });

  it('shows another organisation nothing of this one', async () => {
    const mine = await as(system.org.token)('POST', '/v2/conversations', { contact: { profile: { name: 'Privé Klant', telephone: '0687654321' } } });
    assert.equal(mine.status, 201);
    const theirs = as(other.token);
    assert.equal((await theirs('GET', `/v2/conversations/${mine.body.id}`)).status, 404);
    assert.equal((await theirs('GET', `/v2/conversations/${mine.body.id}/messages`)).status, 404);
    assert.equal((await theirs('POST', `/v2/conversations/${mine.body.id}/messages`, { text: 'hallo', isBackchannel: true })).status, 404);
    assert.deepEqual((await theirs('GET', '/v2/contacts?profile.telephone=0687654321')).body, { data: [], next: null });
    assert.deepEqual((await theirs('GET', '/v2/events?since=0')).body, { data: [], next: null });
    assert.equal((await as(system.org.token)('GET', '/v2/contacts?profile.telephone=0687654321')).body.data.length, 1);
  });

  it('replays the 100 events a disconnected client missed, once each and in order', async () => {
    const { token } = system.org;
    const events: number[] = [];
    const open = (since: number) =>
      new Promise<WebSocket>((resolve, reject) => {
        const socket = new WebSocket(`${system.backend.url.replace('http', 'ws')}/v2/events/stream?since=${since}`, {
          headers: { authorization: `Bearer ${token}` },
        });
        socket.on('message', (data) => events.push(JSON.parse(data.toString()).seq));
        socket.once('open', () => resolve(socket));
        socket.once('error', reject);
      });
    const first = await open(0);
    await new Promise((r) => setTimeout(r, 100));
    const seen = events.length;
    assert.ok(seen > 0, 'the stream starts with the history');
    first.close();

    const conversation = (await as(token)('POST', '/v2/conversations', { contact: { profile: { name: 'Notities' } } })).body.id;
    // contact.create + conversation.create + 98 notes: 100 events while disconnected.
    for (let i = 0; i < 98; i++) {
      await as(token)('POST', `/v2/conversations/${conversation}/messages`, { text: `notitie ${i}`, isBackchannel: true });
    }
    const last = events.at(-1)!;
    const second = await open(last);
    // Live events keep coming after the replay.
    await as(token)('POST', `/v2/conversations/${conversation}/messages`, { text: 'live', isBackchannel: true });
    await new Promise((r) => setTimeout(r, 300));
    second.close();
    const replayed = events.slice(seen);
    assert.equal(replayed.length, 101, 'the 100 missed events, then the live one');
    assert.deepEqual(replayed, Array.from({ length: replayed.length }, (_, i) => last + 1 + i), 'gapless, in order, once');
  });

  it('refuses the event stream without a token', async () => {
    const status = await new Promise<number>((resolve) => {
      const socket = new WebSocket(`${system.backend.url.replace('http', 'ws')}/v2/events/stream`);
      socket.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      socket.once('open', () => resolve(101));
    });
    assert.equal(status, 401);
  });

  it('slows down a token guessed again and again, but not a right token from the same address', async () => {
    let last = { status: 0, body: null as any };
    for (let i = 0; i < 8; i++) last = await as('asp_guess')('GET', '/v2/watemplates');
    assert.equal(last.status, 429);
    assert.match(last.body.error.message, /Too many failed attempts; try again in \d+ s/);
    const served = await as(system.org.token)('GET', '/v2/watemplates');
    assert.equal(served.status, 200, 'a right token is never refused for another client\'s failures');
  });
});
