import { randomBytes } from 'node:crypto';
import { channelNumber, type CreateChannelInput } from '../../api/v2/channels';
import type { WaTemplateInput } from '../../api/v2/template';
import type { Clock } from '../../ports/clock';
import type { Logger } from '../../ports/logger';
import { startWhatsAppSimulator, type WhatsAppSimulator } from '../../simulators/whatsapp-cloud-api-simulator';
import { startSmsSimulator, type SmsSimulator } from '../../simulators/sms-provider-simulator';
import { startBackend, type RunningBackend } from '../backend';
import { backendConfig } from '../cli/config';
import { DEFAULT_PROVIDERS, type ProviderEndpoints } from '../channels/provider-endpoints';
import { BackendStore } from '../store/backend-store';
import { hashToken, newToken } from '../access/tokens';

const DEMO_TOKEN_MS = 30 * 24 * 60 * 60 * 1000;
/** How long the demo's simulated Meta takes to approve or reject a template a manager submitted. */
export const DEMO_REVIEW_MS = 20_000;

const PHONE_NUMBER_ID = '100000000000001';
const BUSINESS_ACCOUNT_ID = '100000000000000';
/** The demo's SMS sender and the account it is sent through, at the SMS simulator. */
const SMS_FROM = '+3197010000001';
const SMS_ACCOUNT_SID = `AC${'0'.repeat(30)}de`;

/** The demo organisation's templates, as a dealership would have them approved by Meta. */
export const DEMO_TEMPLATES: WaTemplateInput[] = [
  {
    name: 'appointment_reminder',
    title: 'Afspraakherinnering',
    language: 'nl',
    category: 'UTILITY',
    body: 'Beste {{1}}, we verwachten u {{2}} om {{3}} met uw {{4}}. Tot dan!',
    buttons: [
      { type: 'quick_reply', text: 'Bevestigen', payload: 'CONFIRM' },
      { type: 'quick_reply', text: 'Verzetten', payload: 'RESCHEDULE' },
    ],
    parameterHints: ['customerName', 'date', 'time', 'plate'],
  },
  {
    name: 'vehicle_ready',
    title: 'Auto staat klaar',
    language: 'nl',
    category: 'UTILITY',
    body: 'Beste {{1}}, uw auto met kenteken {{2}} staat klaar. U kunt hem ophalen bij {{3}}.',
    buttons: [],
    parameterHints: ['customerName', 'plate', 'organisation'],
  },
];

/** The inboxes of the demo; the desktop's sample data uses the same ids. */
export const DEMO_INBOXES = [
  { id: 'dealership-amsterdam', name: 'Autobedrijf Van der Meer', kind: 'dealership' as const },
  { id: 'workshop-zuidas', name: 'Werkplaats Zuidas', kind: 'workshop' as const },
];

/** The secrets of a channel the demo made for a simulator: printed, so that a developer can sign a webhook by hand. */
export interface DemoSecrets {
  whatsapp: { phoneNumberId: string; appSecret: string; verifyToken: string } | null;
  sms: { from: string; authToken: string } | null;
}

export interface DemoSystem {
  backend: RunningBackend;
  /** The WhatsApp simulator; null when the environment named a real WhatsApp number. */
  simulator: WhatsAppSimulator | null;
  /** The SMS simulator; null when the environment named a real SMS sender. */
  sms: SmsSimulator | null;
  /** What the demo generated for its simulated channels (none for channels from the environment). */
  secrets: DemoSecrets;
  organizationId: string;
  /** A token issued for this start; the caller keeps it safe (it is not stored in plain text by the backend). */
  token: string;
  close(): Promise<void>;
}

/**
 * The backend with the demo organisation's channels, so the whole system runs on one machine:
 * the channels the environment names (real providers), else the WhatsApp Cloud API simulator
 * and the SMS simulator with fresh secrets, stored as the demo organisation's channels and
 * assigned to its inboxes. On first start a demo organisation with its inboxes and templates;
 * every start issues a fresh token.
 */
