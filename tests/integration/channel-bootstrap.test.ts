import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { inspect } from 'node:util';
import { startBackend, type RunningBackend } from '../../src/backend/backend';
import { backendConfig } from '../../src/backend/cli/config';
import type { Logger } from '../../src/ports/logger';
import { startWhatsAppSimulator } from '../../src/simulators/whatsapp-cloud-api-simulator';
import { demoSettingsFrom, describeDemoChannels, startDemoSystem, type DemoSystem } from '../../src/backend/demo/demo-system';
import { call, createOrganisation, eventually, WHATSAPP } from '../support/backend';
import { manualClock, silentLogger, tempDataFile } from '../support/desktop';
import { storeLocation } from '../support/engine';

const WHATSAPP_ENV = {
  WHATSAPP_PHONE_NUMBER_ID: '1234567890',
  WHATSAPP_BUSINESS_ACCOUNT_ID: '1234567000',
  WHATSAPP_ACCESS_TOKEN: 'env-access-token',
  WHATSAPP_APP_SECRET: 'env-app-secret',
  WHATSAPP_VERIFY_TOKEN: 'env-verify-token',
  WHATSAPP_ORGANIZATION_ID: 'org-1',
};

describe('channels from the environment: the first channel of a backend', () => {
  it('takes WHATSAPP_* and TWILIO_* as channels of their organisation, with the providers’ addresses', () => {
    const config = backendConfig(
      {
        ...WHATSAPP_ENV,
        WHATSAPP_BASE_URL: 'http://127.0.0.1:9/',
        TWILIO_ACCOUNT_SID: `AC${'1'.repeat(32)}`,
        TWILIO_AUTH_TOKEN: 'env-sms-token',
        TWILIO_FROM: '+3197010000001',
        TWILIO_ORGANIZATION_ID: 'org-2',
        AFTERSALES_PUBLIC_URL: 'https://backend.example/',
        AFTERSALES_SECRET_KEY: 'a'.repeat(44),
      },
      '/tmp/x',
    );
    assert.deepEqual(
      config.bootstrapChannels.map((c) => [c.organizationId, c.channel.kind]),
      [['org-1', 'whatsapp'], ['org-2', 'sms']],
    );
    assert.equal(config.providers.whatsapp.baseUrl, 'http://127.0.0.1:9');
    assert.equal(config.providers.publicUrl, 'https://backend.example');
    assert.equal(config.secretKey, 'a'.repeat(44));
    assert.deepEqual(backendConfig({}, '/tmp/x').bootstrapChannels, [], 'no variables: no channel, and the backend still starts');
  });

  it('says which variable is missing or wrong', () => {
    const { WHATSAPP_BUSINESS_ACCOUNT_ID: _, ...withoutAccount } = WHATSAPP_ENV;
    assert.throws(() => backendConfig(withoutAccount, '/tmp/x'), /WhatsApp needs all of .*WHATSAPP_BUSINESS_ACCOUNT_ID/);
    assert.throws(() => backendConfig({ ...WHATSAPP_ENV, WHATSAPP_PHONE_NUMBER_ID: 'abc' }, '/tmp/x'), /WHATSAPP_PHONE_NUMBER_ID is a number of up to 30 digits/);
    assert.throws(
      () => backendConfig({ TWILIO_ACCOUNT_SID: `AC${'1'.repeat(32)}`, TWILIO_AUTH_TOKEN: 'env-sms-token', TWILIO_FROM: '0612345678' }, '/tmp/x'),
      /TWILIO_FROM is a number in international form/,
    );
  });
});

