import assert from 'node:assert/strict';
import { createHmac, randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { RunningBackend } from '../../src/backend/backend';
import { startSmsSimulator } from '../../src/simulators/sms-provider-simulator';
import { startWhatsAppSimulator } from '../../src/simulators/whatsapp-cloud-api-simulator';
import { metaSignature, SMS_ACCOUNT, SMS_FROM, startChannelBackend, twilioSignature } from '../support/channels';
import { call, createOrganisation, eventually, REMINDER_TEMPLATE, seedApprovedTemplate, WHATSAPP } from '../support/backend';
import { assertErrorBody, changedTables, storeFingerprint, rawRequest, type RawRequest } from '../support/bad-input';
import { manualClock, tempDataFile } from '../support/desktop';

/*
 * Forged and malformed deliveries of the channels' webhooks, one line each. A delivery that is
 * not signed by the provider is refused (401) and leaves no trace, and so is one that names no
 * number to route it by (400) or a number no channel has (200, logged only); one that is signed but
 * cannot be used is acknowledged, so the provider does not send it again forever, and kept
 * with its reason in the rejected webhooks; usable items beside it still count. Signatures are
 * computed here from the providers' documentation, not with the backend's own functions.
 */

const CUSTOMER = '31612345678';
const NOW = Date.parse('2026-11-25T08:00:00Z');
const NOW_S = String(NOW / 1000);


const fixtures = { wamidA: '', wamidB: '', messageA: '', messageB: '', smsSidA: '', smsSidB: '', conversationA: '' };
let inboundCount = 0;

const inbound = (fields: Record<string, unknown> = {}) => ({
  from: CUSTOMER,
  id: `wamid.in-${++inboundCount}`,
  timestamp: NOW_S,
  type: 'text',
  text: { body: `Bericht ${inboundCount}` },
  ...fields,
});
const status = (fields: Record<string, unknown> = {}) => ({ id: fixtures.wamidA, status: 'read', timestamp: NOW_S, recipient_id: CUSTOMER, ...fields });
const delivery = (value: Record<string, unknown>, change: Record<string, unknown> = {}) =>
  JSON.stringify({
    object: 'whatsapp_business_account',
    entry: [
      {
        id: WHATSAPP.businessAccountId,
        changes: [{ field: 'messages', value: { messaging_product: 'whatsapp', metadata: { phone_number_id: WHATSAPP.phoneNumberId, display_phone_number: '31970000000' }, ...value }, ...change }],
      },
    ],
  });

/** A POST to Meta's webhook address, signed over exactly these bytes unless a signature is given. */
const toWhatsApp = (body: string | Buffer, signature: string | string[] | null = metaSignature(body), contentType = 'application/json'): RawRequest => ({
  method: 'POST',
  path: '/webhooks/whatsapp',
  headers: { 'content-type': contentType, ...(signature !== null ? { 'x-hub-signature-256': signature } : {}) },
  body,
});

interface WebhookCase {
  name: string;
  send: () => RawRequest;
  status: number;
  /** A refusal's code. */
  code?: string;
  /** The reasons of the rejected records it adds, oldest first. */
  rejected?: RegExp[];
  /** Tables changed by the usable items beside the rejected ones (an event also moves its organisation's counter, event_counters). */
  stored?: string[];
  check?: () => void | Promise<void>;
}

let backend: RunningBackend;
let base = '';
/** The backend's SQLite file, whose tables are fingerprinted before and after each case. */
let dataFile = '';

const smsForm = (path: '/webhooks/sms/inbound' | '/webhooks/sms/status', params: Record<string, string>, signature: string | null = twilioSignature(`${base}${path}`, params)): RawRequest => ({
  method: 'POST',
  path,
  headers: { 'content-type': 'application/x-www-form-urlencoded', ...(signature !== null ? { 'x-twilio-signature': signature } : {}) },
  body: new URLSearchParams(params).toString(),
});
const smsInbound = (fields: Record<string, string | undefined> = {}) =>
  Object.fromEntries(
    Object.entries({ AccountSid: SMS_ACCOUNT.accountSid, MessageSid: `SMin${++inboundCount}`, From: '+31612345678', To: '+3197000000000', Body: 'Tot straks', ...fields }).filter(
      (e): e is [string, string] => e[1] !== undefined,
    ),
  );
const smsStatusOf = (fields: Record<string, string | undefined> = {}) =>
  Object.fromEntries(
    Object.entries({ AccountSid: SMS_ACCOUNT.accountSid, MessageSid: fixtures.smsSidA, MessageStatus: 'delivered', From: SMS_FROM, To: '+31612345678', ...fields }).filter((e): e is [string, string] => e[1] !== undefined),
  );

const messageOf = (id: string) => backend.store.messages.get(id);
/** The test organisation's WhatsApp channel, whose messages a status is matched among. */
const whatsappChannel = async () => (await backend.store.channels.byAddress('whatsapp', WHATSAPP.phoneNumberId))!.id;

const WHATSAPP_CASES: WebhookCase[] = [
  // Not signed by Meta: refused, nothing kept.
  { name: 'no signature', send: () => toWhatsApp(delivery({ messages: [inbound()] }), null), status: 401, code: 'SIGNATURE_MISSING' },
  { name: 'an empty signature', send: () => toWhatsApp(delivery({ messages: [inbound()] }), ''), status: 401, code: 'SIGNATURE_MISSING' },
  { name: 'a sha1= signature', send: () => toWhatsApp(delivery({ messages: [inbound()] }), `sha1=${'a'.repeat(40)}`), status: 401, code: 'SIGNATURE_MALFORMED' },
  { name: 'sha256= with 63 digits', send: () => toWhatsApp(delivery({ messages: [inbound()] }), `sha256=${'a'.repeat(63)}`), status: 401, code: 'SIGNATURE_MALFORMED' },
  { name: 'sha256= with 65 digits', send: () => toWhatsApp(delivery({ messages: [inbound()] }), `sha256=${'a'.repeat(65)}`), status: 401, code: 'SIGNATURE_MALFORMED' },
  { name: 'sha256= with 64 letters that are not hex', send: () => toWhatsApp(delivery({ messages: [inbound()] }), `sha256=${'g'.repeat(64)}`), status: 401, code: 'SIGNATURE_MALFORMED' },
  {
    name: 'a valid signature in capitals (SHA256=)',
    send: () => {
      const body = delivery({ messages: [inbound()] });
      return toWhatsApp(body, metaSignature(body).replace('sha256', 'SHA256'));
    },
    status: 401,
    code: 'SIGNATURE_MALFORMED',
  },
  {
    name: 'a valid signature followed by a second one',
    send: () => {
      const body = delivery({ messages: [inbound()] });
      return toWhatsApp(body, `${metaSignature(body)},${metaSignature(body)}`);
    },
    status: 401,
    code: 'SIGNATURE_MALFORMED',
  },
  {
    name: 'the signature header twice',
    send: () => {
      const body = delivery({ messages: [inbound()] });
      return toWhatsApp(body, [metaSignature(body), metaSignature(body)]);
    },
    status: 401,
    code: 'SIGNATURE_MALFORMED',
  },
  { name: 'signed with another secret', send: () => { const body = delivery({ messages: [inbound()] }); return toWhatsApp(body, metaSignature(body, 'guessed-secret')); }, status: 401, code: 'BAD_SIGNATURE' },
  { name: 'the signature of another body', send: () => toWhatsApp(delivery({ messages: [inbound({ text: { body: 'forged' } })] }), metaSignature(delivery({ messages: [inbound()] }))), status: 401, code: 'BAD_SIGNATURE' },
  { name: 'a signed body with one byte added', send: () => { const body = delivery({ messages: [inbound()] }); return toWhatsApp(`${body} `, metaSignature(body)); }, status: 401, code: 'BAD_SIGNATURE' },
  { name: 'an HMAC-SHA1 digest dressed as sha256', send: () => { const body = delivery({ messages: [inbound()] }); return toWhatsApp(body, `sha256=${createHmac('sha1', WHATSAPP.appSecret).update(body).digest('hex')}`); }, status: 401, code: 'SIGNATURE_MALFORMED' },
  { name: 'a signed body of 1.5 MB', send: () => toWhatsApp(delivery({ messages: [inbound({ text: { body: 'x'.repeat(1_500_000) } })] })), status: 413, code: 'BODY_TOO_LARGE' },
  { name: 'a signed body as text/plain', send: () => toWhatsApp(delivery({ messages: [inbound()] }), undefined, 'text/plain'), status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' },

  // Signed but unusable: acknowledged and kept with the reason.
  { name: 'a signed body that is not JSON', send: () => toWhatsApp('{"object":'), status: 400, code: 'NOT_WHATSAPP_WEBHOOK' },
  { name: 'a signed body of another product', send: () => toWhatsApp(JSON.stringify({ object: 'page', entry: [] })), status: 400, code: 'NOT_WHATSAPP_WEBHOOK' },
  { name: 'entry that is not a list', send: () => toWhatsApp(JSON.stringify({ object: 'whatsapp_business_account', entry: {} })), status: 400, code: 'NOT_WHATSAPP_WEBHOOK' },
  { name: 'a change of another field', send: () => toWhatsApp(delivery({}, { field: 'account_update' })), status: 200, rejected: [/account_update/] },
  { name: 'a change without metadata', send: () => toWhatsApp(JSON.stringify({ object: 'whatsapp_business_account', entry: [{ id: WHATSAPP.businessAccountId, changes: [{ field: 'messages', value: { messages: [inbound()] } }] }] })), status: 200, rejected: [/Not a messages change: metadata/] },
  // Nobody's number: refused as a forged delivery is (an unsigned caller learns no numbers), logged, recorded with no organisation.
  { name: 'a message for a number no channel has', send: () => toWhatsApp(delivery({ metadata: { phone_number_id: '999000999' }, messages: [inbound()] })), status: 401 },
  { name: 'a timestamp of letters', send: () => toWhatsApp(delivery({ messages: [inbound({ timestamp: 'yesterday' })] })), status: 200, rejected: [/timestamp is not a whole number of seconds/] },
  { name: 'a timestamp as a JSON number', send: () => toWhatsApp(delivery({ messages: [inbound({ timestamp: NOW / 1000 })] })), status: 200, rejected: [/timestamp/] },
  { name: 'a timestamp in milliseconds', send: () => toWhatsApp(delivery({ messages: [inbound({ timestamp: String(NOW) })] })), status: 200, rejected: [/in the future/] },
  { name: 'a timestamp of 0 (1970)', send: () => toWhatsApp(delivery({ messages: [inbound({ timestamp: '0' })] })), status: 200, rejected: [/more than 30 days old/] },
  { name: 'a timestamp of 16 nines', send: () => toWhatsApp(delivery({ messages: [inbound({ timestamp: '9'.repeat(16) })] })), status: 200, rejected: [/in the future/] },
  { name: 'a negative timestamp', send: () => toWhatsApp(delivery({ messages: [inbound({ timestamp: '-1' })] })), status: 200, rejected: [/timestamp/] },
  { name: 'a sender of letters', send: () => toWhatsApp(delivery({ messages: [inbound({ from: 'attacker' })] })), status: 200, rejected: [/from is not a phone number/] },
  { name: 'a sender of three digits', send: () => toWhatsApp(delivery({ messages: [inbound({ from: '112' })] })), status: 200, rejected: [/from is not a phone number/] },
  { name: 'a sender with no such country code', send: () => toWhatsApp(delivery({ messages: [inbound({ from: '999123456789' })] })), status: 200, rejected: [/the sender/] },
  { name: 'a message id of 201 characters', send: () => toWhatsApp(delivery({ messages: [inbound({ id: 'w'.repeat(201) })] })), status: 200, rejected: [/id/] },
  {
    name: 'a status of another organisation’s message',
    send: () => toWhatsApp(delivery({ statuses: [status({ id: fixtures.wamidB, status: 'failed', errors: [{ code: 131047 }] })] })),
    status: 200,
    rejected: [/No WhatsApp message sent through this number/],
    check: async () => assert.equal((await messageOf(fixtures.messageB))?.status, 'sent', 'the other organisation’s message is untouched'),
  },
  {
    name: 'a failure naming another organisation’s message as its own',
    send: () => toWhatsApp(delivery({ statuses: [status({ id: 'wamid.unknown-1', status: 'failed', biz_opaque_callback_data: fixtures.messageB })] })),
    status: 200,
    rejected: [/No WhatsApp message sent through this number/],
    check: async () => assert.equal((await messageOf(fixtures.messageB))?.status, 'sent'),
  },
  { name: 'a status of a message nobody sent', send: () => toWhatsApp(delivery({ statuses: [status({ id: 'wamid.nobody' })] })), status: 200, rejected: [/No WhatsApp message sent through this number has the id wamid.nobody/] },
  { name: 'a status that does not exist', send: () => toWhatsApp(delivery({ statuses: [status({ status: 'deleted' })] })), status: 200, rejected: [/Not a message status: status/] },
  { name: 'an error code as text', send: () => toWhatsApp(delivery({ statuses: [status({ status: 'failed', errors: [{ code: '131047' }] })] })), status: 200, rejected: [/errors/], check: async () => assert.equal((await messageOf(fixtures.messageA))?.status, 'delivered') },
  {
    name: 'a failure of our own message without its WhatsApp id',
    send: () => toWhatsApp(delivery({ statuses: [status({ id: 'wamid.other-attempt', status: 'failed', biz_opaque_callback_data: fixtures.messageA })] })),
    status: 200,
    rejected: [/is not the current send/],
    check: async () => assert.equal((await messageOf(fixtures.messageA))?.status, 'delivered', 'not marked failed'),
  },

  // Good items beside bad ones: the good ones count.
  {
    name: 'a good message beside one with a bad timestamp and one from a non-phone sender',
    send: () => toWhatsApp(delivery({ messages: [inbound({ timestamp: '1' }), inbound({ text: { body: 'Ik ben er om 9 uur' } }), inbound({ from: 'nobody' })] })),
    status: 200,
    rejected: [/more than 30 days old/, /from is not a phone number/],
    stored: ['conversations', 'event_counters', 'events', 'messages'],
    check: async () => assert.ok(await backend.store.messages.byProviderId(await whatsappChannel(), `wamid.in-${inboundCount - 1}`), 'the good message is stored'),
  },
  {
    name: 'a new customer whose profile name is 300 characters long',
    send: () => toWhatsApp(delivery({ contacts: [{ wa_id: '31611111111', profile: { name: 'N'.repeat(300) } }], messages: [inbound({ from: '31611111111', text: { body: 'Wie ben ik?' } })] })),
    status: 200,
    rejected: [/profile name of 31611111111 is longer than 200 characters/],
    stored: ['contacts', 'conversations', 'event_counters', 'events', 'messages'],
    check: async () => {
      const sender = await backend.store.contacts.byPhone((await backend.store.messages.organizationOf(fixtures.messageA))!, '+31611111111');
      assert.equal(sender?.profile.name, null, 'the name is not taken, and not cut to fit either');
      assert.ok(await backend.store.messages.byProviderId(await whatsappChannel(), `wamid.in-${inboundCount}`), 'the message is kept');
    },
  },
  {
    name: 'a read status of ours beside a status of another organisation’s message',
    send: () => toWhatsApp(delivery({ statuses: [status({ id: fixtures.wamidB, status: 'read' }), status({ status: 'read' })] })),
    status: 200,
    rejected: [/No WhatsApp message sent through this number/],
    stored: ['event_counters', 'events', 'messages'],
    check: async () => {
      assert.equal((await messageOf(fixtures.messageA))?.status, 'read');
      assert.equal((await messageOf(fixtures.messageB))?.status, 'sent');
    },
  },
];

const SMS_CASES: WebhookCase[] = [
  { name: 'an SMS without a signature', send: () => smsForm('/webhooks/sms/inbound', smsInbound(), null), status: 401, code: 'BAD_SIGNATURE' },
  { name: 'an SMS signed with another token', send: () => { const p = smsInbound(); return smsForm('/webhooks/sms/inbound', p, twilioSignature(`${base}/webhooks/sms/inbound`, p, 'guessed')); }, status: 401, code: 'BAD_SIGNATURE' },
  { name: 'an SMS signed for the status address', send: () => { const p = smsInbound(); return smsForm('/webhooks/sms/inbound', p, twilioSignature(`${base}/webhooks/sms/status`, p)); }, status: 401, code: 'BAD_SIGNATURE' },
  { name: 'an SMS with a parameter added after signing', send: () => { const p = smsInbound(); return smsForm('/webhooks/sms/inbound', { ...p, Body: 'Annuleer alles' }, twilioSignature(`${base}/webhooks/sms/inbound`, p)); }, status: 401, code: 'BAD_SIGNATURE' },
  { name: 'an SMS signature of the right length but wrong', send: () => smsForm('/webhooks/sms/inbound', smsInbound(), 'A'.repeat(27) + '='), status: 401, code: 'BAD_SIGNATURE' },
  { name: 'an SMS status without a signature', send: () => smsForm('/webhooks/sms/status', smsStatusOf({ MessageStatus: 'failed' }), null), status: 401, code: 'BAD_SIGNATURE', check: async () => assert.equal((await messageOf(smsMessageA))?.status, 'delivered') },
  { name: 'a signed SMS without From', send: () => smsForm('/webhooks/sms/inbound', smsInbound({ From: undefined })), status: 204, rejected: [/Not an inbound SMS: From/] },
  { name: 'a signed SMS without Body', send: () => smsForm('/webhooks/sms/inbound', smsInbound({ Body: undefined })), status: 204, rejected: [/Not an inbound SMS: Body/] },
  { name: 'a signed SMS without MessageSid', send: () => smsForm('/webhooks/sms/inbound', smsInbound({ MessageSid: undefined })), status: 204, rejected: [/Not an inbound SMS: MessageSid/] },
  { name: 'a signed SMS from a name, not a number', send: () => smsForm('/webhooks/sms/inbound', smsInbound({ From: 'GARAGE' })), status: 204, rejected: [/the sender/] },
  { name: 'a signed status of an SMS nobody sent', send: () => smsForm('/webhooks/sms/status', smsStatusOf({ MessageSid: 'SMnobody' })), status: 204, rejected: [/No SMS message sent from this number has the id SMnobody/] },
  {
    name: 'a signed status of another organisation’s SMS',
    send: () => smsForm('/webhooks/sms/status', smsStatusOf({ MessageSid: fixtures.smsSidB, MessageStatus: 'failed' })),
    status: 204,
    rejected: [/No SMS message sent from this number/],
    check: async () => assert.equal((await messageOf(smsMessageB))?.status, 'sent'),
  },
  { name: 'a signed status that does not exist', send: () => smsForm('/webhooks/sms/status', smsStatusOf({ MessageStatus: 'exploded' })), status: 204, rejected: [/"exploded" is not one this backend follows/] },
  { name: 'a signed status with an error code of letters', send: () => smsForm('/webhooks/sms/status', smsStatusOf({ MessageStatus: 'failed', ErrorCode: 'boom' })), status: 204, rejected: [/ErrorCode/], check: async () => assert.equal((await messageOf(smsMessageA))?.status, 'delivered') },
  { name: 'a signed status without a status', send: () => smsForm('/webhooks/sms/status', smsStatusOf({ MessageStatus: undefined })), status: 204, rejected: [/MessageStatus/] },
];

let smsMessageA = '';
let smsMessageB = '';

describe('bad input: the channels’ webhooks', () => {
  const clock = manualClock(NOW);
  let whatsapp: Awaited<ReturnType<typeof startWhatsAppSimulator>>;
  let sms: Awaited<ReturnType<typeof startSmsSimulator>>;
  let token = '';

  before(async () => {
    whatsapp = await startWhatsAppSimulator({ ...WHATSAPP, templates: [REMINDER_TEMPLATE], clock });
    sms = await startSmsSimulator(SMS_ACCOUNT);
    dataFile = tempDataFile();
    const org = await createOrganisation(dataFile, 'Autobedrijf Test', clock.now());
    token = org.token;
    ({ backend, base } = await startChannelBackend({ dataFile, clock, organizationId: org.organizationId, whatsapp, sms, pollMs: 20 }));
    await seedApprovedTemplate(backend.store, org.organizationId, REMINDER_TEMPLATE, clock.now());
    fixtures.conversationA = (await call(base, token, 'POST', '/v2/conversations', { contact: { profile: { name: 'Jan de Vries', telephone: '+31612345678' } } })).body.id;
    // Our own messages, sent the real way and followed to delivered before any case runs.
    const template = { type: 'template', template: { name: REMINDER_TEMPLATE.name, language: 'nl', parameters: ['Jan', 'morgen', '09:00', 'AB-12-CD'] } };
    fixtures.messageA = (await call(base, token, 'POST', `/v2/conversations/${fixtures.conversationA}/messages`, template)).body.id;
    smsMessageA = (await call(base, token, 'POST', `/v2/conversations/${fixtures.conversationA}/messages`, { touchpoint: 'sms', text: 'Uw auto is klaar.' })).body.id;
    await eventually(async () => (await messageOf(fixtures.messageA))?.status === 'delivered' && (await messageOf(smsMessageA))?.status === 'delivered');
    fixtures.wamidA = whatsapp.delivered().at(-1)!.wamid;
    fixtures.smsSidA = sms.delivered().at(-1)!.sid;
    // Another organisation's messages in the same store, as its own number sent them.
    const other = await backend.store.organizations.create(
      { name: 'Garage Anders', inboxes: [{ name: 'Balie', kind: 'dealership', zone: 'Europe/Brussels', country: 'BE' }], user: { name: 'Piet' } },
      clock.now(),
    );
    const conversationB = (await call(base, other.token, 'POST', '/v2/conversations', { contact: { profile: { name: 'Els', telephone: '+32470123456' } } })).body.id;
    fixtures.wamidB = `wamid.${randomUUID()}`;
    fixtures.smsSidB = `SM${randomUUID().replaceAll('-', '')}`;
    const outbound = (id: string, touchpoint: 'whatsapp' | 'sms', providerId: string) =>
      backend.store.messages.insert(
        { id, organizationId: other.organizationId, conversationId: conversationB, role: 'agent', type: 'chat', touchpoint, isBackchannel: false, text: 'Tot morgen', template: null, status: 'sent', providerId, idempotencyKey: null },
        clock.now(),
      );
    fixtures.messageB = (await outbound(randomUUID(), 'whatsapp', fixtures.wamidB)).id;
    smsMessageB = (await outbound(randomUUID(), 'sms', fixtures.smsSidB)).id;
  });
  after(async () => {
    await backend.close();
    await whatsapp.close();
    await sms.close();
  });

  const rejectedReasons = async (count: number): Promise<string[]> => {
    if (count === 0) return [];
    const page = await call(base, token, 'GET', `/v2/rejected-webhooks?limit=${count}`);
    assert.equal(page.status, 200);
    return (page.body.data as Array<{ reason: string }>).map((r) => r.reason).reverse();
  };

  const stillUp = async () => {
    const answer = await call(base, token, 'GET', `/v2/conversations/${fixtures.conversationA}`);
    assert.equal(answer.status, 200, 'a good request after it is answered');
  };

  for (const [channel, cases] of [['WhatsApp', WHATSAPP_CASES], ['SMS', SMS_CASES]] as const) {
    describe(channel, () => {
      for (const c of cases) {
        const outcome = c.code ? `${c.status} ${c.code}, nothing kept` : `${c.status}, kept as rejected${c.stored ? ', the good items stored' : ''}`;
        it(`${c.name}: ${outcome}`, async () => {
          const before = await storeFingerprint(dataFile);
          const answer = await rawRequest(base, c.send());
          assert.equal(answer.status, c.status, answer.text.slice(0, 300));
          if (c.code) assertErrorBody(answer.json, c.code);
          const expected = [...(c.rejected?.length ? ['rejected_webhooks'] : []), ...(c.stored ?? [])].sort();
          const after = await storeFingerprint(dataFile);
          assert.deepEqual(changedTables(before, after), expected, 'only the rejection (and the good items) were written');
          assert.equal((after.get('rejected_webhooks')?.rows ?? 0) - (before.get('rejected_webhooks')?.rows ?? 0), c.rejected?.length ?? 0);
          const reasons = await rejectedReasons(c.rejected?.length ?? 0);
          c.rejected?.forEach((reason, i) => assert.match(reasons[i]!, reason));
          await c.check?.();
          await stillUp();
        });
      }
    });
  }

  it('the subscription handshake with a wrong verify token or without a challenge is refused in the error shape', async () => {
    for (const query of [`hub.mode=subscribe&hub.verify_token=guess&hub.challenge=1`, `hub.mode=subscribe&hub.verify_token=${WHATSAPP.verifyToken}`, 'hub.mode=unsubscribe']) {
      const answer = await rawRequest(base, { path: `/webhooks/whatsapp?${query}` });
      assert.equal(answer.status, 403);
      assertErrorBody(answer.json, 'FORBIDDEN');
    }
  });

  it('after all of it, a genuine customer message by WhatsApp and by SMS still arrives', async () => {
    const whatsappAnswer = await rawRequest(base, toWhatsApp(delivery({ messages: [inbound({ id: 'wamid.genuine', text: { body: 'Echt van mij' } })] })));
    assert.equal(whatsappAnswer.status, 200);
    const smsAnswer = await rawRequest(base, smsForm('/webhooks/sms/inbound', smsInbound({ MessageSid: 'SMgenuine', Body: 'Ook echt' })));
    assert.equal(smsAnswer.status, 204);
    const texts = (await call(base, token, 'GET', `/v2/conversations/${fixtures.conversationA}/messages?limit=200`)).body.data.map((m: { text: string }) => m.text);
    assert.ok(texts.includes('Echt van mij') && texts.includes('Ook echt'));
    assert.ok(!texts.some((t: string) => /forged|Annuleer/.test(t)), 'nothing forged got in');
  });
});
