import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createDesktopCore, type CoreOptions, type DesktopCore } from '../../src/desktop/core';
import { startHeadlessHost, type RunningHost } from '../../src/desktop/host/headless-host';
import type { Dealership } from '../../src/desktop/handlers/context';
import type { Clock } from '../../src/ports/clock';
import type { Timers } from '../../src/ports/timers';
import type { Logger } from '../../src/ports/logger';
import type { BackendEndpoint } from '../../src/desktop/relay/backend-client';
import type { SecretStore } from '../../src/ports/secret-store';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const SAMPLE_DIR = join(ROOT, 'resources/sample');
export const RENDERER_DIR = join(ROOT, 'dist/renderer');
export const FIXTURES = join(ROOT, 'tests/fixtures');

export const DEALERSHIP: Dealership = {
  organisationName: 'Autobedrijf Test',
  zone: 'Europe/Amsterdam',
  country: 'NL',
  defaultTime: '08:00',
};

export const silentLogger: Logger = { info() {}, warn() {}, error() {} };

export function tempDataFile(): string {
  return join(mkdtempSync(join(tmpdir(), 'aftersales-')), 'board.sqlite');
}

/** A clock a test can set and move. */
export function manualClock(start: number): Clock & { set(ms: number): void; advance(ms: number): void } {
  let now = start;
  return {
    now: () => now,
    set: (ms) => void (now = ms),
    advance: (ms) => void (now += ms),
  };
}

export interface CoreSetup {
  dataFile?: string;
  clock?: Clock;
  /** Timers the test moves (tests/support/time.ts); by default the process's own. */
  timers?: Timers;
  sample?: boolean;
  userId?: string;
  backend?: BackendEndpoint;
  secrets?: SecretStore;
  sources?: CoreOptions['sources'];
  desktopName?: string;
}

export function startCore(setup: CoreSetup = {}): DesktopCore {
  return createDesktopCore({
    dataFile: setup.dataFile ?? tempDataFile(),
    userId: setup.userId ?? 'advisor',
    dealership: DEALERSHIP,
    clock: setup.clock ?? { now: () => Date.now() },
    timers: setup.timers,
    logger: silentLogger,
    sampleDir: setup.sample === false ? undefined : SAMPLE_DIR,
    backend: setup.backend && { endpoint: setup.backend, managedBy: 'environment' },
    secrets: setup.secrets,
    sources: setup.sources,
    desktopName: setup.desktopName,
  });
}

/** The desktop core in the headless host, as `npm run serve` starts it. */
export async function startDesktop(setup: CoreSetup = {}): Promise<{ core: DesktopCore; host: RunningHost; stop(): Promise<void> }> {
  const core = startCore(setup);
  const host = await startHeadlessHost({ core, rendererDir: RENDERER_DIR, logger: silentLogger });
  return {
    core,
    host,
    async stop() {
      await host.close();
      core.close();
    },
  };
}
