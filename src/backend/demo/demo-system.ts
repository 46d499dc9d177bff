import { randomBytes } from 'node:crypto';
import type { WaTemplateInput } from '../../api/v2/template';
import type { Clock } from '../../ports/clock';
import type { Logger } from '../../ports/logger';
import { startWhatsAppSimulator, type WhatsAppSimulator } from '../../simulators/whatsapp-cloud-api-simulator';
import { startBackend, type RunningBackend } from '../backend';
import { WhatsAppCloudApi } from '../channels/whatsapp-cloud-api';
import { BackendStore } from '../store/backend-store';
import { hashToken, newToken } from '../access/tokens';

const DEMO_TOKEN_MS = 30 * 24 * 60 * 60 * 1000;

const PHONE_NUMBER_ID = '100000000000001';

/** The demo organisation's templates, as a dealership would have them approved by Meta. */
export const DEMO_TEMPLATES: WaTemplateInput[] = [
  {
    name: 'appointment_reminder',
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

export interface DemoSystem {
  backend: RunningBackend;
  simulator: WhatsAppSimulator;
  organizationId: string;
  /** A token issued for this start; the caller keeps it safe (it is not stored in plain text by the backend). */
  token: string;
  close(): Promise<void>;
}

/**
 * The backend wired to the WhatsApp Cloud API simulator, so the whole system runs on one
 * machine: on first start a demo organisation with its inboxes and templates; every start
 * issues a fresh token.
 */
export async function startDemoSystem(options: {
  dataFile: string;
  country: string;
  clock: Clock;
  logger: Logger;
  host?: string;
  port?: number;
  interruptedSendGraceMs?: number;
}): Promise<DemoSystem> {
  const secrets = { accessToken: randomBytes(16).toString('hex'), appSecret: randomBytes(16).toString('hex') };
  const simulator = await startWhatsAppSimulator({
    ...secrets,
    phoneNumberId: PHONE_NUMBER_ID,
    templates: Object.fromEntries(DEMO_TEMPLATES.map((t) => [t.name, { [t.language]: t.parameterHints.length }])),
    clock: options.clock,
  });

  const store = new BackendStore(options.dataFile);
  let organizationId: string;
  let token: string;
  try {
    const existing = store.organizations.first();
    const now = options.clock.now();
    if (existing) {
      organizationId = existing.organizationId;
      if (!existing.userId) throw new Error('The demo organisation has no manager left to issue a token for; start with a fresh --data folder.');
      // A personal token of the demo's manager for this start.
      token = newToken('personal');
      store.sessions.create(
        { organizationId, tokenKind: 'personal', tokenHash: hashToken(token), userId: existing.userId, label: `demo ${new Date(now).toISOString()}`, expiresAt: now + DEMO_TOKEN_MS },
        now,
      );
    } else {
      const created = store.organizations.create(
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
      for (const template of DEMO_TEMPLATES) store.templates.upsert(organizationId, template);
      const reminder = DEMO_TEMPLATES[0]!;
      // The demo's inboxes remind the evening before, as a workshop usually starts.
      for (const inboxId of created.inboxIds) {
        store.reminders.saveSettings(inboxId, { enabled: true, template: { name: reminder.name, language: reminder.language }, when: { kind: 'day_before', at: '17:00' } }, now);
      }
    }
  } finally {
    store.close();
  }

  const backend = await startBackend({
    dataFile: options.dataFile,
    clock: options.clock,
    logger: options.logger,
    country: options.country,
    host: options.host,
    port: options.port,
    sendWorker: { interruptedGraceMs: options.interruptedSendGraceMs ?? 30_000 },
    channels: {
      whatsapp: new WhatsAppCloudApi({ baseUrl: simulator.url, apiVersion: 'v21.0', phoneNumberId: PHONE_NUMBER_ID, accessToken: secrets.accessToken }),
    },
    whatsappWebhook: { verifyToken: randomBytes(8).toString('hex'), appSecret: secrets.appSecret, organizationId, phoneNumberId: PHONE_NUMBER_ID },
  });
  simulator.setWebhookUrl(`${backend.url}/webhooks/whatsapp`);
  return {
    backend,
    simulator,
    organizationId,
    token,
    async close() {
      await backend.close();
      await simulator.close();
    },
  };
}
