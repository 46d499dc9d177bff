import { fileURLToPath } from 'node:url';
import pino from 'pino';
import { startHeadlessHost } from '../host/headless-host';
import { dataFilePath, userDataFolder } from '../paths';
import { createWorkstationCore } from './configuration';

/** `npm run serve`: the desktop core in the headless host, for a browser on this PC. */
async function main(): Promise<void> {
  const logger = pino({ level: process.env.LOG_LEVEL ?? 'info' }, pino.destination(2));
  const dataFile = dataFilePath(userDataFolder());
  const core = createWorkstationCore({
    dataFile,
    logger,
    sampleDir: fileURLToPath(new URL('../../../resources/sample', import.meta.url)),
  });
  const host = await startHeadlessHost({
    core,
    logger,
    rendererDir: fileURLToPath(new URL('../../../dist/renderer', import.meta.url)),
    port: Number(process.env.AFTERSALES_PORT ?? 0),
  });
  process.stdout.write(`Aftersales Board\n  data: ${dataFile}\n  open: ${host.url}\n`);
  const stop = async () => {
    await host.close();
    core.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`Aftersales Board could not start: ${(error as Error).message}\n`);
  process.exit(1);
});
