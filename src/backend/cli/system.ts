import { parseArgs } from 'node:util';
import { systemClock } from '../../ports/clock';
import { describeDemoChannels, startDemoSystem } from '../demo/demo-system';
import { backendConfig } from './config';
import { commandLogger, runCommand } from './run-command';

/**
 * `npm run system`: the backend with the demo organisation's channels (the WhatsApp and SMS
 * simulators, or the real ones WHATSAPP_* / TWILIO_* name), so the whole system runs on one
 * machine. Every start prints a fresh token for this session, and the simulators' secrets.
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
    secretKey: config.secretKey,
    // WHATSAPP_* / TWILIO_* given: the demo organisation's channels are those real ones.
    channels: config.bootstrapChannels.map((c) => c.channel),
    providers: config.providers,
  });
  const sim = system.simulator?.url;
  process.stdout.write(
    [
      'Aftersales Board — the backend with the demo organisation’s channels',
      `  data:      ${config.dataFile}`,
      `  api:       ${system.backend.url}/v2   (Authorization: Bearer ${system.token})`,
      ...describeDemoChannels(system),
      ...(sim
        ? [
            `  a customer replies: curl -X POST ${sim}/simulator/customers/31612345678/reply \\`,
            `                        -H 'content-type: application/json' -d '{"text":"Hallo"}'`,
          ]
        : []),
      '',
    ].join('\n'),
  );
  return [system];
}

runCommand(main);
