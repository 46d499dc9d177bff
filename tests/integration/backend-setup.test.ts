import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { startBackend, type RunningBackend } from '../../src/backend/backend';
import { checkChannel, CHECK_DEADLINE_MS, CHECK_TIMEOUT_MS, MAX_NUMBER_PAGES } from '../../src/backend/channels/channel-check';
import type { ChannelRecord } from '../../src/backend/store/channels-repo';
import { startSmsSimulator } from '../../src/simulators/sms-provider-simulator';
import { startWhatsAppSimulator, type WhatsAppSimulator } from '../../src/simulators/whatsapp-cloud-api-simulator';
import { call, createOrganisation, WHATSAPP } from '../support/backend';
import { manualClock, silentLogger, tempDataFile } from '../support/desktop';
import { startFakeGraph } from '../support/fake-graph';
import { manualTime } from '../support/time';
import { storeLocation } from '../support/engine';

/** Secrets of this test's channels: none may come back in any answer. */
const SECRETS = {
  accessToken: WHATSAPP.accessToken,
  appSecret: 'app-secret-never-shown',
  verifyToken: 'verify-token-never-shown',
};
const SMS_ACCOUNT = { accountSid: `AC${'a1'.repeat(16)}`, authToken: 'sms-auth-token-never-shown' };
const SMS_FROM = '+3197000000111';
const SMS_SECOND = '+3197000000222';

const whatsappChannel = (overrides: Record<string, unknown> = {}) => ({
  kind: 'whatsapp',
  label: 'Amsterdam',
  phoneNumberId: WHATSAPP.phoneNumberId,
  businessAccountId: WHATSAPP.businessAccountId,
  ...SECRETS,
  ...overrides,
});

const WEEK = [
  { open: '08:00', close: '18:00' },
  { open: '08:00', close: '18:00' },
  { open: '08:00', close: '18:00' },
  { open: '08:00', close: '18:00' },
  { open: '08:00', close: '17:00' },
  { open: '09:00', close: '12:30' },
  null,
];