describe('channels from the environment at later starts: a manager’s changes stay', () => {
  it('keeps the token a manager set and does not bring back a number the manager removed, saying so in one info line', async (t) => {
    const clock = manualClock(Date.UTC(2026, 10, 30, 9));
    const whatsapp = await startWhatsAppSimulator({ ...WHATSAPP, templates: [], clock });
    t.after(() => whatsapp.close());
    const dataFile = tempDataFile();
    const { organizationId, token } = await createOrganisation(dataFile, 'Autobedrijf Test', clock.now());
    // The environment still names the token Meta has since replaced.
    const environment = { kind: 'whatsapp' as const, label: 'WhatsApp', ...WHATSAPP, accessToken: 'env-token-meta-replaced' };
    const logged: string[] = [];
    const logger: Logger = { ...silentLogger, info: (...args: unknown[]) => void logged.push(inspect(args, { depth: 5 })) };
    // Closed at the end whatever fails on the way, so that a failing assertion does not leave a server open.
    const open = new Set<RunningBackend>();
    t.after(() => Promise.all([...open].map((b) => b.close())));
    const stop = async (b: RunningBackend) => {
      open.delete(b);
      await b.close();
    };
    const start = async () => {
      const started = await startBackend({
        ...(await storeLocation(dataFile)),
        clock,
        logger,
        country: 'NL',
        reminderEveryMs: 0,
        bootstrapChannels: [{ organizationId, channel: environment }],
        providers: { whatsapp: { baseUrl: whatsapp.url, apiVersion: 'v21.0' }, sms: { baseUrl: whatsapp.url }, publicUrl: null },
      });
      open.add(started);
      return started;
    };

    let backend = await start();
    const [channel] = (await call(backend.url, token, 'GET', '/v2/channels')).body.data as Array<{ id: string; inboxes: string[] }>;
    assert.ok(channel && channel.inboxes.length === 1, 'the first start made the channel and gave it to the inbox');
    assert.deepEqual(logged, []);
    assert.equal((await call(backend.url, token, 'PATCH', `/v2/channels/${channel.id}`, { accessToken: WHATSAPP.accessToken })).status, 200);
    await stop(backend);

    backend = await start();
    const kept = await backend.store.channels.record(channel.id);
    assert.equal(kept?.kind === 'whatsapp' && kept.secrets.accessToken, WHATSAPP.accessToken, 'the manager’s token, not the environment’s');
    assert.equal((await call(backend.url, token, 'POST', `/v2/channels/${channel.id}/test`)).body.ok, true);
    assert.equal(logged.length, 1);
    assert.match(logged[0]!, /the channel the environment names is stored already: its stored settings are used/);
    assert.equal((await call(backend.url, token, 'DELETE', `/v2/channels/${channel.id}`)).status, 204);
    await stop(backend);

    backend = await start();
    assert.deepEqual((await call(backend.url, token, 'GET', '/v2/channels')).body.data, [], 'the removed number stays removed');
    assert.equal((await call(backend.url, token, 'GET', '/v2/organization')).body.inboxes[0].whatsappChannel, null);
    assert.equal(logged.length, 2);
  });
});

