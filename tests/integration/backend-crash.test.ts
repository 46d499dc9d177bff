import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { systemClock } from '../../src/ports/clock';
import { startWhatsAppSimulator, type WhatsAppSimulator } from '../../src/simulators/whatsapp-cloud-api-simulator';
import { call, createOrganisation, eventually, freePort, REMINDER_TEMPLATE, seedApprovedTemplateInFile, WHATSAPP } from '../support/backend';
import { ROOT } from '../support/desktop';


/** `npm run backend` as its own process, so that it can be killed with SIGKILL mid-send. */
async function spawnBackend(dataDir: string, port: number, simulator: WhatsAppSimulator, organizationId: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'src/backend/cli/backend.ts'), '--data', dataDir], {
    cwd: ROOT,
    env: {
      ...process.env,
      LOG_LEVEL: 'warn',
      AFTERSALES_BACKEND_PORT: String(port),
      AFTERSALES_INTERRUPTED_SEND_GRACE_MS: '2000',
      WHATSAPP_BASE_URL: simulator.url,
      WHATSAPP_PHONE_NUMBER_ID: WHATSAPP.phoneNumberId,
      WHATSAPP_BUSINESS_ACCOUNT_ID: WHATSAPP.businessAccountId,
      WHATSAPP_ACCESS_TOKEN: WHATSAPP.accessToken,
      WHATSAPP_APP_SECRET: WHATSAPP.appSecret,
      WHATSAPP_VERIFY_TOKEN: WHATSAPP.verifyToken,
      WHATSAPP_ORGANIZATION_ID: organizationId,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => chunk.toString().includes('api:') && resolve());
    child.once('exit', (code) => reject(new Error(`backend exited with ${code}`)));
  });
  return child;
}

function kill(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

describe('backend: a send survives the backend process being killed', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'aftersales-backend-'));
  let simulator: WhatsAppSimulator;
  let org: { organizationId: string; token: string };
  let port: number;
  let base: string;
  let conversation: string;
  let child: ChildProcess | null = null;

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
    if (child && child.exitCode === null) await kill(child);
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
    await kill(child!);
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
    await kill(child!);
    simulator.setAvailable(true);
    child = await spawnBackend(dataDir, port, simulator, org.organizationId);
    await eventually(() => receivedBy('crash-while-down') === 1, 15_000);
    const again = await send('crash-while-down');
    assert.equal(again.status, 200, 'the client’s retry with the same key is answered, not sent');
    await new Promise((r) => setTimeout(r, 500));
    assert.equal(receivedBy('crash-while-down'), 1);
  });
});
