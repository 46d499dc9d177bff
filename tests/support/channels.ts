import { createHmac } from 'node:crypto';
import { createServer as createHttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startBackend, type RunningBackend } from '../../src/backend/backend';
import { DEFAULT_PROVIDERS } from '../../src/backend/channels/provider-endpoints';
import type { Clock } from '../../src/ports/clock';
import type { startSmsSimulator } from '../../src/simulators/sms-provider-simulator';
import { startWhatsAppSimulator, type WhatsAppSimulator } from '../../src/simulators/whatsapp-cloud-api-simulator';
import { createOrganisation, freePort, WHATSAPP, WHATSAPP_CHANNEL } from './backend';
import { silentLogger } from './desktop';
import { storeLocation } from './engine';

type SmsSimulator = Awaited<ReturnType<typeof startSmsSimulator>>;

/** The SMS provider account the tests' backends and simulators share. */
export const SMS_ACCOUNT = { accountSid: `AC${'0'.repeat(28)}7e57`, authToken: 'sms-auth-token' };
export const SMS_FROM = '+3197000000000';
/** The test organisation's SMS sender as a channel. */
export const SMS_CHANNEL = { kind: 'sms' as const, label: 'SMS test', from: SMS_FROM, ...SMS_ACCOUNT };

/**
 * Signatures as the providers make them, written here from their documentation (not with the
 * backend's own code, which they test). Meta: X-Hub-Signature-256 is "sha256=" and the hex
 * HMAC-SHA256 of the raw body, keyed with the App Secret.
 */
export const metaSignature = (body: string | Buffer, secret = WHATSAPP.appSecret) => `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;

/** Twilio: base64 HMAC-SHA1, keyed with the auth token, of the URL followed by every parameter's name and value, sorted by name. */
export const twilioSignature = (url: string, params: Record<string, string>, token = SMS_ACCOUNT.authToken) =>
  createHmac('sha1', token)
    .update(url + Object.keys(params).sort().map((name) => name + params[name]).join(''))
    .digest('base64');

/**
 * A backend on a free loopback port with the channels asked for, wired to their simulators and
 * taking their webhooks for `organizationId`; the simulators are told where to call back.
 */
export async function startChannelBackend(options: {
  dataFile: string;
  clock: Clock;
  organizationId: string;
  whatsapp?: WhatsAppSimulator;
  sms?: SmsSimulator;
  pollMs: number;
}): Promise<{ backend: RunningBackend; base: string; port: number }> {
  const { whatsapp, sms, organizationId } = options;
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const backend = await startBackend({
    ...(await storeLocation(options.dataFile)),
    clock: options.clock,
    logger: silentLogger,
    country: 'NL',
    port,
    // The organisation's stored channels, assigned to its inboxes; the simulators are their providers.
    bootstrapChannels: [
      ...(whatsapp ? [{ organizationId, channel: WHATSAPP_CHANNEL }] : []),
      ...(sms ? [{ organizationId, channel: SMS_CHANNEL }] : []),
    ],
    providers: {
      whatsapp: whatsapp ? { baseUrl: whatsapp.url, apiVersion: 'v21.0' } : DEFAULT_PROVIDERS.whatsapp,
      sms: sms ? { baseUrl: sms.url } : DEFAULT_PROVIDERS.sms,
      publicUrl: null,
    },
    sendWorker: { pollMs: options.pollMs },
    reminderEveryMs: 0,
  });
  whatsapp?.setWebhookUrl(`${base}/webhooks/whatsapp`);
  sms?.setInboundUrl(`${base}/webhooks/sms/inbound`);
  return { backend, base, port };
}

/**
 * A backend on loopback whose one organisation, Autobedrijf Test, has no channel yet, as a new
 * dealership's: its manager sets them up. The WhatsApp simulator (no templates) is the provider
 * of both WhatsApp and SMS; it is not told the backend's webhook, a test that wants it says so.
 */
export async function startBackendWithoutChannels(dataFile: string, clock: Clock): Promise<{ whatsapp: WhatsAppSimulator; backend: RunningBackend; token: string }> {
  const whatsapp = await startWhatsAppSimulator({ ...WHATSAPP, templates: [], clock });
  const { token } = await createOrganisation(dataFile, 'Autobedrijf Test', clock.now());
  const backend = await startBackend({
    ...(await storeLocation(dataFile)),
    clock,
    logger: silentLogger,
    country: 'NL',
    reminderEveryMs: 0,
    providers: { whatsapp: { baseUrl: whatsapp.url, apiVersion: 'v21.0' }, sms: { baseUrl: whatsapp.url }, publicUrl: null },
  });
  return { whatsapp, backend, token };
}

/**
 * Meta's Graph API has one address for every number; here each number is its own simulator
 * instance. This front door on loopback forwards each request to the simulator of the number
 * or business account named first in its path (/v21.0/{id}/…), as Meta's one host would
 * answer for it, so that one backend reaches several simulated numbers through one base URL.
 * A business account's phone numbers are those of every simulator in that account that the
 * access token opens: Meta lists a token the account's numbers it may use.
 */
export async function startGraphFrontDoor(simulators: Array<{ simulator: WhatsAppSimulator; ids: string[] }>): Promise<{ url: string; close(): Promise<void> }> {
  const owners = new Map<string, string>();
  for (const { simulator, ids } of simulators) for (const id of ids) owners.set(id, simulator.url);
  const server = createHttpServer((request, response) => {
    const id = (request.url ?? '').split('/')[2]?.split('?')[0] ?? '';
    if (/^\/[^/]+\/[^/]+\/phone_numbers(\?|$)/.test(request.url ?? '')) {
      const inAccount = simulators.filter((s) => s.simulator.businessAccountId === id);
      const headers = { authorization: request.headers.authorization ?? '' };
      void Promise.all(inAccount.map(async ({ simulator }) => fetch(`${simulator.url}${request.url}`, { headers }).then(async (a) => ({ status: a.status, body: (await a.json()) as { data?: unknown[] } }))))
        .then((answers) => {
          const opened = answers.filter((a) => a.status === 200);
          const answer = opened.length ? { status: 200, body: { data: opened.flatMap((a) => a.body.data ?? []) } } : (answers[0] ?? { status: 400, body: { error: { message: `Unsupported get request. Object with ID '${id}' does not exist`, code: 100 } } });
          response.writeHead(answer.status, { 'content-type': 'application/json' }).end(JSON.stringify(answer.body));
        })
        .catch(() => response.destroy());
      return;
    }
    const target = owners.get(id);
    if (!target) {
      response.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: `Unsupported request. Object with ID '${id}' does not exist`, code: 100 } }));
      return;
    }
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const headers = Object.fromEntries(Object.entries(request.headers).filter(([name]) => name !== 'host' && name !== 'content-length')) as Record<string, string>;
      fetch(`${target}${request.url}`, { method: request.method, headers, body: chunks.length ? Buffer.concat(chunks) : undefined })
        .then(async (answer) => response.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'application/json' }).end(Buffer.from(await answer.arrayBuffer())))
        .catch(() => response.destroy());
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
