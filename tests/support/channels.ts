import { createHmac } from 'node:crypto';
import { startBackend, type RunningBackend } from '../../src/backend/backend';
import { DEFAULT_PROVIDERS } from '../../src/backend/channels/provider-endpoints';
import type { Clock } from '../../src/ports/clock';
import type { startSmsSimulator } from '../../src/simulators/sms-provider-simulator';
import type { WhatsAppSimulator } from '../../src/simulators/whatsapp-cloud-api-simulator';
import { freePort, WHATSAPP, WHATSAPP_CHANNEL } from './backend';
import { silentLogger } from './desktop';

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
    dataFile: options.dataFile,
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
