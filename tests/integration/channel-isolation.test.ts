import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { inspect } from 'node:util';
import { startBackend, type RunningBackend } from '../../src/backend/backend';
import type { Logger } from '../../src/ports/logger';
import { startSmsSimulator, type SmsSimulator } from '../../src/simulators/sms-provider-simulator';
import { startWhatsAppSimulator, type WhatsAppSimulator } from '../../src/simulators/whatsapp-cloud-api-simulator';
import { call, eventually, openTestStore } from '../support/backend';
import { metaSignature, startGraphFrontDoor, twilioSignature } from '../support/channels';
import { manualClock, tempDataFile } from '../support/desktop';
import { storeLocation } from '../support/engine';

/**
 * Two organisations on one backend, three WhatsApp numbers (A has one per inbox, B one) and an
 * SMS sender each: every customer's message, status, send and template review stays in the
 * channel and organisation of the number it names. Three WhatsApp simulators (one per number,
 * each its own app secret) behind one Graph address, and the SMS simulator, all on loopback.
 */
const NUMBERS = {
  a1: { phoneNumberId: '2000000001', businessAccountId: '3000000001', accessToken: 'token-a1-xxxxxxxx', appSecret: 'app-secret-a1-xxxx', verifyToken: 'verify-a1-xxxxxxx' },
  a2: { phoneNumberId: '2000000002', businessAccountId: '3000000001', accessToken: 'token-a2-xxxxxxxx', appSecret: 'app-secret-a2-xxxx', verifyToken: 'verify-a2-xxxxxxx' },
  b: { phoneNumberId: '2000000003', businessAccountId: '3000000003', accessToken: 'token-b-xxxxxxxxx', appSecret: 'app-secret-b-xxxxx', verifyToken: 'verify-b-xxxxxxxx' },
};
/** One provider account (the simulator has one), two senders. */
const SMS = { accountSid: `AC${'0'.repeat(30)}ab`, authToken: 'sms-token-shared-xx' };
const SMS_A = '+3197010000011';
const SMS_B = '+3197010000021';

const TEMPLATE = {
  name: 'car_ready',
  title: 'Car is ready',
  language: 'nl',
  category: 'UTILITY',
  header: null,
  headerParameter: null,
  body: 'Beste {{1}}, uw auto staat klaar. Tot zo!',
  footer: null,
  buttons: [],
  parameters: [{ label: 'Customer name', source: 'customerName', example: 'Jan' }],
};

