import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { WhatsAppSimulator } from '../../src/simulators/whatsapp-cloud-api-simulator';
import { freePort, WHATSAPP } from './backend';
import { ROOT } from './desktop';

export interface BackendProcess {
  url: string;
  port: number;
  child: ChildProcess;
  /** SIGKILL: the process dies where it stands, as in a crash. */
  kill(): Promise<void>;
  /** SIGTERM: a graceful stop. */
  stop(): Promise<number | null>;
}

export interface BackendProcessOptions {
  /** The data folder (jwt.key and secret.key, shared by processes on one machine). */
  dataDir: string;
  /** PostgreSQL; left out: the folder's SQLite file. */
  databaseUrl?: string;
  simulator: WhatsAppSimulator;
  organizationId: string;
  port?: number;
  env?: Record<string, string>;
}

/** `npm run backend` as its own process, as a dealer group runs several; resolves once it listens. */
export async function spawnBackend(options: BackendProcessOptions): Promise<BackendProcess> {
  const port = options.port ?? (await freePort());
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'src/backend/cli/backend.ts'), '--data', options.dataDir], {
    cwd: ROOT,
    env: {
      ...process.env,
      LOG_LEVEL: 'warn',
      AFTERSALES_BACKEND_PORT: String(port),
      ...(options.databaseUrl ? { DATABASE_URL: options.databaseUrl } : {}),
      WHATSAPP_BASE_URL: options.simulator.url,
      WHATSAPP_PHONE_NUMBER_ID: WHATSAPP.phoneNumberId,
      WHATSAPP_BUSINESS_ACCOUNT_ID: WHATSAPP.businessAccountId,
      WHATSAPP_ACCESS_TOKEN: WHATSAPP.accessToken,
      WHATSAPP_APP_SECRET: WHATSAPP.appSecret,
      WHATSAPP_VERIFY_TOKEN: WHATSAPP.verifyToken,
      WHATSAPP_ORGANIZATION_ID: options.organizationId,
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => chunk.toString().includes('api:') && resolve());
    child.once('exit', (code) => reject(new Error(`backend exited with ${code}`)));
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    child,
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}