describe('the demo system: its own WhatsApp and SMS simulators as the demo organisation’s channels', () => {
  let demo: DemoSystem;
  before(async () => {
    demo = await startDemoSystem({ dataFile: tempDataFile(), country: 'NL', clock: { now: () => Date.now() }, logger: silentLogger, ...demoSettingsFrom({}) });
  });
  after(async () => demo.close());

  it('sends and receives SMS through the SMS simulator', async () => {
    const api = (method: string, path: string, body?: unknown) => call(demo.backend.url, demo.token, method, path, body);
    const conversation = await api('POST', '/v2/conversations', { contact: { profile: { telephone: '+31612345678' } } });
    const sent = await api('POST', `/v2/conversations/${conversation.body.id}/messages`, { type: 'chat', touchpoint: 'sms', text: 'Uw auto is klaar.' });
    assert.equal(sent.status, 202, JSON.stringify(sent.body));
    await eventually(async () => (await demo.backend.store.messages.get(sent.body.id))!.status === 'delivered');
    assert.equal(demo.sms!.delivered().at(-1)?.body, 'Uw auto is klaar.');
    await fetch(`${demo.sms!.url}/simulator/sms/inbound`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ from: '+31612345678', body: 'Ik kom eraan' }) });
    await eventually(async () => ((await api('GET', `/v2/conversations/${conversation.body.id}/messages`)).body.data as Array<{ text: string }>).some((m) => m.text === 'Ik kom eraan'));
  });

  it('after a restart on the same data, sends through its simulators with their new secrets and takes a webhook signed with the newly printed one', async (t) => {
    const dataFile = tempDataFile();
    const first = await startDemoSystem({ dataFile, country: 'NL', clock: { now: () => Date.now() }, logger: silentLogger, ...demoSettingsFrom({}) });
    const firstSecret = first.secrets.whatsapp!.appSecret;
    await first.close();
    const again = await startDemoSystem({ dataFile, country: 'NL', clock: { now: () => Date.now() }, logger: silentLogger, ...demoSettingsFrom({}) });
    t.after(() => again.close());
    assert.notEqual(again.secrets.whatsapp!.appSecret, firstSecret);
    const api = (method: string, path: string, body?: unknown) => call(again.backend.url, again.token, method, path, body);
    const conversation = await api('POST', '/v2/conversations', { contact: { profile: { telephone: '+31612345670' } } });
    const sent = await api('POST', `/v2/conversations/${conversation.body.id}/messages`, { type: 'chat', touchpoint: 'sms', text: 'Na de herstart' });
    assert.equal(sent.status, 202, JSON.stringify(sent.body));
    await eventually(async () => (await again.backend.store.messages.get(sent.body.id))!.status === 'delivered');
    const wa = again.secrets.whatsapp!;
    const body = JSON.stringify({
      object: 'whatsapp_business_account',
      entry: [{ id: '1', changes: [{ field: 'messages', value: { metadata: { phone_number_id: wa.phoneNumberId }, messages: [{ from: '31612345670', id: 'wamid.after-restart', timestamp: String(Math.floor(Date.now() / 1000)), type: 'text', text: { body: 'Na herstart' } }] } }] }],
    });
    const signature = `sha256=${createHmac('sha256', wa.appSecret).update(body).digest('hex')}`;
    const answer = await fetch(`${again.backend.url}/webhooks/whatsapp`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-hub-signature-256': signature }, body });
    assert.equal(answer.status, 200);
  });

  it('prints the generated app secret and verify token, and a webhook signed by hand with them is taken', async () => {
    const printed = describeDemoChannels(demo).join('\n');
    const wa = demo.secrets.whatsapp!;
    assert.ok(printed.includes(wa.appSecret) && printed.includes(wa.verifyToken) && printed.includes(demo.secrets.sms!.authToken));
    assert.match(printed, /openssl dgst -sha256 -hmac/);
    const handshake = await fetch(`${demo.backend.url}/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=${wa.verifyToken}&hub.challenge=42`);
    assert.equal(await handshake.text(), '42');
    const body = JSON.stringify({
      object: 'whatsapp_business_account',
      entry: [{ id: '1', changes: [{ field: 'messages', value: { metadata: { phone_number_id: wa.phoneNumberId }, messages: [{ from: '31612345679', id: 'wamid.by-hand', timestamp: String(Math.floor(Date.now() / 1000)), type: 'text', text: { body: 'Met de hand' } }] } }] }],
    });
    const signature = `sha256=${createHmac('sha256', wa.appSecret).update(body).digest('hex')}`;
    const answer = await fetch(`${demo.backend.url}/webhooks/whatsapp`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-hub-signature-256': signature }, body });
    assert.equal(answer.status, 200);
    await eventually(async () => (await demo.backend.store.events.since(demo.organizationId, 0, 10_000)).some((e) => e.type === 'message.create' && (e.data as any).message.text === 'Met de hand'));
  });
});