describe('channels: two organisations and three numbers on one backend stay apart', () => {
  const clock = manualClock(Date.parse('2026-11-25T08:00:00Z'));
  const dataFile = tempDataFile();
  const logged: string[] = [];
  const logger: Logger = {
    info: (...args: unknown[]) => void logged.push(inspect(args, { depth: 10 })),
    warn: (...args: unknown[]) => void logged.push(inspect(args, { depth: 10 })),
    error: (...args: unknown[]) => void logged.push(inspect(args, { depth: 10 })),
  };
  const sims: Record<keyof typeof NUMBERS, WhatsAppSimulator> = {} as never;
  let sms: SmsSimulator;
  let graph: { url: string; close(): Promise<void> };
  let backend: RunningBackend;
  let base: string;
  const orgs: Record<'a' | 'b', { organizationId: string; token: string; inboxIds: string[] }> = {} as never;
  const channels: Record<keyof typeof NUMBERS | 'smsA' | 'smsB', string> = {} as never;
  /** B's manager claiming A's number (not yet a channel here) with a made-up token and A's app secret. */
  let claimed: { status: number; body: any };

  const api = (org: 'a' | 'b', method: string, path: string, body?: unknown) => call(base, orgs[org].token, method, path, body);
  const events = (org: 'a' | 'b') => backend.store.events.since(orgs[org].organizationId, 0, 100_000);
  const rejected = async (org: 'a' | 'b') => (await api(org, 'GET', '/v2/rejected-webhooks?limit=200')).body.data as Array<{ reason: string; payload: string }>;
  const postMeta = (body: string, secret: string) =>
    fetch(`${base}/webhooks/whatsapp`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-hub-signature-256': metaSignature(body, secret) }, body });
  const change = (phoneNumberId: string, value: Record<string, unknown>) =>
    JSON.stringify({ object: 'whatsapp_business_account', entry: [{ id: '3000000001', changes: [{ field: 'messages', value: { messaging_product: 'whatsapp', metadata: { phone_number_id: phoneNumberId }, ...value } }] }] });
  const seconds = () => String(Math.floor(clock.now() / 1000));
  const inboundOf = async (org: 'a' | 'b', text: string) =>
    (await backend.store.events.since(orgs[org].organizationId, 0, 100_000)).find((e) => e.type === 'message.create' && (e.data as any).message.text === text);

  before(async () => {
    for (const [key, n] of Object.entries(NUMBERS) as Array<[keyof typeof NUMBERS, (typeof NUMBERS)['a1']]>) {
      // B's account reviews later than A's: moving the clock past A's review leaves B's still waiting,
      // whatever its simulator's own reviewer does meanwhile.
      sims[key] = await startWhatsAppSimulator({ ...n, templates: [], clock, approveAfterMs: key === 'b' ? 3_600_000 : 60_000 });
    }
    sms = await startSmsSimulator({ ...SMS, phoneNumbers: [SMS_A, SMS_B] });
      // A's two numbers are in one business account, whose template management A1's simulator holds.
    graph = await startGraphFrontDoor([
      { simulator: sims.a1, ids: [NUMBERS.a1.phoneNumberId, NUMBERS.a1.businessAccountId] },
      { simulator: sims.a2, ids: [NUMBERS.a2.phoneNumberId] },
      { simulator: sims.b, ids: [NUMBERS.b.phoneNumberId, NUMBERS.b.businessAccountId] },
    ]);
    const store = await openTestStore(dataFile);
    try {
      const inbox = (name: string) => ({ name, kind: 'dealership' as const, zone: 'Europe/Amsterdam', country: 'NL' });
      orgs.a = await store.organizations.create({ name: 'Dealer A', inboxes: [inbox('A Noord'), inbox('A Zuid')], user: { name: 'Anna' } }, clock.now());
      orgs.b = await store.organizations.create({ name: 'Dealer B', inboxes: [inbox('B Centrum')], user: { name: 'Bram' } }, clock.now());
    } finally {
      await store.close();
    }
    backend = await startBackend({
      ...(await storeLocation(dataFile)),
      clock,
      logger,
      country: 'NL',
      providers: { whatsapp: { baseUrl: graph.url, apiVersion: 'v21.0' }, sms: { baseUrl: sms.url }, publicUrl: null },
      sendWorker: { pollMs: 20 },
      reminderEveryMs: 0,
    });
    base = backend.url;
    for (const sim of Object.values(sims)) sim.setWebhookUrl(`${base}/webhooks/whatsapp`);
    sms.setInboundUrl(`${base}/webhooks/sms/inbound`);

    // Each manager adds the numbers in Settings → Channels and assigns them to inboxes.
    const add = async (org: 'a' | 'b', body: Record<string, unknown>) => {
      const created = await api(org, 'POST', '/v2/channels', body);
      assert.equal(created.status, 201, JSON.stringify(created.body));
      return created.body.id as string;
    };
    claimed = await api('b', 'POST', '/v2/channels', { kind: 'whatsapp', label: 'Overgenomen', ...NUMBERS.a1, accessToken: 'made-up-token-of-b' });
    channels.a1 = await add('a', { kind: 'whatsapp', label: 'Noord', ...NUMBERS.a1 });
    channels.a2 = await add('a', { kind: 'whatsapp', label: 'Zuid', ...NUMBERS.a2 });
    channels.b = await add('b', { kind: 'whatsapp', label: 'Centrum', ...NUMBERS.b });
    channels.smsA = await add('a', { kind: 'sms', label: 'SMS A', from: SMS_A, ...SMS });
    channels.smsB = await add('b', { kind: 'sms', label: 'SMS B', from: SMS_B, ...SMS });
    const assign = async (org: 'a' | 'b', inbox: string, body: Record<string, unknown>) =>
      assert.equal((await api(org, 'PATCH', `/v2/inboxes/${inbox}`, body)).status, 200);
    await assign('a', orgs.a.inboxIds[0]!, { whatsappChannel: channels.a1, smsChannel: channels.smsA });
    await assign('a', orgs.a.inboxIds[1]!, { whatsappChannel: channels.a2 });
    await assign('b', orgs.b.inboxIds[0]!, { whatsappChannel: channels.b, smsChannel: channels.smsB });
  });
  after(async () => {
    await backend.close();
    for (const sim of Object.values(sims)) await sim.close();
    await sms.close();
    await graph.close();
  });

  it('refuses another organisation’s number claimed with a made-up token, even with the number’s own app secret: nothing is stored', async () => {
    assert.equal(claimed.status, 422, JSON.stringify(claimed.body));
    assert.deepEqual([claimed.body.error.code, claimed.body.error.params.failureCode], ['CHANNEL_NOT_VERIFIED', 'provider_refused']);
    assert.match(claimed.body.error.params.failure, /Error validating access token/);
    assert.deepEqual(((await api('b', 'GET', '/v2/channels')).body.data as Array<{ id: string }>).map((c) => c.id).sort(), [channels.b, channels.smsB].sort());
    // While A has it: the same refusal, so B does not even learn that it is a channel here.
    const again = await api('b', 'POST', '/v2/channels', { kind: 'whatsapp', label: 'Overgenomen', ...NUMBERS.a1, accessToken: 'made-up-token-of-b' });
    assert.deepEqual([again.status, again.body.error.code], [422, 'CHANNEL_NOT_VERIFIED']);
    // B's own token does not open A's number either, nor does B's business account list it.
    const own = await api('b', 'POST', '/v2/channels', { kind: 'whatsapp', label: 'Overgenomen', ...NUMBERS.b, phoneNumberId: NUMBERS.a1.phoneNumberId });
    assert.deepEqual([own.status, own.body.error.code], [422, 'CHANNEL_NOT_VERIFIED']);
    // A customer of A's number, signed as Meta signs it for that number: A's, never B's.
    await fetch(`${sims.a1.url}/simulator/customers/31611000010/reply`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text: 'Voor Noord' }) });
    await eventually(() => inboundOf('a', 'Voor Noord'));
    assert.equal(await inboundOf('b', 'Voor Noord'), undefined);
  });

  it('routes each customer’s message to the organisation and inbox of the number written to', async () => {
    await fetch(`${sims.a2.url}/simulator/customers/31611000001/reply`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text: 'Hallo Zuid' }) });
    await fetch(`${sims.b.url}/simulator/customers/31611000002/reply`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text: 'Hallo B' }) });
    const toA = await eventually(() => inboundOf('a', 'Hallo Zuid'));
    await eventually(() => inboundOf('b', 'Hallo B'));
    assert.equal(await inboundOf('b', 'Hallo Zuid'), undefined, 'B never sees A’s customer');
    assert.equal(await inboundOf('a', 'Hallo B'), undefined, 'A never sees B’s customer');
    const message = (toA.data as any).message;
    assert.equal(await backend.store.messages.channelOf(message.id), channels.a2);
    const conversation = (await backend.store.conversations.get(orgs.a.organizationId, message.conversation))!;
    assert.equal(conversation.inbox, orgs.a.inboxIds[1], 'a new customer lands in the inbox that has the number');

    await fetch(`${sms.url}/simulator/sms/inbound`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ from: '+31611000003', body: 'SMS voor B', to: SMS_B }) });
    await eventually(() => inboundOf('b', 'SMS voor B'));
    assert.equal(await inboundOf('a', 'SMS voor B'), undefined);
  });

  it('sends a reply through the number the customer wrote to, and each organisation’s messages through its own', async () => {
    // Filed by hand in A's first inbox (number A1), the customer then writes to A2.
    const created = await api('a', 'POST', '/v2/conversations', { contact: { profile: { name: 'Klant Een', telephone: '+31611000004' } }, inbox: orgs.a.inboxIds[0] });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    await fetch(`${sims.a2.url}/simulator/customers/31611000004/reply`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text: 'Via Zuid' }) });
    await eventually(() => inboundOf('a', 'Via Zuid'));
    const reply = await api('a', 'POST', `/v2/conversations/${created.body.id}/messages`, { type: 'chat', touchpoint: 'whatsapp', text: 'Antwoord van A' });
    assert.equal(reply.status, 202, JSON.stringify(reply.body));
    await eventually(async () => (await backend.store.messages.get(reply.body.id))!.status === 'delivered');
    assert.ok(sims.a2.delivered().some((m) => m.body === 'Antwoord van A'));
    assert.ok(!sims.a1.delivered().some((m) => m.body === 'Antwoord van A') && !sims.b.delivered().some((m) => m.body === 'Antwoord van A'));

    // B's SMS leaves from B's sender, and its statuses (routed by From) reach only B's message.
    const b = await api('b', 'POST', '/v2/conversations', { contact: { profile: { telephone: '+31611000005' } }, inbox: orgs.b.inboxIds[0] });
    const text = await api('b', 'POST', `/v2/conversations/${b.body.id}/messages`, { type: 'chat', touchpoint: 'sms', text: 'SMS van B' });
    assert.equal(text.status, 202, JSON.stringify(text.body));
    await eventually(async () => (await backend.store.messages.get(text.body.id))!.status === 'delivered');
    assert.equal(sms.delivered().find((m) => m.body === 'SMS van B')?.to, '+31611000005');
    assert.equal(await backend.store.messages.channelOf(text.body.id), channels.smsB);
  });

  it('applies a status only among its own number’s messages, and refuses a delivery signed with another number’s secret', async () => {
    const b = await api('b', 'POST', '/v2/conversations', { contact: { profile: { telephone: '+31611000002' } } });
    const sent = await api('b', 'POST', `/v2/conversations/${b.body.id}/messages`, { type: 'chat', touchpoint: 'whatsapp', text: 'Van B' });
    assert.equal(sent.status, 202, JSON.stringify(sent.body));
    await eventually(async () => (await backend.store.messages.get(sent.body.id))!.status === 'delivered');
    const wamid = sims.b.accepted().find((m) => m.body === 'Van B')!.wamid;

    // On A1's number, signed by A1: it names B's message, by its WhatsApp id and by ours.
    const beforeA = (await rejected('a')).length;
    const status = (fields: Record<string, unknown>) => change(NUMBERS.a1.phoneNumberId, { statuses: [{ timestamp: seconds(), recipient_id: '31611000002', status: 'read', ...fields }] });
    assert.equal((await postMeta(status({ id: wamid }), NUMBERS.a1.appSecret)).status, 200);
    assert.equal((await postMeta(status({ id: 'wamid.other', biz_opaque_callback_data: sent.body.id }), NUMBERS.a1.appSecret)).status, 200);
    assert.equal((await backend.store.messages.get(sent.body.id))!.status, 'delivered', 'not read: the report was on another number');
    const reasons = (await rejected('a')).slice(0, (await rejected('a')).length - beforeA).map((r) => r.reason);
    assert.equal(reasons.length, 2);
    for (const reason of reasons) assert.match(reason, /No WhatsApp message sent through this number has the id/);

    // B's number, signed with A1's app secret: refused whole.
    const forged = status({ id: wamid }).replace(NUMBERS.a1.phoneNumberId, NUMBERS.b.phoneNumberId);
    const answer = await postMeta(forged, NUMBERS.a1.appSecret);
    assert.equal(answer.status, 401);
    assert.equal(((await answer.json()) as any).error.code, 'BAD_SIGNATURE');
    assert.equal((await backend.store.messages.get(sent.body.id))!.status, 'delivered');
    // Its own secret: applied.
    assert.equal((await postMeta(forged, NUMBERS.b.appSecret)).status, 200);
    assert.equal((await backend.store.messages.get(sent.body.id))!.status, 'read');

    // An SMS status from A's sender naming B's SMS is not applied; one signed with another token is refused.
    const bSid = sms.delivered().find((m) => m.body === 'SMS van B')!.sid;
    const smsStatus = (from: string) => ({ AccountSid: SMS.accountSid, MessageSid: bSid, MessageStatus: 'failed', ErrorCode: '30003', From: from, To: '+31611000005' });
    const url = `${base}/webhooks/sms/status`;
    const post = (params: Record<string, string>, signature: string) =>
      fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature }, body: new URLSearchParams(params) });
    assert.equal((await post(smsStatus(SMS_A), twilioSignature(url, smsStatus(SMS_A), SMS.authToken))).status, 204);
    assert.match((await rejected('a'))[0]!.reason, new RegExp(`No SMS message sent from this number has the id ${bSid}`));
    assert.equal((await post(smsStatus(SMS_B), twilioSignature(url, smsStatus(SMS_B), 'not-the-auth-token'))).status, 401);
    // A number no sender has gets the answer a wrong signature gets: an unsigned caller learns nothing of our numbers.
    const wrong = await post(smsStatus(SMS_B), twilioSignature(url, smsStatus(SMS_B), 'not-the-auth-token'));
    const unknown = await post(smsStatus('+3197099999999'), twilioSignature(url, smsStatus('+3197099999999'), SMS.authToken));
    assert.deepEqual([unknown.status, await unknown.json()], [wrong.status, await wrong.json()]);
    assert.ok(logged.some((line) => line.includes('for a number no channel on this backend has') && line.includes('+3197099999999')), 'the log says which');
    const bMessage = (await backend.store.events.since(orgs.b.organizationId, 0, 100_000)).filter((e) => e.type === 'message.status' && (e.data as any).status === 'failed');
    assert.deepEqual(bMessage, [], 'B’s SMS was never marked failed');
  });

  it('refuses a delivery for a number no channel has as it refuses a forged one (an unsigned caller learns no numbers), recording it nowhere', async () => {
    const before = { a: (await rejected('a')).length, b: (await rejected('b')).length, seqA: (await events('a')).length, seqB: (await events('b')).length };
    const body = change('2999999999', { messages: [{ from: '31611000009', id: 'wamid.nobody', timestamp: seconds(), type: 'text', text: { body: 'Voor niemand' } }] });
    const unknown = await postMeta(body, NUMBERS.a1.appSecret);
    const forged = await postMeta(change(NUMBERS.a1.phoneNumberId, { messages: [] }), 'not-the-app-secret');
    assert.deepEqual([unknown.status, await unknown.text()], [forged.status, await forged.text()]);
    assert.equal(unknown.status, 401);
    assert.deepEqual([(await rejected('a')).length, (await rejected('b')).length, (await events('a')).length, (await events('b')).length], [before.a, before.b, before.seqA, before.seqB]);
    assert.ok(logged.some((line) => line.includes('no channel on this backend has')));
  });

  it('applies a template’s review only in the organisation whose business account it names', async () => {
    const a = await api('a', 'POST', '/v2/watemplates', TEMPLATE);
    assert.equal(a.status, 201, JSON.stringify(a.body));
    const b = await api('b', 'POST', '/v2/watemplates', TEMPLATE);
    assert.equal(b.status, 201, JSON.stringify(b.body));
    assert.equal(a.body.businessAccountId, NUMBERS.a1.businessAccountId);
    assert.equal(b.body.businessAccountId, NUMBERS.b.businessAccountId);
    clock.advance(120_000);
    await sims.a1.reviewDue();
    const status = async (org: 'a' | 'b') => ((await api(org, 'GET', '/v2/watemplates')).body as any[]).find((t) => t.name === 'car_ready').status;
    await eventually(async () => (await status('a')) === 'APPROVED');
    assert.equal(await status('b'), 'PENDING', 'B’s template waits for its own account’s review');
    clock.advance(3_600_000);
    await sims.b.reviewDue();
    await eventually(async () => (await status('b')) === 'APPROVED');
  });

  it('refuses a send at once when the inbox has no number, naming the inbox', async () => {
    const inbox = await api('b', 'POST', '/v2/inboxes', {
      name: 'B Werkplaats',
      kind: 'workshop',
      zone: 'Europe/Amsterdam',
      country: 'NL',
      openingHours: [...Array(5).fill({ open: '08:00', close: '17:00' }), null, null],
      closedDates: [],
      templateLanguage: 'nl',
      whatsappChannel: channels.b,
      smsChannel: null,
    });
    assert.equal(inbox.status, 201, JSON.stringify(inbox.body));
    const created = await api('b', 'POST', '/v2/conversations', { contact: { profile: { telephone: '+31611000007' } }, inbox: inbox.body.id });
    const refused = await api('b', 'POST', `/v2/conversations/${created.body.id}/messages`, { type: 'chat', touchpoint: 'sms', text: 'Hallo' });
    assert.equal(refused.status, 422);
    assert.equal(refused.body.error.code, 'NO_CHANNEL');
    assert.match(refused.body.error.message, /Inbox "B Werkplaats" has no SMS sender: a manager assigns one in Settings → Channels/);
    assert.equal((await backend.store.sends.dueChannels(Number.MAX_SAFE_INTEGER)).length, 0, 'nothing was queued');
  });

  it('replies through the inbox’s new number when the one the customer wrote to was removed, and keeps what customers send to a removed number', async () => {
    // The customer of the first test wrote to A2 (A Zuid). The manager removes A2 and gives A Zuid the number A1.
    const conversation = (await backend.store.messages.get(((await inboundOf('a', 'Hallo Zuid'))!.data as any).message.id))!.conversation;
    assert.equal((await api('a', 'DELETE', `/v2/channels/${channels.a2}`)).status, 204);
    assert.equal((await api('a', 'PATCH', `/v2/inboxes/${orgs.a.inboxIds[1]}`, { whatsappChannel: channels.a1 })).status, 200);
    const reply = await api('a', 'POST', `/v2/conversations/${conversation}/messages`, { type: 'chat', touchpoint: 'whatsapp', text: 'Nu via Noord' });
    assert.equal(reply.status, 202, JSON.stringify(reply.body));
    assert.equal(await backend.store.messages.channelOf(reply.body.id), channels.a1);
    // Meta takes it on A1 (whose own 24-hour window with this customer is WhatsApp's matter); A2 sends nothing more.
    await eventually(() => sims.a1.accepted().some((m) => m.body === 'Nu via Noord'));
    assert.ok(!sims.a2.accepted().some((m) => m.body === 'Nu via Noord'));

    // The customer writes to the removed number again: not a message in any conversation, but on A's rejected webhooks, with the date.
    const removedAt = new Date(clock.now()).toISOString().slice(0, 16).replace('T', ' ');
    await fetch(`${sims.a2.url}/simulator/customers/31611000001/reply`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text: 'Nog iemand?' }) });
    const kept = await eventually(async () => (await rejected('a')).find((r) => r.payload.includes('Nog iemand?')));
    assert.equal(kept.reason.startsWith(`A delivery for number ${NUMBERS.a2.phoneNumberId}, removed from the channels on ${removedAt} UTC`), true, kept.reason);
    assert.equal(await inboundOf('a', 'Nog iemand?'), undefined);
    assert.ok(!(await rejected('b')).some((r) => r.payload.includes('Nog iemand?')));
    // Signed with another number's secret, it is recorded nowhere, and refused as any unproven delivery is.
    const forged = change(NUMBERS.a2.phoneNumberId, { messages: [{ from: '31611000001', id: 'wamid.forged-removed', timestamp: seconds(), type: 'text', text: { body: 'Vervalst' } }] });
    assert.equal((await postMeta(forged, NUMBERS.b.appSecret)).status, 401);
    assert.ok(!(await rejected('a')).some((r) => r.payload.includes('Vervalst')));

    // The same for an SMS sender: A removes it, a customer texts it.
    assert.equal((await api('a', 'DELETE', `/v2/channels/${channels.smsA}`)).status, 204);
    await fetch(`${sms.url}/simulator/sms/inbound`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ from: '+31611000011', body: 'SMS naar weg nummer', to: SMS_A }) });
    const texted = await eventually(async () => (await rejected('a')).find((r) => r.payload.includes('SMS naar weg nummer')));
    assert.match(texted.reason, new RegExp(`^A delivery for number \\${SMS_A}, removed from the channels on ${removedAt} UTC`));
    // Unsigned, the removed number is answered as any unknown number.
    const url = `${base}/webhooks/sms/inbound`;
    const params = { AccountSid: SMS.accountSid, MessageSid: 'SMforged', From: '+31611000011', To: SMS_A, Body: 'x' };
    const unsigned = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': twilioSignature(url, params, 'guessed') }, body: new URLSearchParams(params) });
    assert.deepEqual([unsigned.status, ((await unsigned.json()) as any).error.code], [401, 'BAD_SIGNATURE']);
  });

  it('keeps every secret out of the database file and the log', async () => {
    const secrets = [...Object.values(NUMBERS).flatMap((n) => [n.accessToken, n.appSecret, n.verifyToken]), SMS.authToken];
    const bytes = Buffer.concat([dataFile, `${dataFile}-wal`].filter((f) => existsSync(f)).map((f) => readFileSync(f)));
    for (const secret of secrets) {
      assert.equal(bytes.indexOf(secret), -1, `${secret} is not in the SQLite file`);
      assert.ok(!logged.some((line) => line.includes(secret)), `${secret} is not in the log`);
    }
    assert.ok(logged.length > 0, 'the log was captured');
    const listed = await api('a', 'GET', '/v2/channels');
    for (const secret of secrets) assert.ok(!JSON.stringify(listed.body).includes(secret));
  });
});
