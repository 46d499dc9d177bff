import assert from 'node:assert/strict';
import { createHmac, randomUUID } from 'node:crypto';
import { connect } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import type { RunningBackend } from '../../src/backend/backend';
import { startSmsSimulator } from '../../src/simulators/sms-provider-simulator';
import { startWhatsAppSimulator, type WhatsAppSimulator } from '../../src/simulators/whatsapp-cloud-api-simulator';
import { metaSignature, SMS_ACCOUNT, SMS_FROM, startChannelBackend, twilioSignature } from '../support/channels';
import { call, createOrganisation, eventually, REMINDER_TEMPLATE, seedApprovedTemplate, WHATSAPP } from '../support/backend';
import { manualClock, tempDataFile } from '../support/desktop';

const CUSTOMER = '31612345678';
const NEIGHBOUR_CUSTOMER = '31687654321';

/*
 * Signatures are computed here from the providers' documentation with node:crypto, not with
 * the backend's own code, so a mistake in the backend's check cannot agree with itself.
 */

/** A request written byte for byte on a socket, for what fetch will not send; the answer as the server wrote it. */
function rawRequest(port: number, request: string): Promise<{ status: number; headers: string; body: string }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let answer = '';
    socket.on('data', (chunk) => (answer += chunk.toString('utf8')));
    // The server answers before it has read all of an oversized request, then hangs up.
    socket.on('error', (error: NodeJS.ErrnoException) => (answer ? undefined : reject(error)));
    socket.on('close', () => {
      const [head = '', body = ''] = answer.split('\r\n\r\n');
      resolve({ status: Number(head.split(' ')[1]), headers: head, body });
    });
    socket.write(request);
  });
}

