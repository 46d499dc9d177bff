import pino from 'pino';
import { systemClock } from '../../ports/clock';
import type { Logger } from '../../ports/logger';
import { startBackend, type RunningBackend } from '../backend';
import type { BackendConfig } from './config';

/** The backend as a command starts it: settings from the configuration, logs to stderr. */
export function commandLogger(): Logger {
  return pino({ level: process.env.LOG_LEVEL ?? 'info' }, pino.destination(2));
}

export function startConfiguredBackend(
  config: BackendConfig,
  logger: Logger,
): Promise<RunningBackend> {
  return startBackend({
    dataFile: config.dataFile,
    databaseUrl: config.databaseUrl,
    postgres: { poolSize: config.poolSize },
    metricsToken: config.metricsToken,
    clock: systemClock,
    logger,
    country: config.country,
    host: config.host,
    port: config.port,
    sendWorker: { interruptedGraceMs: config.interruptedSendGraceMs, sendTimeoutMs: config.sendTimeoutMs },
    jwtSecret: config.jwtSecret,
    webhooks: { policy: config.webhookTargets },
    secretKey: config.secretKey,
    providers: config.providers,
    bootstrapChannels: config.bootstrapChannels.map(({ organizationId, channel }) => {
      const variable = channel.kind === 'whatsapp' ? 'WHATSAPP_ORGANIZATION_ID' : 'TWILIO_ORGANIZATION_ID';
      if (organizationId === null) throw new Error(`${variable} is required: the organisation whose ${channel.kind === 'whatsapp' ? 'WhatsApp number' : 'SMS sender'} the environment names.`);
      return { organizationId, channel };
    }),
  });
}

/** Runs a command; on SIGINT or SIGTERM closes what it started; on error prints the reason. */
export function runCommand(main: () => Promise<Array<{ close(): Promise<void> }>>): void {
  main()
    .then((running) => {
      let stopping = false;
      // Ctrl-C reaches a worker of a process group twice (SIGINT from the terminal, SIGTERM from the group): it stops once.
      const stop = async () => {
        if (stopping) return;
        stopping = true;
        for (const part of running) await part.close();
        process.exit(0);
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    })
    .catch((error: unknown) => {
      process.stderr.write(`${(error as Error).message}\n`);
      process.exit(1);
    });
}
