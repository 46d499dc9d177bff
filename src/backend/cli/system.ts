import { parseArgs } from 'node:util';
import { systemClock } from '../../ports/clock';
import { startDemoSystem } from '../demo/demo-system';
import { backendConfig } from './config';
import { commandLogger, runCommand } from './run-command';

/**
 * `npm run system`: the backend wired to the WhatsApp Cloud API simulator, so the whole system
 * runs on one machine. Every start prints a fresh token for this session.
 */
async function main(): Promise<Array<{ close(): Promise<void> }>> {
  const { values } = parseArgs({ options: { data: { type: 'string' } } });
  const config = backendConfig(process.env, values.data);
  const system = await startDemoSystem({
    dataFile: config.dataFile,
    country: config.country,
    clock: systemClock,
    logger: commandLogger(),
    host: config.host,
    port: config.port,
    interruptedSendGraceMs: config.interruptedSendGraceMs,
  });
  const sim = system.simulator.url;
  process.stdout.write(
    [
      'Aftersales Board — backend with the WhatsApp simulator',
      `  data:      ${config.dataFile}`,
      `  api:       ${system.backend.url}/v2   (Authorization: Bearer ${system.token})`,
      `  whatsapp:  ${sim}   (simulated Cloud API)`,
      `  a customer replies: curl -X POST ${sim}/simulator/customers/31612345678/reply \\`,
      `                        -H 'content-type: application/json' -d '{"text":"Hallo"}'`,
      '',
    ].join('\n'),
  );
  return [system];
}

runCommand(main);