export async function startDemoSystem(options: {
  dataFile: string;
  country: string;
  clock: Clock;
  logger: Logger;
  host?: string;
  port?: number;
  interruptedSendGraceMs?: number;
  /** AFTERSALES_SECRET_KEY, as the backend takes it. */
  secretKey?: string;
  /** Channels from the environment (WHATSAPP_*, TWILIO_*), for the demo organisation; a kind not named here is simulated. */
  channels?: CreateChannelInput[];
  /** Where the environment's channels' providers are reached. */
  providers?: ProviderEndpoints;
}): Promise<DemoSystem> {
  const given = options.channels ?? [];
  const real = { whatsapp: given.find((c) => c.kind === 'whatsapp'), sms: given.find((c) => c.kind === 'sms') };
  const opened: Array<{ close(): Promise<unknown> }> = [];
  try {
    const secrets: DemoSecrets = { whatsapp: null, sms: null };
    const channels: CreateChannelInput[] = [...given];
    const providers: ProviderEndpoints = { ...(options.providers ?? DEFAULT_PROVIDERS) };
    let simulator: WhatsAppSimulator | null = null;
    let sms: SmsSimulator | null = null;
    if (!real.whatsapp) {
      const made = { accessToken: randomBytes(16).toString('hex'), appSecret: randomBytes(16).toString('hex'), verifyToken: randomBytes(16).toString('hex') };
      simulator = await startWhatsAppSimulator({
        accessToken: made.accessToken,
        appSecret: made.appSecret,
        phoneNumberId: PHONE_NUMBER_ID,
        businessAccountId: BUSINESS_ACCOUNT_ID,
        templates: DEMO_TEMPLATES,
        clock: options.clock,
        // Meta takes up to a day; the demo's review is done while its user watches.
        approveAfterMs: DEMO_REVIEW_MS,
      });
      opened.push(simulator);
      providers.whatsapp = { baseUrl: simulator.url, apiVersion: 'v21.0' };
      channels.push({ kind: 'whatsapp', label: 'WhatsApp (simulator)', phoneNumberId: PHONE_NUMBER_ID, businessAccountId: BUSINESS_ACCOUNT_ID, ...made });
      secrets.whatsapp = { phoneNumberId: PHONE_NUMBER_ID, appSecret: made.appSecret, verifyToken: made.verifyToken };
    }
    if (!real.sms) {
      const authToken = randomBytes(16).toString('hex');
      sms = await startSmsSimulator({ accountSid: SMS_ACCOUNT_SID, authToken, phoneNumbers: [SMS_FROM] });
      opened.push(sms);
      providers.sms = { baseUrl: sms.url };
      channels.push({ kind: 'sms', label: 'SMS (simulator)', from: SMS_FROM, accountSid: SMS_ACCOUNT_SID, authToken });
      secrets.sms = { from: SMS_FROM, authToken };
    }

    const store = await BackendStore.open({ dataFile: options.dataFile, secretKey: options.secretKey });
    let organizationId: string;
    let token: string;
    try {
      const existing = await store.organizations.first();
      const now = options.clock.now();
      if (existing) {
        organizationId = existing.organizationId;
        if (!existing.userId) throw new Error('The demo organisation has no manager left to issue a token for; start with a fresh --data folder.');
        // The demo's own simulators have fresh secrets at every start, and the environment's first
        // channel is made only once: the demo's stored channels for its simulators take the new
        // ones here (one a developer removed stays removed; a real number keeps its stored secrets).
        for (const made of channels.slice(given.length)) {
          const stored = await store.channels.byAddress(made.kind, channelNumber(made));
          if (stored?.organizationId !== organizationId) continue;
          const fresh = made.kind === 'whatsapp' ? { accessToken: made.accessToken, appSecret: made.appSecret, verifyToken: made.verifyToken } : { authToken: made.authToken };
          await store.channels.update(organizationId, stored.id, fresh, now);
        }
        // A personal token of the demo's manager for this start.
        token = newToken('personal');
        await store.sessions.create(
          { organizationId, tokenKind: 'personal', tokenHash: hashToken(token), userId: existing.userId, label: `demo ${new Date(now).toISOString()}`, expiresAt: now + DEMO_TOKEN_MS },
          now,
        );
      } else {
        const created = await store.organizations.create(
          {
            name: DEMO_INBOXES[0]!.name,
            inboxes: DEMO_INBOXES.map((i) => ({ ...i, zone: 'Europe/Amsterdam', country: options.country })),
            // The demo's manager is a person (named on comments, moves and the audit), and the
            // service advisor of some sample appointments, so that Mine shows her cards.
            user: { name: 'Sanne de Vries', email: 'sanne.devries@demo.example' },
          },
          now,
        );
        organizationId = created.organizationId;
        token = created.token;
        for (const template of DEMO_TEMPLATES) await store.templates.upsert(organizationId, template);
        const reminder = DEMO_TEMPLATES[0]!;
        // The demo's inboxes remind the evening before, as a workshop usually starts.
        for (const inboxId of created.inboxIds) {
          await store.reminders.saveSettings(inboxId, { enabled: true, template: { name: reminder.name, language: reminder.language }, when: { kind: 'day_before', at: '17:00' } }, now);
        }
      }
    } finally {
      await store.close();
    }

    const backend = await startBackend({
      dataFile: options.dataFile,
      clock: options.clock,
      logger: options.logger,
      country: options.country,
      host: options.host,
      port: options.port,
      sendWorker: { interruptedGraceMs: options.interruptedSendGraceMs ?? 30_000 },
      secretKey: options.secretKey,
      providers,
      // Made at the first start; later starts use the stored channels (refreshed above for the simulators).
      bootstrapChannels: channels.map((channel) => ({ organizationId, channel })),
    });
    simulator?.setWebhookUrl(`${backend.url}/webhooks/whatsapp`);
    sms?.setInboundUrl(`${backend.url}/webhooks/sms/inbound`);
    return {
      backend,
      simulator,
      sms,
      secrets,
      organizationId,
      token,
      async close() {
        await backend.close();
        for (const part of opened) await part.close();
      },
    };
  } catch (error) {
    for (const part of opened) await part.close();
    throw error;
  }
}

