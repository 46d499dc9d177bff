import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pino from 'pino';
import { startDemoSystem, type DemoSystem } from '../../backend/demo/demo-system';
import { systemClock } from '../../ports/clock';
import { localDateAt } from '../../domain/zoned-time';
import { backendEndpointFrom, storedEndpoint } from '../backend-settings';
import type { ManagedBackend } from '../relay/backend-link';
import { startHeadlessHost } from '../host/headless-host';
import { dataFilePath, userDataFolder } from '../paths';
import { FileSecretStore } from '../secrets/file-secret-store';
import { createWorkstationCore, dealershipFromEnv } from './configuration';

/**
 * `npm run serve`: the desktop core in the headless host, for a browser on this PC. With
 * AFTERSALES_BACKEND_URL it joins the organisation's backend; without, it starts the built-in
 * backend (with the WhatsApp simulator) beside its cache and fills both with the demo.
 */
async function main(): Promise<void> {
  const logger = pino({ level: process.env.LOG_LEVEL ?? 'info' }, pino.destination(2));
  const dataFile = dataFilePath(userDataFolder());
  const folder = dirname(dataFile);
  const secrets = new FileSecretStore(folder);
  const fromEnvironment = backendEndpointFrom(process.env, secrets);
  let backend: ManagedBackend | undefined = fromEnvironment ? { endpoint: fromEnvironment, managedBy: 'environment' } : undefined;
  let demo: DemoSystem | null = null;
  if (!backend && !storedEndpoint(secrets)) {
    demo = await startDemoSystem({
      dataFile: join(folder, 'backend', 'backend.sqlite'),
      country: dealershipFromEnv().country,
      clock: systemClock,
      logger,
    });
    backend = { endpoint: { url: demo.backend.url, token: demo.token }, managedBy: 'built-in' };
  }
  const core = createWorkstationCore({
    dataFile,
    logger,
    sampleDir: demo ? fileURLToPath(new URL('../../../resources/sample', import.meta.url)) : undefined,
    backend,
    secrets,
  });
  const host = await startHeadlessHost({
    core,
    logger,
    rendererDir: fileURLToPath(new URL('../../../dist/renderer', import.meta.url)),
    port: Number(process.env.AFTERSALES_PORT ?? 0),
  });
  const backendUrl = backend?.endpoint.url ?? storedEndpoint(secrets)?.url;
  const lines = ['Aftersales Board', `  data:    ${dataFile}`, `  backend: ${backendUrl}${demo ? ' (built in, with the WhatsApp simulator)' : ''}`];
  // The demo customer to answer: the first of today's appointments that has a phone.
  const customer = core.context.db
    .prepare<[string], string>(
      `SELECT c.phone FROM appointments a JOIN contacts c ON c.id = a.contact_id
       WHERE a.local_date = ? AND c.phone IS NOT NULL ORDER BY a.starts_at LIMIT 1`,
    )
    .pluck()
    .get(localDateAt(Date.now(), dealershipFromEnv().zone));
  if (demo && customer) {
    lines.push(
      `  a customer replies: curl -X POST ${demo.simulator.url}/simulator/customers/${customer.slice(1)}/reply \\`,
      `                        -H 'content-type: application/json' -d '{"text":"Hallo"}'`,
    );
  }
  lines.push(`  open:    ${host.url}`, '');
  process.stdout.write(lines.join('\n'));
  const stop = async () => {
    await host.close();
    core.close();
    await demo?.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`Aftersales Board could not start: ${(error as Error).message}\n`);
  process.exit(1);
});
