import { parseArgs } from 'node:util';
import { EmailSchema } from '../../api/limits';
import { INVITATION_MS } from '../access/people-service';
import { hashInvitationCode, newInvitationCode } from '../access/tokens';
import { BackendStore } from '../store/backend-store';
import { backendConfig } from './config';
import { MIGRATE_USAGE, migrateToPostgresCommand } from './migrate-to-postgres';
import { startProcessGroup } from './process-group';
import { commandLogger, runCommand, startConfiguredBackend } from './run-command';

const USAGE = `Usage:
  npm run backend [-- --data <folder>]                      start the backend
  DATABASE_URL=postgres://… npm run backend -- --processes 2 start two backend processes over PostgreSQL behind one
                                                           port (a worker that dies is started again)
  npm run backend -- setup --organization <name> --manager <name> --email <e-mail>
        [--inbox "<name>:dealership|workshop"]... [--zone Europe/Amsterdam] [--data <folder>]
                                                           create an organisation and its first manager, print the
                                                           manager's one-time invitation code (they set a password with it)
  npm run backend -- create-organization --name <name> --user <name>
        [--inbox "<name>:dealership|workshop"]... [--zone Europe/Amsterdam] [--data <folder>]
                                                           create an organisation with a first manager, print
                                                           that manager's personal token
${MIGRATE_USAGE.replace('Usage:\n', '')}`;

/** `npm run backend`: the organisation's server on embedded SQLite. */
async function main(): Promise<Array<{ close(): Promise<void> }>> {
  // Its own options (--from, DATABASE_URL as the target), so it is dispatched before the backend's are parsed.
  if (process.argv[2] === 'migrate-to-postgres') {
    await migrateToPostgresCommand(process.argv.slice(3), process.env, (text) => process.stdout.write(text));
    return [];
  }
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      data: { type: 'string' },
      name: { type: 'string' },
      user: { type: 'string' },
      organization: { type: 'string' },
      manager: { type: 'string' },
      email: { type: 'string' },
      inbox: { type: 'string', multiple: true },
      zone: { type: 'string', default: 'Europe/Amsterdam' },
      help: { type: 'boolean' },
      processes: { type: 'string', default: '1' },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return [];
  }
  const config = backendConfig(process.env, values.data);
  const logger = commandLogger();

  const inboxesOf = (organization: string) =>
    (values.inbox?.length ? values.inbox : [`${organization}:dealership`]).map((spec) => {
      const [name, kind = 'dealership'] = spec.split(':');
      if (kind !== 'dealership' && kind !== 'workshop') throw new Error(`Inbox kind "${kind}" is not dealership or workshop.`);
      return { name: name!, kind: kind as 'dealership' | 'workshop', zone: values.zone!, country: config.country };
    });

  if (positionals[0] === 'setup') {
    if (!values.organization || !values.manager || !values.email) throw new Error(`--organization, --manager and --email are required.\n${USAGE}`);
    const email = EmailSchema.safeParse(values.email);
    if (!email.success) throw new Error(`--email ${values.email} is not an e-mail address.`);
    const inboxes = inboxesOf(values.organization);
    const code = newInvitationCode();
    const now = Date.now();
    const expiresAt = now + INVITATION_MS;
    const store = await BackendStore.open({ dataFile: config.dataFile, databaseUrl: config.databaseUrl, secretKey: config.secretKey });
    const created = await store.organizations.createInvited(
      { name: values.organization, inboxes, user: { name: values.manager, email: email.data } },
      { hash: hashInvitationCode(code), expiresAt },
      now,
    );
    await store.close();
    process.stdout.write(
      `organization: ${created.organizationId}\ninboxes: ${created.inboxIds.join(', ')}\nmanager: ${values.manager} <${email.data}>\n` +
        `invitation code: ${code}\n(shown once, only its hash is stored; it works until ${new Date(expiresAt).toISOString()}:\n` +
        ' in the app, choose "I have an invitation code", enter it and choose a password)\n',
    );
    return [];
  }

  if (positionals[0] === 'create-organization') {
    if (!values.name || !values.user) throw new Error(`--name and --user are required.\n${USAGE}`);
    const inboxes = inboxesOf(values.name);
    const store = await BackendStore.open({ dataFile: config.dataFile, databaseUrl: config.databaseUrl, secretKey: config.secretKey });
    const created = await store.organizations.create({ name: values.name, inboxes, user: { name: values.user } }, Date.now());
    await store.close();
    process.stdout.write(
      `organization: ${created.organizationId}\ninboxes: ${created.inboxIds.join(', ')}\ntoken: ${created.token}\n` +
        '(the token is shown once; only its hash is stored)\n',
    );
    return [];
  }
  if (positionals.length > 0) throw new Error(`Unknown command ${positionals[0]}.\n${USAGE}`);

  const processes = Number(values.processes);
  if (!Number.isInteger(processes) || processes < 1 || processes > 64) throw new Error(`--processes ${values.processes} is not a number of processes from 1 to 64.`);
  if (processes > 1) {
    if (!config.databaseUrl) throw new Error('Several backend processes share one PostgreSQL database: set DATABASE_URL (a SQLite file is for one process).');
    const group = startProcessGroup(processes, logger);
    if (group) {
      process.stdout.write(`Aftersales Board backend: ${processes} processes\n  api:  http://${config.host}:${config.port}/v2\n`);
      return [group];
    }
  }
  const backend = await startConfiguredBackend(config, logger);
  logger.info({ url: backend.url, store: config.databaseUrl ? 'postgres' : config.dataFile, channelsFromEnvironment: config.bootstrapChannels.map((c) => c.channel.kind) }, 'backend listening');
  process.stdout.write(`Aftersales Board backend\n  data: ${config.databaseUrl ? `PostgreSQL (${new URL(config.databaseUrl).host}${new URL(config.databaseUrl).pathname})` : config.dataFile}\n  api:  ${backend.url}/v2\n`);
  return [backend];
}

runCommand(main);
