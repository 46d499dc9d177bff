import { rmSync } from 'node:fs';
import { z } from 'zod';
import { boardApi, type BoardApiHandlers, type BoardEvent, type MethodName } from '../api/board-api';
import { ApiFailure } from '../api/envelope';
import type { Start } from '../api/first-run';
import type { Clock } from '../ports/clock';
import type { Logger } from '../ports/logger';
import type { SecretStore } from '../ports/secret-store';
import { createDispatcher, type Dispatch } from './api-dispatcher';
import { storedEndpoint } from './backend-settings';
import { openCache } from './cache/cache-database';
import { InstallRepo } from './cache/install-repo';
import { SyncStateRepo } from './cache/sync-state-repo';
import { createDesktopCore, type CoreOptions, type DesktopCore } from './core';
import { fileAtStart, REMEMBERED_START_KEY, RememberedStartSchema, type WhenUndecided } from './first-run';
import type { OpenBrowser } from './auth/oidc-sign-in';
import type { Dealership } from './handlers/context';
import { demoFilePath } from './paths';
import type { ManagedBackend } from './relay/backend-link';
import { ORGANISATION_ID_KEY } from './relay/relay';
import { SAMPLE_ORGANISATION, SAMPLE_SOURCE } from './sample-data';
import { prefixedSecrets } from './secrets/prefixed-secrets';

/** The demo's backend, where the shell has one (the headless host's built-in backend with the WhatsApp simulator). */
export interface DemoBackend {
  backend: ManagedBackend;
  close(): Promise<void>;
}

export interface WorkstationOptions {
  /** This computer's own cache; the demo's is beside it (board-demo.sqlite). */
  dataFile: string;
  /** The bundled demo appointments. */
  sampleDir: string;
  /** This computer's OS account: whose preferences apply while nobody is signed in. */
  userId: string;
  dealership: Dealership;
  clock: Clock;
  logger: Logger;
  secrets?: SecretStore;
  /** The backend the environment names (AFTERSALES_BACKEND_URL): the install is joined, no first-run shows. */
  backend?: ManagedBackend;
  whenUndecided: WhenUndecided;
  /** Starts the demo's backend when the demo opens; none: the demo works standalone. */
  demoBackend?: () => Promise<DemoBackend>;
  sources?: CoreOptions['sources'];
  desktopName?: string;
  dayCheckMs?: number;
  /** Opens the system browser for a sign-in with the organisation's OpenID provider. */
  openBrowser?: OpenBrowser;
}

/** The desktop as a workstation runs it: the BoardApi of whichever board shows, its own or the demo's. */
export interface Workstation {
  dispatch: Dispatch;
  handlers: BoardApiHandlers;
  subscribe(listener: (event: BoardEvent) => void): () => void;
  /** The core that shows now. */
  current(): DesktopCore;
  start(): Start;
  close(): Promise<void>;
}

/**
 * A real install, with its first-run choice: this computer's own board (empty until it joins
 * the dealership's backend or is set up standalone), or the demo in a data file of its own, so
 * that made-up customers never mix with real ones, nor reach an organisation. The choice is
 * remembered in the real cache; entering the demo and leaving it swap the core behind the same
 * BoardApi, and every window is told (start.changed) to read everything again.
 */
