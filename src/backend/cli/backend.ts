import { parseArgs } from 'node:util';
import pino from 'pino';
import { systemClock } from '../../ports/clock';
import { startBackend } from '../backend';
import { WhatsAppCloudApi } from '../channels/whatsapp-cloud-api';
import { BackendStore } from '../store/backend-store';
import { backendConfig } from './config';

const USAGE = `Usage:
  npm run backend [-- --data <folder>]                      start the backend
  npm run backend -- create-organization --name <name> --user <name>
        [--inbox "<name>:dealership|workshop"]... [--zone Europe/Amsterdam] [--data <folder>]
                                                           create an organisation, print its first token`;

/** `npm run backend`: the organisation's server on embedded SQLite. */
async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      data: { type: 'string' },
      name: { type: 'string' },
      user: { type: 'string' },
      inbox: { type: 'string', multiple: true },
      zone: { type: 'string', default: 'Europe/Amsterdam' },
      help: { type: 'boolean' },
    },
  });
  if (values.help) return void process.stdout.write(`${USAGE}\n`);
  const config = backendConfig(process.env, values.data);
  const logger = pino({ level: process.env.LOG_LEVEL ?? 'info' }, pino.destination(2));

  if (positionals[0] === 'create-organization') {
    if (!values.name || !values.user) throw new Error(`--name and --user are required.\n${USAGE}`);
    const inboxes = (values.inbox?.length ? values.inbox : [`${values.name}:dealership`]).map((spec) => {
      const [name, kind = 'dealership'] = spec.split(':');
      if (kind !== 'dealership' && kind !== 'workshop') throw new Error(`Inbox kind "${kind}" is not dealership or workshop.`);
      return { name: name!, kind: kind as 'dealership' | 'workshop', zone: values.zone!, country: config.country };
    });
    const store = new BackendStore(config.dataFile);
    const created = store.organizations.create({ name: values.name, inboxes, user: { name: values.user } }, Date.now());
    store.close();
    process.stdout.write(
      `organization: ${created.organizationId}\ninboxes: ${created.inboxIds.join(', ')}\ntoken: ${created.token}\n` +
        '(the token is shown once; only its hash is stored)\n',
    );
    return;
  }
  if (positionals.length > 0) throw new Error(`Unknown command ${positionals[0]}.\n${USAGE}`);

  const wa = config.whatsapp;
  const backend = await startBackend({
    dataFile: config.dataFile,
    clock: systemClock,
    logger,
    country: config.country,
    host: config.host,
    port: config.port,
    channels: wa ? { whatsapp: new WhatsAppCloudApi(wa) } : {},
    whatsappWebhook: wa ? { verifyToken: wa.verifyToken, appSecret: wa.appSecret, organizationId: wa.organizationId } : null,
    sendWorker: { interruptedGraceMs: config.interruptedSendGraceMs },
  });
  logger.info({ url: backend.url, dataFile: config.dataFile, whatsapp: wa !== null }, 'backend listening');
  process.stdout.write(`Aftersales Board backend\n  data: ${config.dataFile}\n  api:  ${backend.url}/v2\n`);
  const stop = async () => {
    await backend.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).message}\n`);
  process.exit(1);
});
