import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import WebSocket from 'ws';
import { ErrorBodySchema } from '../../src/api/v2/common';
import { call, startSystem } from '../support/backend';
import { storeLocation } from '../support/engine';
import { manualClock } from '../support/desktop';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

/** Opens the event stream with a token; answers the socket and a promise of how it was closed. */
async function openStream(base: string, token: string) {
  const socket = new WebSocket(`${base.replace('http', 'ws')}/v2/events/stream`, { headers: { authorization: `Bearer ${token}` } });
  const closed = new Promise<{ code: number; reason: string; at: number }>((resolve) =>
    socket.once('close', (code, reason) => resolve({ code, reason: reason.toString(), at: Date.now() })),
  );
  const messages: Array<{ type: string; data: any }> = [];
  socket.on('message', (data) => messages.push(JSON.parse(data.toString())));
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  return { socket, closed, messages };
}

/** Resolves with `promise`, or fails when it has not settled within `ms` of real time. */
function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise<T>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what} did not happen within ${ms} ms`)), ms))),
  ]);
}

describe('backend: people sign in, sessions end, tokens are revoked', () => {
  const clock = manualClock(Date.parse('2026-11-25T08:00:00Z'));
  let system: Awaited<ReturnType<typeof startSystem>>;
  let manager: string;
  const api = (token: string | null, method: string, path: string, body?: unknown, headers?: Record<string, string>) =>
    call(system.backend.url, token, method, path, body, headers);
  const token = (body: unknown) => api(null, 'POST', '/v2/auth/token', body);

  /** A person invited by the manager who set their password with the code; answers their sign-in. */
  async function person(name: string, email: string, role: 'advisor' | 'manager' = 'advisor', deviceToken?: string) {
    const invited = await api(manager, 'POST', '/v2/users', { name, email, role });
    assert.equal(invited.status, 201, JSON.stringify(invited.body));
    const signedIn = await token({ grant_type: 'invitation', code: invited.body.code, password: 'een lang wachtwoord', ...(deviceToken ? { device_token: deviceToken } : {}) });
    assert.equal(signedIn.status, 200, JSON.stringify(signedIn.body));
    return { id: invited.body.user._id as string, ...signedIn.body };
  }

  before(async () => {
    system = await startSystem({ clock });
    manager = system.org.token;
  });
  after(async () => {
    await system.backend.close();
    await system.simulator.close();
  });

  it('signs a person in with the password set by an invitation; a wrong password is refused; the invitation is used up', async () => {
    const invited = await api(manager, 'POST', '/v2/users', { name: 'Sanne de Vries', email: 'Sanne@Example.nl', role: 'advisor' });
    assert.equal(invited.status, 201);
    assert.match(invited.body.code, /^[A-Z2-9]{4}(-[A-Z2-9]{4}){3}$/);
    assert.equal(invited.body.user.invited, true);
    assert.equal(invited.body.expiresAt, clock.now() + 7 * DAY);
    const stored = (await system.backend.store.sql.get(sql<Record<string, string | null>>`SELECT invitation_hash, password_hash FROM users WHERE id = ${invited.body.user._id}`))!;
    assert.notEqual(stored.invitation_hash, invited.body.code, 'only a hash of the code is kept');

    const tooShort = await token({ grant_type: 'invitation', code: invited.body.code, password: 'kort' });
    assert.equal(tooShort.status, 400);
    assert.match(tooShort.body.error.message, /password: must be at least 10 characters/);

    const first = await token({ grant_type: 'invitation', code: invited.body.code.toLowerCase(), password: 'een lang wachtwoord' });
    assert.equal(first.status, 200, JSON.stringify(first.body));
    assert.equal(first.body.token_type, 'Bearer');
    assert.equal(first.body.expires_in, 15 * 60);
    assert.match(first.body.refresh_token, /^asr_/);
    assert.deepEqual({ ...first.body.principal, session: 'x' }, { _id: invited.body.user._id, kind: 'user', name: 'Sanne de Vries', role: 'advisor', organization: system.org.organizationId, session: 'x' });
    const [, payload] = (first.body.access_token as string).split('.');
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString());
    assert.deepEqual(Object.keys(claims).sort(), ['_id', 'exp', 'iat', 'organization', 'scope', 'sid']);
    assert.equal(claims.scope, 'advisor');
    assert.equal(claims.exp - claims.iat, 900);
    const hash = (await system.backend.store.sql.get(sql<{ password_hash: string }>`SELECT password_hash FROM users WHERE id = ${invited.body.user._id}`))!.password_hash;
    assert.match(hash, /^\$argon2id\$/, 'the password is kept as an Argon2id hash');

    const again = await token({ grant_type: 'invitation', code: invited.body.code, password: 'een ander wachtwoord' });
    assert.equal(again.status, 401, 'the code works once');
    assert.equal(again.body.error.code, 'UNAUTHORIZED');

    const wrong = await token({ grant_type: 'password', email: 'sanne@example.nl', password: 'niet dit wachtwoord' });
    assert.equal(wrong.status, 401);
    assert.equal(wrong.body.error.message, 'The e-mail address or the password is wrong.');
    const unknown = await token({ grant_type: 'password', email: 'niemand@example.nl', password: 'niet dit wachtwoord' });
    assert.deepEqual(unknown.body, wrong.body, 'an unknown e-mail is told apart from a wrong password by nothing');

    const signedIn = await token({ grant_type: 'password', email: 'SANNE@example.nl', password: 'een lang wachtwoord' });
    assert.equal(signedIn.status, 200);
    const me = await api(signedIn.body.access_token, 'GET', '/v2/auth/me');
    assert.equal(me.body.user.email, 'Sanne@Example.nl');
    assert.equal(me.body.user.invited, false);
    assert.equal(me.body.user.lastSignInAt, clock.now());
  });

  it('an invitation code ends after 7 days; a new one replaces the old', async () => {
    const invited = await api(manager, 'POST', '/v2/users', { name: 'Piet', email: 'piet@example.nl' });
    clock.advance(7 * DAY);
    const late = await token({ grant_type: 'invitation', code: invited.body.code, password: 'een lang wachtwoord' });
    assert.equal(late.status, 401);
    assert.match(late.body.error.message, /This invitation code ended on .*; ask your manager for a new one/);
    const renewed = await api(manager, 'POST', `/v2/users/${invited.body.user._id}/invitation`);
    assert.equal(renewed.status, 201);
    assert.equal((await token({ grant_type: 'invitation', code: invited.body.code, password: 'een lang wachtwoord' })).status, 401, 'the old code no longer works');
    assert.equal((await token({ grant_type: 'invitation', code: renewed.body.code, password: 'een lang wachtwoord' })).status, 200);
    // People says who still has an invitation to use: not Piet now, nor the first manager, who works with a token of her own.
    const listed = await api(manager, 'GET', '/v2/users');
    const invitedOf = (name: string) => listed.body.data.find((u: { name: string }) => u.name === name)?.invited;
    assert.deepEqual([invitedOf('Piet'), invitedOf('Sanne')], [false, false]);
    const bram = await api(manager, 'POST', '/v2/users', { name: 'Bram', email: 'bram@example.nl' });
    assert.equal(bram.body.user.invited, true);
  });

  it('renews with the refresh token; the access token ends after 15 minutes, the session after 7 idle days or 30 days in all', async () => {
    const sanne = await person('Els', 'els@example.nl');
    const access = sanne.access_token as string;
    assert.equal((await api(access, 'GET', '/v2/organization')).status, 200);
    clock.advance(15 * MINUTE);
    const ended = await api(access, 'GET', '/v2/organization');
    assert.equal(ended.status, 401);
    assert.equal(ended.body.error.code, 'SESSION_ENDED');
    assert.match(ended.body.error.message, /renew it with the refresh token/);

    const renewed = await token({ grant_type: 'refresh_token', refresh_token: sanne.refresh_token });
    assert.equal(renewed.status, 200);
    assert.equal(renewed.body.refresh_token, sanne.refresh_token, 'the refresh token stays the same');
    assert.equal(renewed.body.session_expires_at, clock.now() + 7 * DAY);
    assert.equal((await api(renewed.body.access_token, 'GET', '/v2/organization')).status, 200);

    // Renewed every 6 days, the session still ends 30 days after the sign-in.
    for (let day = 6; day < 30; day += 6) {
      clock.advance(6 * DAY);
      assert.equal((await token({ grant_type: 'refresh_token', refresh_token: sanne.refresh_token })).status, 200, `day ${day}`);
    }
    clock.advance(6 * DAY);
    const over = await token({ grant_type: 'refresh_token', refresh_token: sanne.refresh_token });
    assert.equal(over.status, 401);
    assert.equal(over.body.error.code, 'SESSION_ENDED');
    assert.match(over.body.error.message, /This session ended on/);

    const idle = await person('Kees', 'kees@example.nl');
    clock.advance(7 * DAY);
    assert.equal((await token({ grant_type: 'refresh_token', refresh_token: idle.refresh_token })).status, 401, '7 days unused');
    assert.equal((await token({ grant_type: 'refresh_token', refresh_token: 'asr_made-up' })).body.error.code, 'UNAUTHORIZED');
  });

  it('a revoked session is refused at once and its open event stream is closed with 4401 within 2 s', async () => {
    const ans = await person('Ans', 'ans@example.nl');
    const stream = await openStream(system.backend.url, ans.access_token);
    const revokedAt = Date.now();
    assert.equal((await api(manager, 'DELETE', `/v2/sessions/${ans.principal.session}`)).status, 204);
    const closed = await within(stream.closed, 2000, 'the close of the stream');
    assert.deepEqual([closed.code, closed.reason], [4401, 'revoked']);
    assert.ok(closed.at - revokedAt < 2000);
    const refused = await api(ans.access_token, 'GET', '/v2/organization');
    assert.equal(refused.status, 401);
    assert.equal(refused.body.error.code, 'SESSION_ENDED');
    assert.match(refused.body.error.message, /revoked/);
    assert.equal((await token({ grant_type: 'refresh_token', refresh_token: ans.refresh_token })).body.error.code, 'SESSION_ENDED');
  });

  it('closes the stream of a session that reaches its end, within the sweep of a second', async () => {
    const device = await api(manager, 'POST', '/v2/devices', { name: 'Balie 3', role: 'desktop' });
    const stream = await openStream(system.backend.url, device.body.token);
    clock.advance(90 * DAY);
    const closed = await within(stream.closed, 2000, 'the close of the ended stream');
    assert.deepEqual([closed.code, closed.reason], [4401, 'expired']);
  });

  it('rotates a device token: the old one stops, the new one works, the people signed in on it stay', async () => {
    const device = await api(manager, 'POST', '/v2/devices', { name: 'Balie 1', role: 'desktop' });
    assert.equal(device.status, 201);
    assert.match(device.body.token, /^asd_/);
    assert.equal(device.body.session.role, 'desktop');
    const old = device.body.token as string;
    const els = await person('Joke', 'joke@example.nl', 'advisor', old);
    const rotated = await api(manager, 'POST', `/v2/devices/${device.body.session.subject}/rotate`);
    assert.equal(rotated.status, 201);
    assert.notEqual(rotated.body.token, old);
    assert.equal((await api(old, 'GET', '/v2/organization')).body.error.code, 'SESSION_ENDED');
    assert.equal((await api(rotated.body.token, 'GET', '/v2/organization')).status, 200);
    assert.equal((await api(els.access_token, 'GET', '/v2/organization')).status, 200, 'the person signed in on it is not signed out');
    const signIn = await token({ grant_type: 'password', email: 'joke@example.nl', password: 'een lang wachtwoord', device_token: old });
    assert.equal(signIn.status, 401, 'nobody signs in with the old device token');

    // Revoking the device's session ends the sessions of the people signed in on it too.
    const on = await token({ grant_type: 'password', email: 'joke@example.nl', password: 'een lang wachtwoord', device_token: rotated.body.token });
    assert.equal((await api(manager, 'DELETE', `/v2/sessions/${rotated.body.session.id}`)).status, 204);
    assert.equal((await api(on.body.access_token, 'GET', '/v2/organization')).status, 401);
    assert.equal((await api(els.access_token, 'GET', '/v2/organization')).status, 401);
  });

  it('keeps a last manager: nobody removes themselves, and the last manager is not made an advisor', async () => {
    const me = (await api(manager, 'GET', '/v2/auth/me')).body;
    const self = await api(manager, 'DELETE', `/v2/users/${me._id}`);
    assert.equal(self.status, 409);
    assert.equal(self.body.error.code, 'CANNOT_REMOVE_SELF');
    const demote = await api(manager, 'PATCH', `/v2/users/${me._id}`, { role: 'advisor' });
    assert.equal(demote.status, 409);
    assert.equal(demote.body.error.code, 'LAST_MANAGER');

    const second = await person('Marloes', 'marloes@example.nl', 'manager');
    const since = (await api(manager, 'GET', '/v2/events?since=0&limit=1000')).body.data.at(-1).seq;
    assert.equal((await api(second.access_token, 'DELETE', `/v2/users/${me._id}`)).status, 204, 'another manager removes the first');
    assert.equal((await api(manager, 'GET', '/v2/organization')).body.error.code, 'SESSION_ENDED', 'the removed manager\'s token ends');
    const events = (await api(second.access_token, 'GET', `/v2/events?since=${since}`)).body.data;
    // Her sessions end in the same write, so the desktops holding one sign her out at once.
    assert.deepEqual(events.map((e: { type: string; data: any }) => [e.type, e.data.user ?? e.data.sessions.length > 0]), [
      ['session.end', true],
      ['user.remove', me._id],
    ]);
    assert.ok(events[0].data.sessions.includes(me.session), 'the token she used is among them');
    const lastDemoted = await api(second.access_token, 'PATCH', `/v2/users/${second.id}`, { role: 'advisor' });
    assert.equal(lastDemoted.body.error.code, 'LAST_MANAGER');
    manager = (await api(second.access_token, 'POST', '/v2/tokens', { label: 'tests' })).body.token;
    assert.match(manager, /^asp_/);
  });

  it('writes the audit log: sign-ins with their device, failures, tokens, people', async () => {
    const page = await api(manager, 'GET', '/v2/audit?limit=200');
    assert.equal(page.status, 200);
    const lines = page.body.data as Array<{ action: string; actor: { name: string } | null; device: string | null; address: string | null; detail: string; facts: Record<string, unknown> | null }>;
    const actions = new Set(lines.map((l) => l.action));
    for (const action of ['signin', 'signin.failed', 'user.created', 'user.invited', 'user.removed', 'device.registered', 'device.rotated', 'session.revoked', 'token.created']) {
      assert.ok(actions.has(action), `${action} is in the audit log`);
    }
    const onDevice = lines.find((l) => l.action === 'signin' && l.device === 'Balie 1');
    assert.ok(onDevice, 'a sign-in says the device it came from');
    assert.equal(onDevice.actor?.name, 'Joke');
    assert.equal(onDevice.address, '127.0.0.1');
    assert.ok(lines.every((l) => !/wachtwoord|asr_|asd_|asp_/.test(l.detail)), 'no password or token in the audit log');
    // The subject as data, the rest as facts each screen words in its language: no English glue.
    const line = (action: string, detail: string) => lines.find((l) => l.action === action && l.detail.toLowerCase() === detail)?.facts;
    assert.deepEqual(onDevice.facts, { how: 'password' });
    assert.equal(onDevice.detail, 'joke@example.nl');
    assert.deepEqual(lines.filter((l) => l.action === 'signin' && l.detail === 'joke@example.nl').at(-1)?.facts, { how: 'invitation' }, 'her first sign-in, with the code');
    assert.deepEqual(line('signin.failed', 'sanne@example.nl'), { how: 'password' });
    assert.deepEqual(line('user.created', 'marloes@example.nl'), { role: 'manager' });
    assert.deepEqual(line('device.registered', 'balie 1'), { role: 'desktop' });
    assert.deepEqual(line('token.created', 'marloes@example.nl'), { label: 'tests', days: 365 });
    assert.deepEqual(line('session.revoked', 'balie 1'), { role: 'desktop' });
    assert.deepEqual(line('device.rotated', 'balie 1'), {});
    assert.ok(lines.every((l) => l.facts !== null && !/[()]|\bdays\b|\bpassword\b/.test(l.detail)), lines.map((l) => `${l.action} ${l.detail}`).join('\n'));
    assert.deepEqual([...lines.map((l) => (l as unknown as { at: number }).at)], [...lines.map((l) => (l as unknown as { at: number }).at)].sort((a, b) => b - a), 'newest first');
  });

  it('shows a wall the board without message text or contact details', async () => {
    const wall = (await api(manager, 'POST', '/v2/devices', { name: 'Werkplaats', role: 'wall' })).body.token;
    const conversation = await api(manager, 'POST', '/v2/conversations', { contact: { profile: { name: 'Jan Jansen', telephone: '0612345678' } } });
    await api(manager, 'POST', `/v2/conversations/${conversation.body.id}/messages`, { text: 'Klant belt terug', isBackchannel: true });
    const events = (await api(wall, 'GET', '/v2/events?since=0&limit=1000')).body.data as Array<{ type: string; data: any }>;
    const contact = events.find((e) => e.type === 'contact.create' && e.data.contact.profile.name === 'Jan Jansen')!;
    assert.deepEqual([contact.data.contact.profile.telephone, contact.data.contact.profile.email], [null, null]);
    const note = events.filter((e) => e.type === 'message.create').at(-1)!;
    assert.equal(note.data.message.text, '');
    const stream = await openStream(system.backend.url, wall);
    await api(manager, 'POST', `/v2/conversations/${conversation.body.id}/messages`, { text: 'Nog een notitie', isBackchannel: true });
    const live = await within(
      (async () => {
        while (!stream.messages.some((m) => m.type === 'message.create' && m.data.message.createdAt === clock.now())) await new Promise((r) => setImmediate(r));
        return stream.messages.filter((m) => m.type === 'message.create').at(-1)!;
      })(),
      2000,
      'the live note',
    );
    assert.equal(live.data.message.text, '');
    stream.socket.close();
    assert.equal((await api(wall, 'GET', `/v2/conversations/${conversation.body.id}/messages`)).status, 403);
  });

  it('a client hammering with a bad token from 127.0.0.1 does not stop a valid token from the same address', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 60; i++) {
      statuses.push((await api('asp_stolen-and-wrong', 'GET', '/v2/organization')).status);
      const valid = await api(manager, 'GET', '/v2/organization');
      assert.equal(valid.status, 200, `the valid token at attempt ${i}`);
    }
    assert.deepEqual(statuses.slice(0, 5), [401, 401, 401, 401, 401]);
    assert.ok(statuses.slice(5).every((s) => s === 429), 'the bad token is slowed down');
    const slowed = await fetch(`${system.backend.url}/v2/organization`, { headers: { authorization: 'Bearer asp_stolen-and-wrong' } });
    assert.equal(slowed.status, 429);
    assert.match(slowed.headers.get('retry-after') ?? '', /^\d+$/);
    assert.equal(ErrorBodySchema.parse(await slowed.json()).error.params?.retryAfterSeconds, Number(slowed.headers.get('retry-after')), 'the wait in the body too, for words in Dutch');
    clock.advance(MINUTE);
  });

  it('limits sign-ins per e-mail before the password is checked; another e-mail from the same address still signs in', async () => {
    await person('Rik', 'rik@example.nl');
    await person('Fleur', 'fleur@example.nl');
    for (let i = 0; i < 5; i++) assert.equal((await token({ grant_type: 'password', email: 'rik@example.nl', password: `gok nummer ${i}` })).status, 401);
    const limited = await token({ grant_type: 'password', email: 'rik@example.nl', password: 'een lang wachtwoord' });
    assert.equal(limited.status, 429, 'even the right password waits');
    assert.equal(limited.body.error.code, 'TOO_MANY_ATTEMPTS');
    assert.equal((await token({ grant_type: 'password', email: 'fleur@example.nl', password: 'een lang wachtwoord' })).status, 200);
    clock.advance(MINUTE);
    assert.equal((await token({ grant_type: 'password', email: 'rik@example.nl', password: 'een lang wachtwoord' })).status, 200, 'after the window');
  });

  it('checks at most the limit of wrong passwords when they come all at once; the others wait without an Argon2 check', async () => {
    await person('Daan', 'daan@example.nl');
    clock.advance(MINUTE);
    const guesses = await Promise.all(
      Array.from({ length: 40 }, (_, i) => token({ grant_type: 'password', email: 'daan@example.nl', password: `gok nummer ${i}` })),
    );
    const statuses = guesses.map((g) => g.status).sort();
    assert.deepEqual([statuses.filter((s) => s === 401).length, statuses.filter((s) => s === 429).length], [5, 35]);
    assert.equal((await token({ grant_type: 'password', email: 'daan@example.nl', password: 'een lang wachtwoord' })).status, 429);
    clock.advance(MINUTE);
    assert.equal((await token({ grant_type: 'password', email: 'daan@example.nl', password: 'een lang wachtwoord' })).status, 200, 'after the window');
  });

  it('renews a valid refresh token and takes a right password from an address whose other client sent many bad bearer tokens', async () => {
    const lotte = await person('Lotte', 'lotte@example.nl');
    for (let i = 0; i < 55; i++) await api(`asd_not-a-token-${i}`, 'GET', '/v2/organization');
    assert.equal((await api('asd_not-a-token-55', 'GET', '/v2/organization')).status, 429, 'the address is slowed down for bearer tokens');
    const renewed = await token({ grant_type: 'refresh_token', refresh_token: lotte.refresh_token });
    assert.equal(renewed.status, 200, JSON.stringify(renewed.body));
    const signedIn = await token({ grant_type: 'password', email: 'lotte@example.nl', password: 'een lang wachtwoord' });
    assert.equal(signedIn.status, 200, JSON.stringify(signedIn.body));
    assert.equal((await api(renewed.body.access_token, 'GET', '/v2/organization')).status, 200);
    // A refresh token that does not work is still counted, and slowed down on its own.
    const bad = { grant_type: 'refresh_token', refresh_token: 'asr_not-a-refresh-token' };
    for (let i = 0; i < 5; i++) assert.equal((await token(bad)).status, 401);
    assert.equal((await token(bad)).status, 429);
    assert.equal((await token({ grant_type: 'refresh_token', refresh_token: lotte.refresh_token })).status, 200, 'the valid one is not');
    clock.advance(MINUTE);
  });

  it('uses an invitation code once when two requests bring it at the same moment: one sets the password, the other is refused', async () => {
    const invited = await api(manager, 'POST', '/v2/users', { name: 'Noor', email: 'noor@example.nl', role: 'advisor' });
    const both = await Promise.all([
      token({ grant_type: 'invitation', code: invited.body.code, password: 'het wachtwoord van Noor' }),
      token({ grant_type: 'invitation', code: invited.body.code, password: 'het wachtwoord van een ander' }),
    ]);
    assert.deepEqual(both.map((b) => b.status).sort(), [200, 401]);
    const loser = both.find((b) => b.status === 401)!;
    assert.match(loser.body.error.message, /not known \(or was used already\)/);
    const winner = both.findIndex((b) => b.status === 200);
    const passwords = ['het wachtwoord van Noor', 'het wachtwoord van een ander'];
    assert.equal((await token({ grant_type: 'password', email: 'noor@example.nl', password: passwords[winner]! })).status, 200);
    assert.equal((await token({ grant_type: 'password', email: 'noor@example.nl', password: passwords[1 - winner]! })).status, 401, 'the other password was never set');
    const sessions = (await system.backend.store.sql.get(sql<{ n: number }>`SELECT count(*) AS n FROM sessions WHERE user_id = ${invited.body.user._id} AND token_kind = 'refresh'`))!.n;
    assert.equal(sessions, 2, 'the winner’s sign-in and the password sign-in; none for the loser');
    clock.advance(MINUTE);
  });
});

describe('backend: the setup command', () => {
  it('creates the organisation and its first manager, whose one-time code sets a password and signs in as a manager', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'aftersales-setup-'));
    // The command writes where this run keeps the store (DATABASE_URL on PostgreSQL), where the backend then finds it.
    const { databaseUrl } = await storeLocation(join(folder, 'backend.sqlite'));
    const env = { ...process.env, ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}) };
    const run = (args: string[]) =>
      new Promise<{ code: number | null; out: string; err: string }>((resolve) => {
        execFile(process.execPath, ['--import', 'tsx', 'src/backend/cli/backend.ts', ...args, '--data', folder], { env }, (error, out, err) =>
          resolve({ code: error ? (error.code as number) : 0, out, err }),
        );
      });
    const refused = await run(['setup', '--organization', 'Autobedrijf Test', '--manager', 'Marloes', '--email', 'geen-adres']);
    assert.equal(refused.code, 1);
    assert.match(refused.err, /--email geen-adres is not an e-mail address/);
    const done = await run(['setup', '--organization', 'Autobedrijf Test', '--manager', 'Marloes', '--email', 'marloes@example.nl', '--inbox', 'Werkplaats:workshop']);
    assert.equal(done.code, 0, done.err);
    const code = /invitation code: (\S+)/.exec(done.out)?.[1];
    assert.ok(code, done.out);

    const clock = manualClock(Date.now());
    const system = await startSystem({ clock, dataFile: join(folder, 'backend.sqlite'), org: { organizationId: /organization: (\S+)/.exec(done.out)![1]!, token: '' } });
    try {
      const signedIn = await call(system.backend.url, null, 'POST', '/v2/auth/token', { grant_type: 'invitation', code, password: 'een lang wachtwoord' });
      assert.equal(signedIn.status, 200, JSON.stringify(signedIn.body));
      assert.deepEqual([signedIn.body.principal.name, signedIn.body.principal.role], ['Marloes', 'manager']);
      const again = await call(system.backend.url, null, 'POST', '/v2/auth/token', { grant_type: 'invitation', code, password: 'een lang wachtwoord' });
      assert.equal(again.status, 401, 'the code is shown once and works once');
      const organization = await call(system.backend.url, signedIn.body.access_token, 'GET', '/v2/organization');
      assert.deepEqual(organization.body.inboxes.map((i: { name: string; kind: string }) => [i.name, i.kind]), [['Werkplaats', 'workshop']]);
    } finally {
      await system.backend.close();
      await system.simulator.close();
    }
  });
});