/**
 * What a developer needs to talk to the demo's channels by hand: the simulators, the secrets
 * the demo made for them, and how to sign a webhook with them (printed, never logged).
 */
export function describeDemoChannels(system: Pick<DemoSystem, 'simulator' | 'sms' | 'secrets' | 'backend'>): string[] {
  const lines: string[] = [];
  const wa = system.secrets.whatsapp;
  if (system.simulator && wa) {
    lines.push(
      `  whatsapp:  ${system.simulator.url}   (simulated Cloud API, phone number id ${wa.phoneNumberId})`,
      `             app secret ${wa.appSecret}   verify token ${wa.verifyToken}`,
      `  sign a webhook by hand: printf '%s' "$BODY" | openssl dgst -sha256 -hmac '${wa.appSecret}'  → X-Hub-Signature-256: sha256=<hex>, POST to ${system.backend.url}/webhooks/whatsapp`,
    );
  } else {
    lines.push('  whatsapp:  the number from WHATSAPP_* (Meta calls /webhooks/whatsapp)');
  }
  const sms = system.secrets.sms;
  if (system.sms && sms) {
    lines.push(
      `  sms:       ${system.sms.url}   (simulated provider, sender ${sms.from}, auth token ${sms.authToken})`,
      `  a customer texts: curl -X POST ${system.sms.url}/simulator/sms/inbound -H 'content-type: application/json' -d '{"from":"+31612345678","body":"Hallo"}'`,
    );
  } else {
    lines.push('  sms:       the sender from TWILIO_* (the provider calls /webhooks/sms/inbound and /webhooks/sms/status)');
  }
  return lines;
}

/**
 * What the demo takes from the environment: AFTERSALES_SECRET_KEY, and the channels WHATSAPP_*
 * and TWILIO_* name with their providers' addresses (real providers instead of the simulators).
 */
export function demoSettingsFrom(env: NodeJS.ProcessEnv): { secretKey?: string; channels: CreateChannelInput[]; providers: ProviderEndpoints } {
  const config = backendConfig(env, undefined);
  return { secretKey: config.secretKey, channels: config.bootstrapChannels.map((c) => c.channel), providers: config.providers };
}
