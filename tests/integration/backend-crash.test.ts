import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { systemClock } from '../../src/ports/clock';
import { startWhatsAppSimulator, type WhatsAppSimulator } from '../../src/simulators/whatsapp-cloud-api-simulator';
import { call, createOrganisation, eventually, freePort, REMINDER_TEMPLATE, seedApprovedTemplateInFile, WHATSAPP } from '../support/backend';
import { spawnBackend as spawnProcess, type BackendProcess } from '../support/backend-process';
import { storeLocation } from '../support/engine';

/** `npm run backend` as its own process, at a port kept across restarts, so that it can be killed with SIGKILL mid-send. */
async function spawnBackend(dataDir: string, port: number, simulator: WhatsAppSimulator, organizationId: string): Promise<BackendProcess> {
  const { databaseUrl } = await storeLocation(join(dataDir, 'backend.sqlite'));
  // A send under way when the process died is sent again once its claim lapses (answer timeout + grace + a 5 s margin): 9 s here.
  return spawnProcess({ dataDir, databaseUrl, simulator, organizationId, port, env: { AFTERSALES_INTERRUPTED_SEND_GRACE_MS: '2000', AFTERSALES_SEND_TIMEOUT_MS: '2000' } });
}


describe('backend: a send survives the backend process being killed', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'aftersales-backend-'));
  let simulator: WhatsAppSimulator;
  let org: { organizationId: string; token: string };
  let port: number;
  let base: string;
  let conversation: string;
  let child: BackendProcess | null = null;

  before(async () => {
    simulator = await startWhatsAppSimulator({ ...WHATSAPP, templates: [REMINDER_TEMPLATE], clock: systemClock });
    org = await createOrganisation(join(dataDir, 'backend.sqlite'), 'Autobedrijf Crash', Date.now());
    await seedApprovedTemplateInFile(join(dataDir, 'backend.sqlite'), org.organizationId, REMINDER_TEMPLATE, Date.now());
    port = await freePort();
    base = `http://127.0.0.1:${port}`;
    simulator.setWebhookUrl(`${base}/webhooks/whatsapp`);
    child = await spawnBackend(dataDir, port, simulator, org.organizationId);
    conversation = (await call(base, org.token, 'POST', '/v2/conversations', { contact: { profile: { name: 'Piet', telephone: '0611223344' } } })).body.id;
  });
  after(async () => {
    await child?.kill();
    await simulator.close();
  });

  const send = (key: string) =>
    call(base, org.token, 'POST', `/v2/conversations/${conversation}/messages`, {
      type: 'template',
      template: { name: 'appointment_reminder', language: 'nl', parameters: ['Piet', 'morgen', '10:00', key] },
    }, { 'idempotency-key': key });
  const receivedBy = (key: string) => simulator.delivered().filter((m) => m.to === '31611223344' && m.body.includes(key)).length;

  it('killed after WhatsApp took the message but before the answer was stored: delivered once', async () => {
    simulator.setResponseDelay(5000);
    const queued = await send('crash-after-accept');
    assert.equal(queued.status, 202);
    await eventually(() => receivedBy('crash-after-accept') === 1);
    await child!.kill();
    simulator.setResponseDelay(0);

    child = await spawnBackend(dataDir, port, simulator, org.organizationId);
    const message = await eventually(async () => {
      const messages = (await call(base, org.token, 'GET', `/v2/conversations/${conversation}/messages`)).body.data;
      const m = messages.find((x: { id: string }) => x.id === queued.body.id);
      return m.status === 'delivered' && m;
    }, 10_000);
    assert.equal(message.status, 'delivered');
    await new Promise((r) => setTimeout(r, 3000)); // past the grace period: no second send
    assert.equal(receivedBy('crash-after-accept'), 1);
  });

  it('killed while WhatsApp was down with the message still queued: sent once after the restart', async () => {
    simulator.setAvailable(false);
    const queued = await send('crash-while-down');
    assert.equal(queued.status, 202);
    await new Promise((r) => setTimeout(r, 300));
    await child!.kill();
    simulator.setAvailable(true);
    child = await spawnBackend(dataDir, port, simulator, org.organizationId);
    await eventually(() => receivedBy('crash-while-down') === 1, 15_000);
    const again = await send('crash-while-down');
    assert.equal(again.status, 200, 'the client’s retry with the same key is answered, not sent');
    await new Promise((r) => setTimeout(r, 500));
    assert.equal(receivedBy('crash-while-down'), 1);
  });
});
