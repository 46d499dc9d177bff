import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { systemClock } from '../../ports/clock';
import { startWhatsAppSimulator } from '../../simulators/whatsapp-cloud-api-simulator';
import { WhatsAppCloudApi } from '../channels/whatsapp-cloud-api';
import { BackendStore } from '../store/backend-store';
import { backendConfig } from './config';
import { commandLogger, runCommand, startConfiguredBackend } from './run-command';

const REMINDER = {
  name: 'appointment_reminder',
  language: 'nl',
  category: 'UTILITY' as const,
  body: 'Beste {{1}}, we verwachten u {{2}} om {{3}} met uw {{4}}. Tot dan!',
  buttons: [
    { type: 'quick_reply' as const, text: 'Bevestigen', payload: 'CONFIRM' },
    { type: 'quick_reply' as const, text: 'Verzetten', payload: 'RESCHEDULE' },
  ],
};

/**
 * `npm run system`: the backend wired to the WhatsApp Cloud API simulator, so the whole system
 * runs on one machine. On first start it creates a demo organisation with the reminder
 * template; every start prints a fresh token for this session.
 */
async function main(): Promise<Array<{ close(): Promise<void> }>> {
  const { values } = parseArgs({ options: { data: { type: 'string' } } });
  const config = backendConfig(process.env, values.data);
  const logger = commandLogger();
  const secrets = { accessToken: randomBytes(16).toString('hex'), appSecret: randomBytes(16).toString('hex') };
  const simulator = await startWhatsAppSimulator({
    ...secrets,
    phoneNumberId: '100000000000001',
    templates: { [REMINDER.name]: { [REMINDER.language]: 4 } },
    clock: systemClock,
  });

  const store = new BackendStore(config.dataFile);
  const existing = store.db.prepare<[], { id: string }>('SELECT id FROM organizations ORDER BY created_at LIMIT 1').get();
  let organizationId: string;
  let token: string;
  if (existing) {
    organizationId = existing.id;
    const user = store.db.prepare<[string], { id: string }>('SELECT id FROM users WHERE organization_id = ? LIMIT 1').get(organizationId)!;
    token = store.organizations.issueToken({ organizationId, userId: user.id }, `npm run system ${new Date().toISOString()}`, Date.now());
  } else {
    const created = store.organizations.create(
      {
        name: 'Autobedrijf Van der Meer',
        inboxes: [
          { name: 'Autobedrijf Van der Meer', kind: 'dealership', zone: 'Europe/Amsterdam', country: config.country },
          { name: 'Werkplaats Zuidas', kind: 'workshop', zone: 'Europe/Amsterdam', country: config.country },
        ],
        user: { name: 'Service advisor' },
      },
      Date.now(),
    );
    organizationId = created.organizationId;
    token = created.token;
    store.templates.upsert(organizationId, REMINDER);
    store.reminders.setReminderTemplate(organizationId, REMINDER.name, REMINDER.language);
  }
  store.close();

  const verifyToken = randomBytes(8).toString('hex');
  const backend = await startConfiguredBackend(config, logger, {
    channels: {
      whatsapp: new WhatsAppCloudApi({ baseUrl: simulator.url, apiVersion: 'v21.0', phoneNumberId: '100000000000001', accessToken: secrets.accessToken }),
    },
    whatsappWebhook: { verifyToken, appSecret: secrets.appSecret, organizationId },
  });
  simulator.setWebhookUrl(`${backend.url}/webhooks/whatsapp`);
  process.stdout.write(
    [
      'Aftersales Board — backend with the WhatsApp simulator',
      `  data:      ${config.dataFile}`,
      `  api:       ${backend.url}/v2   (Authorization: Bearer ${token})`,
      `  whatsapp:  ${simulator.url}   (simulated Cloud API)`,
      `  a customer replies: curl -X POST ${simulator.url}/simulator/customers/31612345678/reply \\`,
      `                        -H 'content-type: application/json' -d '{"text":"Hallo"}'`,
      '',
    ].join('\n'),
  );
  return [backend, simulator];
}

runCommand(main);