describe('backend edges: signed webhooks, statuses of other organisations, error answers', () => {
  const clock = manualClock(Date.parse('2026-11-25T08:00:00Z'));
  let simulator: WhatsAppSimulator;
  let sms: Awaited<ReturnType<typeof startSmsSimulator>>;
  let backend: RunningBackend;
  let port: number;
  let own: { organizationId: string; token: string };
  let neighbour: { organizationId: string; token: string };
  const conversations: Record<string, string> = {};

  before(async () => {
    // Statuses come only when a test sends them, so that each case is the test's own.
    simulator = await startWhatsAppSimulator({ ...WHATSAPP, templates: [REMINDER_TEMPLATE], clock, statusDelayMs: 3_600_000 });
    sms = await startSmsSimulator(SMS_ACCOUNT);
    const dataFile = tempDataFile();
    own = await createOrganisation(dataFile, 'Autobedrijf Rand', clock.now());
    neighbour = await createOrganisation(dataFile, 'Autobedrijf Buurman', clock.now());
    ({ backend, port } = await startChannelBackend({ dataFile, clock, organizationId: own.organizationId, whatsapp: simulator, sms, pollMs: 50 }));
    for (const org of [own, neighbour]) {
      await seedApprovedTemplate(backend.store, org.organizationId, REMINDER_TEMPLATE, clock.now());
      const phone = org === own ? CUSTOMER : NEIGHBOUR_CUSTOMER;
      conversations[org.organizationId] = (await call(backend.url, org.token, 'POST', '/v2/conversations', { contact: { profile: { telephone: `+${phone}` } } })).body.id;
    }
  });
  after(async () => {
    await backend.close();
    await simulator.close();
    await sms.close();
  });

  const seconds = () => String(Math.floor(clock.now() / 1000));
  const envelope = (value: Record<string, unknown>, phoneNumberId = WHATSAPP.phoneNumberId, field = 'messages') =>
    JSON.stringify({
      object: 'whatsapp_business_account',
      entry: [{ id: WHATSAPP.businessAccountId, changes: [{ field, value: { messaging_product: 'whatsapp', metadata: { display_phone_number: '31200000000', phone_number_id: phoneNumberId }, ...value } }] }],
    });
  const inbound = (id: string, fields: Record<string, unknown> = {}) =>
    envelope({ contacts: [{ profile: { name: 'Klant' }, wa_id: CUSTOMER }], messages: [{ from: CUSTOMER, id, timestamp: seconds(), type: 'text', text: { body: `bericht ${id}` }, ...fields }] });
  const statusOf = (status: Record<string, unknown>) => envelope({ statuses: [{ timestamp: seconds(), recipient_id: CUSTOMER, ...status }] });
  const postMeta = async (body: string, signature: string | null = metaSignature(body)) => {
    const res = await fetch(`${backend.url}/webhooks/whatsapp`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(signature === null ? {} : { 'x-hub-signature-256': signature }) },
      body,
    });
    return { status: res.status, body: (await res.json()) as any };
  };
  const postTwilio = async (path: string, params: Record<string, string>, signature = twilioSignature(`${backend.url}${path}`, params)) => {
    const res = await fetch(`${backend.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature },
      body: new URLSearchParams(params),
    });
    return res.status;
  };
  /** Every rejection recorded for the organisation, newest first, read page by page. */
  const rejections = async (token = own.token, limit = 200) => {
    const all: Array<{ reason: string; payload: string; channel: string }> = [];
    for (let before: string | null = null, first = true; first || before; first = false) {
      const page = await call(backend.url, token, 'GET', `/v2/rejected-webhooks?limit=${limit}${before ? `&before=${before}` : ''}`);
      assert.equal(page.status, 200, JSON.stringify(page.body));
      all.push(...page.body.data);
      before = page.body.next;
    }
    return all;
  };
  const lastSeq = async () => (await backend.store.events.since(own.organizationId, 0, 100_000)).at(-1)?.seq ?? 0;
  const eventsSince = (seq: number) => backend.store.events.since(own.organizationId, seq, 100_000);
  const message = async (id: string) => (await backend.store.messages.get(id))!;
  const remind = async (org: { organizationId: string; token: string }, key: string, touchpoint?: 'sms') => {
    const body = touchpoint
      ? { touchpoint, text: `SMS ${key}` }
      : { type: 'template', template: { name: 'appointment_reminder', language: 'nl', parameters: ['Klant', 'morgen', '09:30', key] } };
    const sent = await call(backend.url, org.token, 'POST', `/v2/conversations/${conversations[org.organizationId]}/messages`, body);
    assert.equal(sent.status, 202, JSON.stringify(sent.body));
    return sent.body.id as string;
  };
  /** The organisation's WhatsApp channel: a status is matched only among its messages. */
  const ownChannel = async () => (await backend.store.channels.byAddress('whatsapp', WHATSAPP.phoneNumberId))!.id;
  const wamidOf = (key: string) => eventually(() => simulator.accepted().find((m) => m.body.includes(key))?.wamid);

  it('reads X-Hub-Signature-256 strictly: "sha256=" and exactly 64 hexadecimal digits', async () => {
    const body = inbound('wamid.signature-check');
    const good = metaSignature(body);
    const cases: Array<[string | null, string]> = [
      [null, 'SIGNATURE_MISSING'],
      [`${good}z`, 'SIGNATURE_MALFORMED'],
      [`${good}00`, 'SIGNATURE_MALFORMED'],
      [good.slice(0, -1), 'SIGNATURE_MALFORMED'],
      [`sha1=${createHmac('sha1', WHATSAPP.appSecret).update(body).digest('hex')}`, 'SIGNATURE_MALFORMED'],
      [good.replace('sha256=', 'SHA256='), 'SIGNATURE_MALFORMED'],
      [`${good}, ${good}`, 'SIGNATURE_MALFORMED'],
      [good.replace('sha256=', 'sha256= '), 'SIGNATURE_MALFORMED'],
      [metaSignature(body, 'not-the-app-secret'), 'BAD_SIGNATURE'],
      [`sha256=${'0'.repeat(64)}`, 'BAD_SIGNATURE'],
    ];
    const seq = await lastSeq();
    for (const [signature, code] of cases) {
      const answer = await postMeta(body, signature);
      assert.equal(answer.status, 401, `${signature} → 401`);
      assert.equal(answer.body.error.code, code, `${signature} → ${code}`);
      assert.equal(typeof answer.body.error.message, 'string');
    }
    assert.deepEqual(await eventsSince(seq), [], 'nothing of a refused delivery is stored');
    assert.equal(await backend.store.messages.byProviderId(await ownChannel(), 'wamid.signature-check'), undefined);

    // Hexadecimal digits in either case are the same digest.
    assert.equal((await postMeta(body, `sha256=${good.slice(7).toUpperCase()}`)).status, 200);
    assert.ok(await backend.store.messages.byProviderId(await ownChannel(), 'wamid.signature-check'));
  });

  it('acknowledges a signed delivery it cannot use, records the reason, and stores nothing of it', async () => {
    const ms = String(clock.now());
    const cases: Array<[string, string, RegExp]> = [
      ['a timestamp that is no number', inbound('wamid.t1', { timestamp: 'gisteren' }), /Not a customer's message: timestamp is not a whole number of seconds/],
      ['milliseconds read as seconds', inbound('wamid.t2', { timestamp: ms }), /Message wamid\.t2: timestamp \d+ .*is in the future/],
      ['a timestamp from 1970', inbound('wamid.t3', { timestamp: '1' }), /Message wamid\.t3: timestamp 1 \(1970-01-01T00:00:01\.000Z\) is more than 30 days old/],
      ['a sender with letters', inbound('wamid.t4', { from: 'klant' }), /from is not a phone number/],
      ['a sender that is no valid number', inbound('wamid.t5', { from: '3100000' }), /Message wamid\.t5: the sender "\+3100000" is not a valid phone number/],
      ['a field this backend does not take', envelope({ event: 'APPROVED' }, WHATSAPP.phoneNumberId, 'account_update'), /field "account_update"/],
      ['a status WhatsApp does not have', statusOf({ id: 'wamid.x', status: 'deleted' }), /Not a message status: status/],
      ['a message without an id', envelope({ messages: [{ from: CUSTOMER, timestamp: seconds(), type: 'text', text: { body: 'x' } }] }), /Not a customer's message: id/],
    ];
    for (const [what, body, reason] of cases) {
      const seq = await lastSeq();
      const answer = await postMeta(body);
      assert.equal(answer.status, 200, `${what}: acknowledged`);
      assert.deepEqual(answer.body, { ok: true });
      assert.deepEqual(await eventsSince(seq), [], `${what}: nothing stored`);
      const [latest] = await rejections();
      assert.match(latest!.reason, reason, what);
      assert.equal(latest!.channel, 'whatsapp');
    }
    // Nothing says which organisation these are for: refused, and (a number no channel has) refused as a forged delivery is, only logged.
    for (const body of [JSON.stringify({ hello: 'world' }), '{"object": "whatsapp_business_account", ']) {
      const answer = await postMeta(body);
      assert.equal(answer.status, 400);
      assert.equal(answer.body.error.code, 'NOT_WHATSAPP_WEBHOOK');
    }
    const seq = await lastSeq();
    const rejectedBefore = (await rejections()).length;
    assert.equal((await postMeta(inbound('wamid.t6').replace(WHATSAPP.phoneNumberId, '999999999'))).status, 401);
    assert.deepEqual(await eventsSince(seq), []);
    assert.equal((await rejections()).length, rejectedBefore);
    for (const id of ['wamid.t1', 'wamid.t2', 'wamid.t3', 'wamid.t4', 'wamid.t5', 'wamid.t6']) {
      assert.equal(await backend.store.messages.byProviderId(await ownChannel(), id), undefined, `${id} not stored`);
    }
  });

  it('stores the usable messages of a delivery and records only the unusable one', async () => {
    const body = envelope({
      contacts: [{ profile: { name: 'Klant' }, wa_id: CUSTOMER }],
      messages: [
        { from: CUSTOMER, id: 'wamid.mixed-good', timestamp: seconds(), type: 'text', text: { body: 'Ik kom om tien uur.' } },
        { from: CUSTOMER, id: 'wamid.mixed-bad', timestamp: '99999999999999', type: 'text', text: { body: 'Uit de toekomst' } },
      ],
    });
    const before = (await rejections()).length;
    assert.equal((await postMeta(body)).status, 200);
    const good = await backend.store.messages.byProviderId(await ownChannel(), 'wamid.mixed-good');
    assert.equal(good?.text, 'Ik kom om tien uur.');
    assert.equal(good?.organizationId, own.organizationId);
    assert.equal(await backend.store.messages.byProviderId(await ownChannel(), 'wamid.mixed-bad'), undefined);
    const after = await rejections();
    assert.equal(after.length, before + 1);
    assert.match(after[0]!.reason, /wamid\.mixed-bad: timestamp 99999999999999 .*in the future/);
    assert.equal(JSON.parse(after[0]!.payload).id, 'wamid.mixed-bad', 'the item is kept as it arrived');
  });

  it('lists the rejections page by page, newest first, and only to their own organisation', async () => {
    const all = await rejections();
    const paged = await rejections(own.token, 3);
    assert.deepEqual(paged, all);
    assert.ok(all.length > 3);
    assert.deepEqual(await rejections(neighbour.token), []);
    const bad = await call(backend.url, own.token, 'GET', '/v2/rejected-webhooks?before=not-a-cursor');
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error.code, 'INVALID_REQUEST');
    assert.equal((await call(backend.url, null, 'GET', '/v2/rejected-webhooks')).status, 401);
  });

  it('lets a status change only a message of its own organisation and channel', async () => {
    const ownWhatsApp = await remind(own, 'scope-own');
    const ownSms = await remind(own, 'scope-own-sms', 'sms');
    await eventually(async () => (await message(ownWhatsApp)).status === 'accepted' && (await message(ownSms)).status === 'delivered');
    // The neighbour's messages, sent through its own number and sender (stored as they went).
    const store = backend.store;
    const neighbourNumber = (await store.channels.create(neighbour.organizationId, { kind: 'whatsapp', label: 'Buurman', phoneNumberId: '1234567899', businessAccountId: '1234567999', accessToken: 'buurman-token', appSecret: 'buurman-secret', verifyToken: 'buurman-verify' }, clock.now())).id;
    const neighbourSender = (await store.channels.create(neighbour.organizationId, { kind: 'sms', label: 'Buurman SMS', from: '+3197000000099', accountSid: SMS_ACCOUNT.accountSid, authToken: 'buurman-sms-token' }, clock.now())).id;
    const neighbourWamid = 'wamid.neighbour-scope';
    const neighbourSid = 'SMneighbourscope';
    const outbound = async (touchpoint: 'whatsapp' | 'sms', channelId: string, providerId: string) =>
      (
        await store.messages.insert(
          { id: randomUUID(), organizationId: neighbour.organizationId, conversationId: conversations[neighbour.organizationId]!, role: 'agent', type: 'chat', touchpoint, isBackchannel: false, text: 'Tot morgen', template: null, status: 'accepted', providerId, idempotencyKey: null, channelId },
          clock.now(),
        )
      ).id;
    const neighbourWhatsApp = await outbound('whatsapp', neighbourNumber, neighbourWamid);
    const neighbourSms = await outbound('sms', neighbourSender, neighbourSid);
    const ownWamid = await wamidOf('scope-own');
    const ownSid = sms.delivered().find((m) => m.body === 'SMS scope-own-sms')!.sid;

    const attempts: Array<[string, Record<string, unknown>]> = [
      ['the neighbour’s message by its WhatsApp id', { id: neighbourWamid, status: 'read' }],
      ['the neighbour’s message failed', { id: neighbourWamid, status: 'failed', errors: [{ code: 131026, title: 'Undeliverable' }] }],
      ['the neighbour’s message by our id', { id: 'wamid.other', status: 'read', biz_opaque_callback_data: neighbourWhatsApp }],
      ['an SMS by its provider id', { id: ownSid, status: 'read' }],
      ['an SMS by our id', { id: 'wamid.other-sms', status: 'read', biz_opaque_callback_data: ownSms }],
    ];
    for (const [what, status] of attempts) {
      assert.equal((await postMeta(statusOf(status))).status, 200, what);
      const recorded = (await rejections()).find((r) => {
        const item = JSON.parse(r.payload);
        return r.channel === 'whatsapp' && item.id === status.id && item.status === status.status;
      });
      assert.equal(recorded?.reason, `No WhatsApp message sent through this number has the id ${String(status.id)}.`, what);
    }
    // Statuses are routed by the sending number (From): ours names the neighbour's SMS, or a WhatsApp id.
    const smsReport = (fields: Record<string, string>) => ({ From: SMS_FROM, To: `+${CUSTOMER}`, ...fields });
    assert.equal(await postTwilio('/webhooks/sms/status', smsReport({ MessageSid: neighbourSid, MessageStatus: 'delivered' })), 204);
    assert.match((await rejections())[0]!.reason, new RegExp(`No SMS message sent from this number has the id ${neighbourSid}`));
    assert.equal(await postTwilio('/webhooks/sms/status', smsReport({ MessageSid: ownWamid, MessageStatus: 'failed', ErrorCode: '30003' })), 204);
    // The neighbour's sender, signed with our token: refused.
    assert.equal(await postTwilio('/webhooks/sms/status', { From: '+3197000000099', MessageSid: neighbourSid, MessageStatus: 'delivered' }), 401);

    assert.equal((await message(neighbourWhatsApp)).status, 'accepted');
    assert.equal((await message(neighbourSms)).status, 'accepted');
    assert.equal((await message(ownSms)).status, 'delivered', 'WhatsApp reports do not move an SMS');
    assert.equal((await message(ownWhatsApp)).status, 'accepted', 'an SMS report does not move a WhatsApp message');
    assert.deepEqual(await rejections(neighbour.token), [], 'nothing of this organisation’s deliveries is shown to the neighbour');

    // What does belong here still counts.
    assert.equal((await postMeta(statusOf({ id: ownWamid, status: 'read' }))).status, 200);
    assert.equal((await message(ownWhatsApp)).status, 'read');
  });

  it('cancels a queued send only for a failure that names the send’s own WhatsApp id', async () => {
    simulator.setAvailable(false);
    const queued = await remind(own, 'failed-rule');
    // Tried once and refused (WhatsApp is down): back in the queue, not merely not yet taken.
    await eventually(async () => {
      const send = await backend.store.sql.get(sql<{ state: string; attempts: number }>`SELECT state, attempts FROM sends WHERE message_id = ${queued}`);
      return send?.state === 'pending' && send.attempts >= 1;
    });
    assert.ok(simulator.accepted().every((m) => !m.body.includes('failed-rule')));
    // A failure of some other attempt, naming our message only by the id sent along with it.
    const earlier = statusOf({ id: 'wamid.an-earlier-attempt', status: 'failed', biz_opaque_callback_data: queued, errors: [{ code: 131047, title: 'Re-engagement message' }] });
    assert.equal((await postMeta(earlier)).status, 200);
    assert.match((await rejections()).find((r) => JSON.parse(r.payload).id === 'wamid.an-earlier-attempt')!.reason, /WhatsApp reported wamid\.an-earlier-attempt failed, which is not the current send of message .*: the message is not marked failed and its send goes on\./);
    assert.equal((await message(queued)).status, 'queued');
    assert.equal(await backend.store.sends.stateOf(queued), 'pending');

    simulator.setAvailable(true);
    clock.advance(60_000);
    await eventually(async () => (await message(queued)).status === 'accepted');
    const wamid = await wamidOf('failed-rule');
    assert.equal((await postMeta(statusOf({ id: wamid, status: 'failed', errors: [{ code: 131026, title: 'Message undeliverable' }] }))).status, 200);
    assert.equal((await message(queued)).status, 'failed');
    assert.deepEqual((await message(queued)).failure, { code: 131026, reason: 'The message could not be delivered: the number may not be on WhatsApp.' });
  });

  it('asks for a failure again when it arrives before the answer to its own send', async () => {
    const stall = simulator.stall(CUSTOMER, { taken: true });
    const inFlight = await remind(own, 'early-failure');
    const wamid = await wamidOf('early-failure');
    assert.equal(await backend.store.sends.stateOf(inFlight), 'sending');
    const report = statusOf({ id: wamid, status: 'failed', biz_opaque_callback_data: inFlight, errors: [{ code: 131026, title: 'Message undeliverable' }] });
    const early = await postMeta(report);
    assert.equal(early.status, 503);
    assert.equal(early.body.error.code, 'TRY_AGAIN');
    assert.equal((await message(inFlight)).status, 'queued', 'nothing applied yet');

    stall.release();
    await eventually(async () => (await message(inFlight)).status === 'accepted');
    assert.equal((await postMeta(report)).status, 200);
    assert.equal((await message(inFlight)).status, 'failed');
  });

  it('answers every error as { error: { code, message } }, and keeps running', async () => {
    const expectError = (answer: { status: number; body: any }, status: number, code: string) => {
      assert.equal(answer.status, status, `${code}: ${JSON.stringify(answer.body)}`);
      assert.deepEqual(Object.keys(answer.body), ['error']);
      assert.equal(answer.body.error.code, code);
      assert.ok(answer.body.error.message.length > 10, answer.body.error.message);
    };
    expectError(await call(backend.url, own.token, 'GET', '/v3/nowhere'), 404, 'NOT_FOUND');
    expectError(await call(backend.url, own.token, 'GET', '/'), 404, 'NOT_FOUND');

    const wrongMethod = await fetch(`${backend.url}/v2/webhook`, { method: 'PATCH', headers: { authorization: `Bearer ${own.token}` } });
    expectError({ status: wrongMethod.status, body: await wrongMethod.json() }, 405, 'METHOD_NOT_ALLOWED');
    assert.equal(wrongMethod.headers.get('allow'), 'DELETE, GET, HEAD, PUT');
    const wrongOnParam = await fetch(`${backend.url}/v2/conversations/abc/messages`, { method: 'PUT', headers: { authorization: `Bearer ${own.token}` } });
    assert.equal(wrongOnParam.status, 405);
    assert.equal(wrongOnParam.headers.get('allow'), 'GET, HEAD, POST');

    expectError(await call(backend.url, own.token, 'GET', `/v2/conversations/${'x'.repeat(101)}`), 414, 'URL_TOO_LONG');
    expectError(await call(backend.url, own.token, 'GET', '/v2/conversations/%E0%A4%A'), 400, 'BAD_URL');

    const longUrl = await rawRequest(port, `GET /v2/contacts?q=${'a'.repeat(20_000)} HTTP/1.1\r\nHost: x\r\n\r\n`);
    expectError({ status: longUrl.status, body: JSON.parse(longUrl.body) }, 431, 'HEADERS_TOO_LARGE');
    assert.match(longUrl.headers, /content-type: application\/json/i);
    const bigHeader = await rawRequest(port, `GET /v2/organization HTTP/1.1\r\nHost: x\r\nX-Big: ${'b'.repeat(20_000)}\r\n\r\n`);
    expectError({ status: bigHeader.status, body: JSON.parse(bigHeader.body) }, 431, 'HEADERS_TOO_LARGE');
    const notHttp = await rawRequest(port, 'HELLO THERE\r\n\r\n');
    expectError({ status: notHttp.status, body: JSON.parse(notHttp.body) }, 400, 'BAD_HTTP');

    const tooLarge = await fetch(`${backend.url}/v2/conversations`, {
      method: 'POST',
      headers: { authorization: `Bearer ${own.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ contact: { profile: { name: 'x'.repeat(1024 * 1024) } } }),
    });
    expectError({ status: tooLarge.status, body: await tooLarge.json() }, 413, 'BODY_TOO_LARGE');
    const plain = await fetch(`${backend.url}/v2/conversations`, { method: 'POST', headers: { authorization: `Bearer ${own.token}`, 'content-type': 'text/plain' }, body: 'hallo' });
    expectError({ status: plain.status, body: await plain.json() }, 415, 'UNSUPPORTED_MEDIA_TYPE');
    const notJson = await fetch(`${backend.url}/v2/conversations`, { method: 'POST', headers: { authorization: `Bearer ${own.token}`, 'content-type': 'application/json' }, body: '{"contact":' });
    assert.equal(notJson.status, 400);
    assert.equal(((await notJson.json()) as any).error.message, 'The body is not valid JSON.');

    const still = await call(backend.url, own.token, 'GET', '/v2/organization');
    assert.equal(still.status, 200, 'the server is still up');
  });
});
