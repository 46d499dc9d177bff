import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import WebSocket from 'ws';
import { systemClock } from '../../src/ports/clock';
import { startWhatsAppSimulator, type WhatsAppSimulator } from '../../src/simulators/whatsapp-cloud-api-simulator';
import { call, createOrganisation, eventually, openTestStore, REMINDER_TEMPLATE, seedApprovedTemplateInFile, WHATSAPP } from '../support/backend';
import { spawnBackend, type BackendProcess } from '../support/backend-process';
import { storeLocation, TEST_ENGINE } from '../support/engine';

const METRICS_TOKEN = 'metrics-token-0123456789abcdef';

/** The backend as an operator runs it (its own process), on this run's engine. */
describe(`backend operations: health, readiness, metrics and a graceful stop (${TEST_ENGINE})`, () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'aftersales-ops-'));
  const dataFile = join(dataDir, 'backend.sqlite');
  let simulator: WhatsAppSimulator;
  let org: { organizationId: string; token: string };
  let backend: BackendProcess;

  before(async () => {
    simulator = await startWhatsAppSimulator({ ...WHATSAPP, templates: [REMINDER_TEMPLATE], clock: systemClock });
    org = await createOrganisation(dataFile, 'Autobedrijf Beheer', Date.now());
    await seedApprovedTemplateInFile(dataFile, org.organizationId, REMINDER_TEMPLATE, Date.now());
    const { databaseUrl } = await storeLocation(dataFile);
    backend = await spawnBackend({ dataDir, databaseUrl, simulator, organizationId: org.organizationId, env: { AFTERSALES_METRICS_TOKEN: METRICS_TOKEN } });
    simulator.setWebhookUrl(`${backend.url}/webhooks/whatsapp`);
  });
  after(async () => {
    await backend.kill();
    await simulator.close();
  });

  const get = (path: string, token: string | null = null) => call(backend.url, token, 'GET', path);
  const metrics = async () => {
    const res = await fetch(`${backend.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /^text\/plain; version=0\.0\.4/);
    return res.text();
  };

  it('answers /healthz, and /readyz with its engine and schema', async () => {
    assert.deepEqual(await get('/healthz'), { status: 200, body: { status: 'ok' } });
    const ready = await get('/readyz');
    assert.equal(ready.status, 200);
    assert.equal(ready.body.status, 'ready');
    assert.equal(ready.body.database, TEST_ENGINE);
  });

  it('is not ready while its database has a schema another version made, and says so', async () => {
    const store = await openTestStore(dataFile);
    try {
      const ahead = TEST_ENGINE === 'postgres'
        ? sql`INSERT INTO schema_migrations (version, name, applied_at) VALUES (999, 'from a newer version', 0)`
        : sql.raw('PRAGMA user_version = 999');
      await store.sql.run(ahead);
      const refused = await get('/readyz');
      assert.equal(refused.status, 503);
      assert.equal(refused.body.status, 'not ready');
      assert.match(refused.body.reason, /schema step 999; this version of the backend needs step \d+/);
      const back = TEST_ENGINE === 'postgres'
        ? sql`DELETE FROM schema_migrations WHERE version = 999`
        : sql.raw(`PRAGMA user_version = ${(await store.sql.schemaState()).known}`);
      await store.sql.run(back);
      assert.equal((await get('/readyz')).status, 200);
    } finally {
      await store.close();
    }
  });

  it('serves metrics only with its token, counted by route, with the queue, the sends and the open streams', async () => {
    assert.equal((await get('/metrics')).status, 401);
    assert.equal((await get('/metrics', org.token)).status, 401, 'a person’s token is not the scraper’s');
    const conversation = await call(backend.url, org.token, 'POST', '/v2/conversations', { contact: { profile: { name: 'Piet', telephone: '+31611220000' } } });
    const sent = await call(backend.url, org.token, 'POST', `/v2/conversations/${conversation.body.id}/messages`, {
      type: 'template',
      template: { name: 'appointment_reminder', language: 'nl', parameters: ['Piet', 'morgen', '10:00', 'AB-12-CD'] },
    });
    assert.equal(sent.status, 202, JSON.stringify(sent.body));
    const socket = new WebSocket(`${backend.url.replace('http', 'ws')}/v2/events/stream?since=0`, { headers: { authorization: `Bearer ${org.token}` } });
    await new Promise((resolve) => socket.once('open', resolve));
    const text = await eventually(async () => {
      const scraped = await metrics();
      return scraped.includes('aftersales_sends_total{status="accepted"} 1') ? scraped : null;
    });
    assert.match(text, /aftersales_http_requests_total\{method="POST",route="\/v2\/conversations\/:id\/messages",status="202"\} 1/);
    assert.doesNotMatch(text, new RegExp(conversation.body.id), 'paths with ids never become series');
    assert.match(text, /aftersales_http_request_duration_seconds_bucket\{le="0\.1",method="POST",route="\/v2\/conversations"\} 1/);
    assert.match(text, /aftersales_send_queue\{state="pending"\} \d+/);
    assert.match(text, /aftersales_event_streams 1/);
    assert.match(text, /aftersales_event_lag_seconds_count [1-9]/);
    assert.match(text, /aftersales_process_resident_memory_bytes \d+/);
    socket.close();
  });

  it('refuses a NUL in an address, and a client that has followed the log further than it goes (a restored backup), in words', async () => {
    for (const path of ['/v2/conversations/abc%00def/messages', '/v2/contacts?q=a%00b', '/v2/appointments/x%00y/reminder']) {
      const refused = await call(backend.url, org.token, 'GET', path);
      assert.equal(refused.status, 400, path);
      assert.deepEqual(refused.body.error, { code: 'BAD_URL', message: 'The address holds a NUL character (%00), which no address here has.' });
    }
    // Far past the end: the log may still grow meanwhile (the statuses of the message sent above).
    const beyond = (await call(backend.url, org.token, 'GET', '/v2/events?since=0&limit=1000')).body.data.at(-1).seq + 1000;
    const ahead = await call(backend.url, org.token, 'GET', `/v2/events?since=${beyond}`);
    assert.equal(ahead.status, 409);
    assert.equal(ahead.body.error.code, 'SINCE_AHEAD');
    assert.match(ahead.body.error.message, new RegExp(`followed the log to ${beyond}, but it ends at \\d+: the backend was restored from a backup`));
    assert.ok(ahead.body.error.params.last < beyond);
    const socket = new WebSocket(`${backend.url.replace('http', 'ws')}/v2/events/stream?since=${beyond}`, { headers: { authorization: `Bearer ${org.token}` } });
    const [code, reason] = await new Promise<[number, string]>((resolve) => socket.once('close', (c, r) => resolve([c, r.toString()])));
    assert.equal(code, 4409);
    assert.match(reason, /but it ends at/);
  });

  it('stops gracefully on SIGTERM: streams are told to reconnect (1012), and the process ends well', async () => {
    const socket = new WebSocket(`${backend.url.replace('http', 'ws')}/v2/events/stream?since=0`, { headers: { authorization: `Bearer ${org.token}` } });
    await new Promise((resolve) => socket.once('open', resolve));
    const closed = new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)));
    const exit = await backend.stop();
    assert.equal(await closed, 1012);
    assert.equal(exit, 0);
  });
});