describe('backend: a manager sets up channels, the organisation and its inboxes', () => {
  const clock = manualClock(Date.UTC(2026, 10, 30, 9));
  const dataFile = tempDataFile();
  let whatsapp: WhatsAppSimulator;
  let sms: Awaited<ReturnType<typeof startSmsSimulator>>;
  let backend: RunningBackend;
  let url: string;
  let manager: string;
  let otherManager: string;
  let advisor: string;
  let inbox: string;
  /** Every JSON answer of the set-up routes, scanned for secrets at the end. */
  const answers: string[] = [];
  const ask = async (token: string | null, method: string, path: string, body?: unknown) => {
    const answer = await call(url, token, method, path, body);
    answers.push(JSON.stringify(answer.body));
    return answer;
  };

  before(async () => {
    whatsapp = await startWhatsAppSimulator({ ...WHATSAPP, templates: [], clock });
    sms = await startSmsSimulator({ ...SMS_ACCOUNT, phoneNumbers: [SMS_FROM, SMS_SECOND] });
    const org = await createOrganisation(dataFile, 'Autobedrijf Test', clock.now());
    const other = await createOrganisation(dataFile, 'Garage Elders', clock.now());
    manager = org.token;
    otherManager = other.token;
    backend = await startBackend({
      ...(await storeLocation(dataFile)),
      clock,
      logger: silentLogger,
      country: 'NL',
      reminderEveryMs: 0,
      providers: { whatsapp: { baseUrl: whatsapp.url, apiVersion: 'v21.0' }, sms: { baseUrl: sms.url }, publicUrl: null },
    });
    url = backend.url;
    inbox = (await call(url, manager, 'GET', '/v2/organization')).body.inboxes[0].id;
    const invited = await call(url, manager, 'POST', '/v2/users', { name: 'Sanne', email: 'sanne@example.nl', role: 'advisor' });
    advisor = (await call(url, null, 'POST', '/v2/auth/token', { grant_type: 'invitation', code: invited.body.code, password: 'lang genoeg wachtwoord' })).body.access_token;
  });
  after(async () => {
    await backend.close();
    await whatsapp.close();
    await sms.close();
  });

  it('adds a WhatsApp number once Meta confirms the token owns it, tests it (its display name and quality from the Graph API), changes and removes it', async () => {
    // Made-up credentials, or an account the number is not in: refused in Meta's words, nothing stored.
    for (const [claim, words] of [
      [whatsappChannel({ accessToken: 'a-token-meta-does-not-know' }), /Error validating access token/],
      [whatsappChannel({ businessAccountId: '1029384756' }), /Object with ID '1029384756' does not exist/],
    ] as const) {
      const refused = await ask(manager, 'POST', '/v2/channels', claim);
      assert.equal(refused.status, 422, JSON.stringify(refused.body));
      assert.equal(refused.body.error.code, 'CHANNEL_NOT_VERIFIED');
      assert.equal(refused.body.error.params.failureCode, 'provider_refused');
      assert.match(refused.body.error.params.failure, words);
      assert.match(refused.body.error.message, new RegExp(`Not saved: the provider did not confirm that ${WHATSAPP.phoneNumberId} belongs to this account`));
      assert.deepEqual((await ask(manager, 'GET', '/v2/channels')).body.data, []);
    }

    const created = await ask(manager, 'POST', '/v2/channels', whatsappChannel());
    assert.equal(created.status, 201, JSON.stringify(created.body));
    assert.deepEqual(created.body.secrets, ['accessToken', 'appSecret', 'verifyToken']);
    assert.equal(created.body.phoneNumberId, WHATSAPP.phoneNumberId);
    assert.deepEqual([created.body.lastCheck.ok, created.body.lastCheck.verifiedName], [true, 'Autobedrijf Simulator'], 'the check that let it in is its last test');
    const id = created.body.id as string;

    const tested = await ask(manager, 'POST', `/v2/channels/${id}/test`);
    assert.equal(tested.status, 200);
    assert.deepEqual(
      { ok: tested.body.ok, name: tested.body.verifiedName, number: tested.body.displayPhoneNumber, quality: tested.body.qualityRating, failure: tested.body.failure },
      { ok: true, name: 'Autobedrijf Simulator', number: '+31 20 000 0000', quality: 'GREEN', failure: null },
    );
    const listed = await ask(manager, 'GET', '/v2/channels');
    assert.equal(listed.body.data.length, 1);
    assert.equal(listed.body.data[0].lastCheck.verifiedName, 'Autobedrijf Simulator');

    // A token the Graph API refuses: the change is refused whole with Graph's own words, and the stored token still works.
    const refused = await ask(manager, 'PATCH', `/v2/channels/${id}`, { label: 'Amsterdam Noord', accessToken: 'a-token-meta-does-not-know' });
    assert.equal(refused.status, 422);
    assert.equal(refused.body.error.code, 'CHANNEL_NOT_VERIFIED');
    assert.match(refused.body.error.params.failure, /Error validating access token/);
    assert.equal(refused.body.error.params.failureCode, 'provider_refused');
    const unchanged = (await ask(manager, 'GET', '/v2/channels')).body.data[0];
    assert.deepEqual([unchanged.label, unchanged.lastCheck.ok], ['Amsterdam', true]);
    assert.equal((await ask(manager, 'POST', `/v2/channels/${id}/test`)).body.ok, true, 'the stored token was kept');
    const stored = await backend.store.channels.record(id);
    assert.equal(stored?.kind === 'whatsapp' && stored.secrets.accessToken, WHATSAPP.accessToken);
    // A label (nothing the provider checks) changes without asking it.
    const changed = await ask(manager, 'PATCH', `/v2/channels/${id}`, { label: 'Amsterdam Noord' });
    assert.equal(changed.status, 200);
    assert.equal(changed.body.label, 'Amsterdam Noord');

    // A field an SMS sender has is refused on a WhatsApp number, not ignored.
    const foreign = await ask(manager, 'PATCH', `/v2/channels/${id}`, { authToken: 'an sms auth token' });
    assert.equal(foreign.status, 422);
    assert.match(foreign.body.error.message, /WhatsApp channel has no authToken/);

    const assigned = await ask(manager, 'PATCH', `/v2/inboxes/${inbox}`, { whatsappChannel: id });
    assert.equal(assigned.status, 200, JSON.stringify(assigned.body));
    assert.deepEqual((await ask(manager, 'GET', '/v2/channels')).body.data[0].inboxes, [inbox]);

    assert.equal((await ask(manager, 'DELETE', `/v2/channels/${id}`)).status, 204);
    assert.deepEqual((await ask(manager, 'GET', '/v2/channels')).body.data, []);
    const organization = await ask(manager, 'GET', '/v2/organization');
    assert.equal(organization.body.inboxes[0].whatsappChannel, null, 'the inbox no longer goes out through a removed number');
    for (const path of [`/v2/channels/${id}/test`]) assert.equal((await ask(manager, 'POST', path)).status, 404);
    assert.equal((await ask(manager, 'PATCH', `/v2/channels/${id}`, { label: 'x' })).status, 404);
    assert.equal((await ask(manager, 'DELETE', `/v2/channels/${id}`)).status, 404);
  });

  it('adds an SMS sender only when it is one of the account’s numbers for that auth token', async () => {
    const created = await ask(manager, 'POST', '/v2/channels', { kind: 'sms', label: 'SMS', from: SMS_FROM, ...SMS_ACCOUNT });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const ok = await ask(manager, 'POST', `/v2/channels/${created.body.id}/test`);
    assert.deepEqual({ ok: ok.body.ok, number: ok.body.displayPhoneNumber }, { ok: true, number: SMS_FROM });

    const stranger = await ask(manager, 'POST', '/v2/channels', { kind: 'sms', label: 'Not ours', from: '+3197000000999', ...SMS_ACCOUNT });
    assert.equal(stranger.status, 422);
    assert.deepEqual([stranger.body.error.code, stranger.body.error.params.failureCode], ['CHANNEL_NOT_VERIFIED', 'number_not_in_account']);
    assert.match(stranger.body.error.params.failure, /\+3197000000999 is not a number of the account/);

    const wrongToken = await ask(manager, 'PATCH', `/v2/channels/${created.body.id}`, { authToken: 'a wrong auth token' });
    assert.deepEqual([wrongToken.status, wrongToken.body.error.params.failure], [422, 'Authenticate']);
    const kept = await backend.store.channels.record(created.body.id);
    assert.equal(kept?.kind === 'sms' && kept.secrets.authToken, SMS_ACCOUNT.authToken);
    assert.deepEqual(
      ((await ask(manager, 'GET', '/v2/channels')).body.data as Array<{ from: string | null }>).map((c) => c.from),
      [SMS_FROM],
      'nothing of the refused sender was stored',
    );
  });

  it('refuses a number another organisation on this backend has, without naming it (409)', async () => {
    const mine = await ask(otherManager, 'POST', '/v2/channels', whatsappChannel({ label: 'Elders' }));
    assert.equal(mine.status, 201);
    const taken = await ask(manager, 'POST', '/v2/channels', whatsappChannel());
    assert.equal(taken.status, 409);
    assert.equal(taken.body.error.code, 'CHANNEL_NUMBER_TAKEN');
    assert.doesNotMatch(taken.body.error.message, /Elders|Garage/);
    // The other organisation's channel is not seen, tested, changed or given to an inbox here.
    assert.ok(!(await ask(manager, 'GET', '/v2/channels')).body.data.some((c: { id: string }) => c.id === mine.body.id));
    assert.equal((await ask(manager, 'POST', `/v2/channels/${mine.body.id}/test`)).status, 404);
    assert.equal((await ask(manager, 'PATCH', `/v2/channels/${mine.body.id}`, { label: 'mine now' })).status, 404);
    const borrowed = await ask(manager, 'PATCH', `/v2/inboxes/${inbox}`, { whatsappChannel: mine.body.id });
    assert.equal(borrowed.status, 422);
    assert.equal(borrowed.body.error.code, 'CHANNEL_NOT_USABLE');
  });

  it('refuses an advisor every set-up route (403)', async () => {
    for (const [method, path, body] of [
      ['GET', '/v2/channels'],
      ['POST', '/v2/channels', whatsappChannel({ phoneNumberId: '777' })],
      ['PATCH', '/v2/organization', { name: 'Overgenomen' }],
      ['PATCH', `/v2/inboxes/${inbox}`, { name: 'Overgenomen' }],
      ['POST', '/v2/inboxes', {}],
    ] as const) {
      const answer = await ask(advisor, method, path, body);
      assert.equal(answer.status, 403, `${method} ${path}`);
    }
  });

  it('renames the organisation, adds an inbox and changes its week and holidays; each change is an event', async () => {
    const since = (await call(url, manager, 'GET', '/v2/events?since=0&limit=1000')).body.data.at(-1)?.seq ?? 0;
    const renamed = await ask(manager, 'PATCH', '/v2/organization', { name: 'Autobedrijf Test Noord' });
    assert.equal(renamed.status, 200);
    assert.equal(renamed.body.name, 'Autobedrijf Test Noord');

    // Typed as the provider shows it: grouped, stored as E.164 (how an inbound SMS is routed).
    const smsAdded = await ask(manager, 'POST', '/v2/channels', { kind: 'sms', label: 'SMS 2', from: '+31 970-0000.0222', ...SMS_ACCOUNT });
    assert.equal(smsAdded.body.from, SMS_SECOND, JSON.stringify(smsAdded.body));
    const sms = smsAdded.body.id;
    const created = await ask(manager, 'POST', '/v2/inboxes', {
      name: 'Schadeherstel',
      kind: 'workshop',
      zone: 'Europe/Brussels',
      country: 'BE',
      openingHours: WEEK,
      closedDates: [{ date: '2026-12-25', name: 'Kerstmis' }],
      templateLanguage: 'nl',
      whatsappChannel: null,
      smsChannel: sms,
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const changed = await ask(manager, 'PATCH', `/v2/inboxes/${created.body.id}`, { openingHours: [...WEEK.slice(0, 6), { open: '10:00', close: '14:00' }] });
    assert.equal(changed.status, 200);
    assert.deepEqual(changed.body.openingHours[6], { open: '10:00', close: '14:00' });
    assert.deepEqual(changed.body.closedDates, [{ date: '2026-12-25', name: 'Kerstmis' }], 'what was not sent stays');

    const events = (await call(url, manager, 'GET', `/v2/events?since=${since}`)).body.data as Array<{ type: string; data: any }>;
    assert.deepEqual(
      events.filter((e) => e.type === 'organization.update' || e.type === 'inbox.upsert').map((e) => [e.type, e.data.organization?.name ?? e.data.inbox.openingHours[6]]),
      [
        ['organization.update', 'Autobedrijf Test Noord'],
        ['inbox.upsert', null],
        ['inbox.upsert', { open: '10:00', close: '14:00' }],
      ],
    );
    const audit = (await ask(manager, 'GET', '/v2/audit')).body.data as Array<{ action: string; detail: string; facts: any }>;
    const inboxLine = audit.find((l) => l.action === 'inbox.updated');
    assert.deepEqual(inboxLine && { detail: inboxLine.detail, facts: inboxLine.facts }, { detail: 'Schadeherstel', facts: { fields: ['openingHours'] } });
    assert.ok(audit.some((l) => l.action === 'channel.tested' && l.facts.ok === true));
  });

  it('refuses bad inbox settings in words, field by field', async () => {
    const refusals: Array<[unknown, RegExp]> = [
      [{ zone: 'Europe/Atlantis' }, /zone: is not a time zone such as Europe\/Amsterdam/],
      [{ openingHours: [{ open: '18:00', close: '08:00' }, ...WEEK.slice(1)] }, /openingHours\.0\.close: must close after it opens/],
      [{ openingHours: [{ open: '08:00', close: '08:00' }, ...WEEK.slice(1)] }, /openingHours\.0\.close: must close after it opens/],
      // A name that reads other than it is stored (a bell, a right-to-left override) is refused, not cleaned.
      [{ name: 'Werk\u0007plaats\u202e' }, /name: holds a control character, a line break or a hidden direction mark/],
      // A NUL anywhere in the body: refused before any field is read (no store keeps it the same way).
      [{ name: 'Werk\u0000plaats' }, /holds a NUL character/],
      [{ closedDates: [{ date: '2026-12-25', name: 'Kerst\u0007' }] }, /closedDates\.0\.name: holds a control character/],
      [{ openingHours: WEEK.slice(0, 6) }, /openingHours/],
      [{ closedDates: Array.from({ length: 201 }, (_, i) => ({ date: '2027-01-01', name: `Dag ${i}` })) }, /closedDates: .*200/],
      [{ closedDates: [{ date: '2026-02-30', name: 'Geen dag' }] }, /closedDates\.0\.date: must be a date as yyyy-mm-dd/],
      [{ closedDates: [{ date: '2026-12-25', name: 'Kerstmis' }, { date: '2026-12-25', name: 'Kerst' }] }, /closedDates\.1\.date: is already a closed day/],
      [{ templateLanguage: 'Dutch' }, /templateLanguage: is a language code such as nl or en_GB/],
      [{ country: 'nl' }, /country: is not a country code such as NL/],
      // Two capitals, but no country: phone numbers could never be read by it.
      [{ country: 'XX' }, /country: is not a country code such as NL/],
    ];
    for (const [patch, words] of refusals) {
      const answer = await ask(manager, 'PATCH', `/v2/inboxes/${inbox}`, patch);
      assert.equal(answer.status, 400, JSON.stringify(patch).slice(0, 80));
      assert.match(answer.body.error.message, words);
    }
    // A zone written in other capitals is the same zone, stored as the zone database spells it.
    const lowered = await ask(manager, 'PATCH', `/v2/inboxes/${inbox}`, { zone: 'europe/amsterdam' });
    assert.equal(lowered.body.zone, 'Europe/Amsterdam');
    const sms = (await ask(manager, 'GET', '/v2/channels')).body.data.find((c: { kind: string }) => c.kind === 'sms').id;
    const wrongKind = await ask(manager, 'PATCH', `/v2/inboxes/${inbox}`, { whatsappChannel: sms });
    assert.equal(wrongKind.status, 422);
    assert.match(wrongKind.body.error.message, /is not one of your organisation's WhatsApp numbers/);
    assert.equal((await ask(manager, 'PATCH', '/v2/inboxes/not-there', { name: 'x' })).status, 404);
  });

  it('never answers a secret, and never writes one to the audit log', async () => {
    answers.push(JSON.stringify((await call(url, manager, 'GET', '/v2/audit?limit=200')).body));
    answers.push(JSON.stringify((await call(url, manager, 'GET', '/v2/events?since=0&limit=1000')).body));
    const everything = answers.join('\n');
    assert.ok(answers.length > 30);
    for (const secret of [...Object.values(SECRETS), SMS_ACCOUNT.authToken, 'a-token-meta-does-not-know', 'a wrong auth token']) {
      assert.ok(!everything.includes(secret), `a secret was answered: ${secret}`);
    }
  });
});

describe('channel test: a provider that does not answer is a failed check with its reason', () => {
  const record: ChannelRecord = {
    id: 'c1',
    organizationId: 'o1',
    kind: 'whatsapp',
    label: 'Amsterdam',
    phoneNumberId: '123',
    businessAccountId: null,
    secrets: { accessToken: 'secret-token', appSecret: 'x', verifyToken: 'y' },
    updatedAt: 0,
  };
  let silent: Server;
  let silentUrl: string;
  before(async () => {
    // Takes the request and never answers.
    silent = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    silentUrl = `http://127.0.0.1:${(silent.address() as AddressInfo).port}`;
  });
  after(async () => {
    silent.closeAllConnections();
    await new Promise((resolve) => silent.close(resolve));
  });

  it('times out after 10 seconds on the timers port', async () => {
    const time = manualTime(0);
    const checking = checkChannel(record, { whatsapp: { baseUrl: silentUrl, apiVersion: 'v21.0' }, sms: { baseUrl: silentUrl }, publicUrl: null }, time.timers, 5);
    // The request is under way before the deadline passes (the server has it).
    await new Promise<void>((resolve) => silent.once('request', () => resolve()));
    let done = false;
    void checking.then(() => (done = true));
    time.advance(CHECK_TIMEOUT_MS - 1);
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(done, false, 'still waiting a millisecond before the deadline');
    time.advance(1);
    const check = await checking;
    assert.deepEqual(check, { at: 5, ok: false, displayPhoneNumber: null, verifiedName: null, qualityRating: null, failure: 'The provider did not answer within 10 seconds.', failureCode: 'timeout' });
  });

  it('finds the number on a later page of the business account’s phone numbers, and says when no page lists it', async (t) => {
    // Graph as Meta pages it: a `next` while more follow, the token asked for on every page.
    const pages: Record<string, { data: Array<{ id: string }>; paging: Record<string, unknown> }> = {
      first: { data: [{ id: '111' }, { id: '222' }], paging: { cursors: { after: 'p2' }, next: 'NEXT' } },
      p2: { data: [{ id: '123' }], paging: { cursors: { before: 'p2', after: 'p2-end' } } },
    };
    const asked: string[] = [];
    const graph = createServer((request, response) => {
      const url = new URL(request.url ?? '/', 'http://graph');
      asked.push(`${url.pathname}${url.search}`);
      if (request.headers.authorization !== 'Bearer secret-token') return void response.writeHead(401).end(JSON.stringify({ error: { message: 'Invalid OAuth access token' } }));
      if (url.pathname === '/v21.0/123' || url.pathname === '/v21.0/999') return void response.end(JSON.stringify({ id: url.pathname.slice(7), display_phone_number: '+31 20 123', verified_name: 'Garage' }));
      const page = pages[url.searchParams.get('after') ?? 'first']!;
      const next = page.paging.next ? { next: `http://${request.headers.host}/v21.0/555/phone_numbers?limit=100&after=p2` } : {};
      response.end(JSON.stringify({ data: page.data, paging: { ...page.paging, ...next } }));
    });
    await new Promise<void>((resolve) => graph.listen(0, '127.0.0.1', resolve));
    t.after(() => new Promise((resolve) => graph.close(resolve)));
    const graphUrl = `http://127.0.0.1:${(graph.address() as AddressInfo).port}`;
    const providers = { whatsapp: { baseUrl: graphUrl, apiVersion: 'v21.0' }, sms: { baseUrl: graphUrl }, publicUrl: null };
    const ours = await checkChannel({ ...record, businessAccountId: '555' }, providers, manualTime(0).timers, 5);
    assert.deepEqual([ours.ok, ours.verifiedName], [true, 'Garage']);
    assert.deepEqual(asked.slice(1), ['/v21.0/555/phone_numbers?fields=id&limit=100', '/v21.0/555/phone_numbers?limit=100&after=p2']);
    const stranger = await checkChannel({ ...record, phoneNumberId: '999', businessAccountId: '555' }, providers, manualTime(0).timers, 5);
    assert.deepEqual([stranger.ok, stranger.failureCode, stranger.failure], [false, 'number_not_in_account', '999 is not a phone number of the WhatsApp Business account 555.']);
  });

  /** A Graph API whose number node answers and whose list of the account's phone numbers pages as `page` says (never listing 123). */
  const pagingGraph = async (page: (n: number) => { body: unknown } | Promise<{ body: unknown }>) => {
    let n = 0;
    return startFakeGraph((url) =>
      url.pathname === '/v21.0/123' ? { body: { id: '123', display_phone_number: '+31 20 123', verified_name: 'Garage' } } : page(n++),
    );
  };
  const numbersPage = (n: number, after: string, next = `https://graph.facebook.com/v21.0/555/phone_numbers?after=${after}`) => ({
    body: { data: [{ id: String(800 + n) }], paging: { cursors: { after }, next } },
  });

  it(`refuses an account that lists more than ${MAX_NUMBER_PAGES} pages of phone numbers, in words`, async (t) => {
    const graph = await pagingGraph((n) => numbersPage(n, `cursor-${n}`));
    t.after(() => graph.close());
    const check = await checkChannel({ ...record, businessAccountId: '555' }, graph.providers, manualTime(0).timers, 5);
    assert.deepEqual([check.ok, check.failureCode, check.failure], [false, 'too_many_pages', `The account lists more than ${MAX_NUMBER_PAGES} pages of phone numbers.`]);
    assert.equal(graph.asked.length, 1 + MAX_NUMBER_PAGES);
  });

  it('ends at a cursor given twice, even at another address', async (t) => {
    // The same cursor behind a `next` that differs each time: the address alone would never repeat.
    const graph = await pagingGraph((n) => numbersPage(n, n % 2 === 0 ? 'cursor-a' : 'cursor-b', `https://graph.facebook.com/v21.0/555/phone_numbers?after=x&page=${n}`));
    t.after(() => graph.close());
    const check = await checkChannel({ ...record, businessAccountId: '555' }, graph.providers, manualTime(0).timers, 5);
    assert.deepEqual([check.ok, check.failureCode, check.failure], [false, 'repeated_page', 'The Graph API gave the same page of phone numbers twice.']);
    assert.equal(graph.asked.length, 1 + 3);
  });

  it(`ends the whole check at ${CHECK_DEADLINE_MS / 1000} seconds on the timers port, though each page came within its own timeout`, async (t) => {
    const time = manualTime(0);
    // Each page takes Graph 4 seconds (moved by hand, nothing sleeps), well within the 10 of one request.
    const graph = await pagingGraph((n) => {
      time.advance(4_000);
      return numbersPage(n, `cursor-${n}`);
    });
    t.after(() => graph.close());
    const check = await checkChannel({ ...record, businessAccountId: '555' }, graph.providers, time.timers, 5);
    assert.deepEqual([check.ok, check.failureCode, check.failure], [false, 'deadline', 'The provider took more than 30 seconds over the check.']);
    assert.equal(graph.asked.length, 1 + 8, 'the eighth page passed the deadline');
  });

  it('says when nobody listens at the provider’s address', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const address = `http://127.0.0.1:${(closed.address() as AddressInfo).port}`;
    await new Promise((resolve) => closed.close(resolve));
    const check = await checkChannel(record, { whatsapp: { baseUrl: address, apiVersion: 'v21.0' }, sms: { baseUrl: address }, publicUrl: null }, manualTime(0).timers, 5);
    assert.equal(check.ok, false);
    assert.equal(check.failure, 'The provider could not be reached.');
    assert.equal(check.failureCode, 'unreachable');
  });
});