export async function startWorkstation(options: WorkstationOptions): Promise<Workstation> {
  const listeners = new Set<(event: BoardEvent) => void>();
  const emit = (event: BoardEvent) => {
    for (const listener of listeners) listener(event);
  };
  const demoFile = demoFilePath(options.dataFile);
  let demoBackend: DemoBackend | null = null;
  let core: DesktopCore;
  let inDemo = false;
  let unsubscribe = () => {};
  let switching = false;

  const common = {
    userId: options.userId,
    clock: options.clock,
    logger: options.logger,
    sources: options.sources,
    desktopName: options.desktopName,
    dayCheckMs: options.dayCheckMs,
    openBrowser: options.openBrowser,
  };
  const show = (next: DesktopCore, demo: boolean) => {
    unsubscribe();
    core = next;
    inDemo = demo;
    unsubscribe = next.subscribe(emit);
  };
  const openReal = () =>
    createDesktopCore({ ...common, dataFile: options.dataFile, dealership: options.dealership, backend: options.backend, secrets: options.secrets });
  const openDemo = async () => {
    demoBackend = options.demoBackend ? await options.demoBackend() : null;
    return createDesktopCore({
      ...common,
      dataFile: demoFile,
      sampleDir: options.sampleDir,
      dealership: { ...options.dealership, organisationName: SAMPLE_ORGANISATION },
      backend: demoBackend?.backend,
      // The demo's sources keep their secrets apart, and it never sees the real board's backend token.
      secrets: options.secrets && prefixedSecrets(options.secrets, 'demo.'),
    });
  };
  const closeCurrent = async () => {
    core.close();
    await demoBackend?.close();
    demoBackend = null;
  };
  const start = (): Start => ({ ...core.start(), canLeaveDemo: inDemo });
  /** Another board now shows: every window drops what it showed and reads it all again. */
  const announce = () => {
    emit({ type: 'start.changed', start: start() });
    emit({ type: 'settings.changed' });
    emit({ type: 'sources.changed' });
    emit({ type: 'appointments.changed', ids: [] });
    emit({ type: 'connection.changed', connection: core.context.sync.connection() });
    // The other board has its own people (the demo's built-in backend has nobody to sign in).
    void Promise.resolve(core.handlers.getSession({})).then((session) => emit({ type: 'session.changed', session }));
  };
  const swap = async (to: 'real' | 'demo') => {
    if (switching) throw new ApiFailure('BUSY', 'The board is being switched already.');
    switching = true;
    try {
      const leaving = inDemo;
      await closeCurrent();
      if (leaving && !options.demoBackend) rmDemoFiles(demoFile);
      show(to === 'demo' ? await openDemo() : openReal(), to === 'demo');
      announce();
    } finally {
      switching = false;
    }
    return start();
  };

  const demoFirst = fileAtStart(realFacts(options), options.whenUndecided) === 'demo';
  show(demoFirst ? await openDemo() : openReal(), demoFirst);

  const delegated = Object.fromEntries(
    (Object.keys(boardApi) as MethodName[]).map((method) => [method, (input: unknown) => (core.handlers[method] as (input: unknown) => unknown)(input)]),
  ) as BoardApiHandlers;
  const handlers: BoardApiHandlers = {
    ...delegated,
    getStart: start,
    async chooseStart(choice) {
      if (choice.choice !== 'demo') {
        await core.handlers.chooseStart(choice);
        return start();
      }
      if (inDemo) return start();
      if (start().choice !== null) throw new ApiFailure('CHOSEN', 'This board was set up already: the demo is offered on a new install only.');
      core.context.syncState.set(REMEMBERED_START_KEY, 'demo');
      return swap('demo');
    },
    async leaveDemo() {
      if (!inDemo) throw new ApiFailure('NO_DEMO', 'This is not the demo.');
      const real = openCache(options.dataFile);
      try {
        new SyncStateRepo(real).set(REMEMBERED_START_KEY, null);
      } finally {
        real.close();
      }
      return swap('real');
    },
  };

  return {
    dispatch: createDispatcher(handlers, options.logger),
    handlers,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    current: () => core,
    start,
    async close() {
      unsubscribe();
      listeners.clear();
      await closeCurrent();
    },
  };
}

/** The real cache's facts, read before any core opens it (a core would start its sources). */
function realFacts(options: WorkstationOptions) {
  const db = openCache(options.dataFile);
  try {
    const syncState = new SyncStateRepo(db);
    return {
      joined:
        options.backend !== undefined ||
        (options.secrets !== undefined && storedEndpoint(options.secrets) !== null) ||
        syncState.get(ORGANISATION_ID_KEY, z.string()) !== undefined,
      remembered: syncState.get(REMEMBERED_START_KEY, RememberedStartSchema) ?? null,
      hasWork: new InstallRepo(db).hasAppointmentsBut(SAMPLE_SOURCE),
    };
  } finally {
    db.close();
  }
}

/** A standalone demo is kept by nobody else: the next one starts afresh, dated around its day. */
function rmDemoFiles(file: string): void {
  for (const part of [file, `${file}-wal`, `${file}-shm`]) rmSync(part, { force: true });
}
