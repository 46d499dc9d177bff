import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { z } from 'zod';
import type { BoardApiHandlers, BoardEvent } from '../api/board-api';
import { createDispatcher, type Dispatch } from './api-dispatcher';
import { AppointmentsRepo } from './cache/appointments-repo';
import { CardHistoryRepo } from './cache/card-history-repo';
import { ColleaguesRepo } from './cache/colleagues-repo';
import { ContactsRepo } from './cache/contacts-repo';
import { openCache } from './cache/cache-database';
import { ImportLogRepo } from './cache/import-log-repo';
import { InboxesRepo } from './cache/inboxes-repo';
import { PreferencesRepo } from './cache/preferences-repo';
import { appointmentHandlers } from './handlers/appointment-handlers';
import { boardHandlers, today } from './handlers/board-handlers';
import type { CoreContext, Dealership } from './handlers/context';
import { importHandlers } from './handlers/import-handlers';
import { settingsHandlers, storeUserSettings } from './handlers/settings-handlers';
import { templateHandlers } from './handlers/template-handlers';
import { peopleHandlers } from './handlers/people-handlers';
import { reminderHandlers } from './handlers/reminder-handlers';
import { setupHandlers } from './handlers/setup-handlers';
import { wallHandlers } from './handlers/wall-handlers';
import type { OpenBrowser } from './auth/oidc-sign-in';
import { PeopleSession } from './auth/people-session';
import { guardedByDesk } from './auth/desk-access';
import { DesktopPeopleRepo } from './cache/desktop-people-repo';
import type { Clock } from '../ports/clock';
import type { Logger } from '../ports/logger';
import type { Timers } from '../ports/timers';
import { systemTimers } from '../node/system-timers';
import { removeDemo, SAMPLE_SOURCE, seedSampleData } from './sample-data';
import { ApiFailure } from '../api/envelope';
import type { Start } from '../api/first-run';
import { InstallRepo } from './cache/install-repo';
import { REMEMBERED_START_KEY, RememberedStartSchema, startChoiceOf } from './first-run';
import { ORGANISATION_ID_KEY } from './relay/relay';
import { adoptStandaloneWork, checkJoin, exportStandaloneWork, standaloneWork } from './standalone-work';
import { ConversationsRepo } from './cache/conversations-repo';
import { OutboxRepo } from './cache/outbox-repo';
import { RemoteAppointmentsRepo } from './cache/remote-appointments-repo';
import { SyncStateRepo } from './cache/sync-state-repo';
import { conversationHandlers } from './handlers/conversation-handlers';
import { cardPeopleHandlers } from './handlers/card-people-handlers';
import type { SecretStore } from '../ports/secret-store';
import { BackendLink, type ManagedBackend } from './relay/backend-link';
import { SharedSourceStatusRepo } from './cache/shared-source-status-repo';
import { SourcesRepo } from './cache/sources-repo';
import { sourceHandlers } from './handlers/source-handlers';
import { SourceScheduler, type SchedulerOptions } from './sync/source-scheduler';
import { transactionOf } from '../sqlite/transaction';

export interface CoreOptions {
  dataFile: string;
  /** This computer's OS account: whose preferences apply standalone, or while nobody is signed in. */
  userId: string;
  dealership: Dealership;
  clock: Clock;
  /** The waits of the relay and the sources (retries, reconnects, ticks); tests pass timers they move by hand. */
  timers?: Timers;
  logger: Logger;
  /**
   * Folder of the bundled demo appointments: this cache is the demo's, filled with them when
   * empty, and never joins an organisation. None: a real board, which starts empty.
   */
  sampleDir?: string;
  /** How often to look whether the local day has turned; the board then moves on by itself. */
  dayCheckMs?: number;
  /** A backend set outside Settings (the environment, the built-in demo). */
  backend?: ManagedBackend;
  /** Where Settings keep the backend chosen there and the sources' secrets; none: neither can be set. */
  secrets?: SecretStore;
  /** How sources are scheduled and retried; tests make the waits short. */
  sources?: Omit<SchedulerOptions, 'ctx' | 'secrets' | 'logger' | 'timers' | 'desktopName'>;
  /** How colleagues know this computer (which desktop pulls a source); default: its host name. */
  desktopName?: string;
  /** Opens the system browser (a sign-in with the organisation's OpenID provider); none: that sign-in is not offered here. */
  openBrowser?: OpenBrowser;
}

export interface DesktopCore {
  dispatch: Dispatch;
  handlers: BoardApiHandlers;
  subscribe(listener: (event: BoardEvent) => void): () => void;
  close(): void;
  context: CoreContext;
  /** What this board was set up as (null: the first-run screen). */
  start(): Start;
}

/** Composes the desktop core: cache, handlers and the event fan-out to every window. */
export function createDesktopCore(options: CoreOptions): DesktopCore {
  const db = openCache(options.dataFile);
  const demo = options.sampleDir !== undefined;
  const install = new InstallRepo(db);
  const desktopName = options.desktopName ?? hostname();
  const timers = options.timers ?? systemTimers;
  const listeners = new Set<(event: BoardEvent) => void>();
  const emit = (event: BoardEvent) => {
    for (const listener of listeners) listener(event);
  };
  const repos = {
    importLog: new ImportLogRepo(db),
    appointments: new AppointmentsRepo(db),
    remoteAppointments: new RemoteAppointmentsRepo(db),
    contacts: new ContactsRepo(db),
    conversations: new ConversationsRepo(db),
    inboxes: new InboxesRepo(db),
    outbox: new OutboxRepo(db),
    syncState: new SyncStateRepo(db),
    sources: new SourcesRepo(db),
    sharedSources: new SharedSourceStatusRepo(db),
    colleagues: new ColleaguesRepo(db),
    cardHistory: new CardHistoryRepo(db),
  };
  const people = new PeopleSession({
    people: new DesktopPeopleRepo(db),
    outbox: repos.outbox,
    syncState: repos.syncState,
    secrets: options.secrets ?? null,
    timers,
    clock: options.clock,
    logger: options.logger,
    emit,
    osUser: options.userId,
    // The handlers' context and the link are made below; a person signs in only after both.
    settingsArrived: (userId, settings) => storeUserSettings(ctx, userId, settings, people.person(userId)?.inboxes ?? []),
    storedTokenRefused: () => link.refuseStoredToken('a request of the person signed in was refused'),
    heldChanged: () => link.wake(),
  });
  const link = new BackendLink({
    stores: { db, ...repos },
    people,
    zone: options.dealership.zone,
    clock: options.clock,
    timers,
    logger: options.logger,
    emit,
    managed: options.backend ?? null,
    secrets: options.secrets ?? null,
    desktopName,
    demo,
    // The scheduler is made below, with the context that needs this link.
    sourceSignal: (signal) => void scheduler.signal(signal),
    // The handlers' context is made below, with this link in it.
    standaloneWork: demo
      ? undefined
      : { check: (organisation) => checkJoin(ctx, install, organisation), adopt: (organisation) => adoptStandaloneWork(ctx, install, organisation) },
  });
  const ctx: CoreContext = {
    ...repos,
    transaction: transactionOf(db),
    sync: link,
    preferences: new PreferencesRepo(db),
    clock: options.clock,
    dealership: options.dealership,
    people,
    dataFile: options.dataFile,
    emit,
  };
  const joined = () => link.connected || ctx.syncState.get(ORGANISATION_ID_KEY, z.string()) !== undefined;
  // The demo fills its own cache, or the built-in backend through it; never an organisation's.
  if (options.sampleDir && (!link.connected || options.backend?.managedBy === 'built-in')) seedSampleData(ctx, install, options.sampleDir);
  if (!demo && !joined()) removeDemo(install);
  const start = (): Start => ({
    choice: startChoiceOf({
      demo,
      joined: joined(),
      remembered: ctx.syncState.get(REMEMBERED_START_KEY, RememberedStartSchema) ?? null,
      hasWork: install.hasAppointmentsBut(SAMPLE_SOURCE),
    }),
    canLeaveDemo: false,
  });
  const scheduler = new SourceScheduler({ ...options.sources, ctx, secrets: options.secrets ?? null, logger: options.logger, timers, desktopName });
  link.start();
  scheduler.start();

  const handlers: BoardApiHandlers = guardedByDesk({
    ...settingsHandlers(ctx),
    ...boardHandlers(ctx),
    ...wallHandlers(ctx),
    ...appointmentHandlers(ctx),
    ...importHandlers(ctx),
    ...conversationHandlers(ctx),
    ...cardPeopleHandlers(ctx),
    ...peopleHandlers(ctx, { session: people, openBrowser: options.openBrowser ?? null, timers }),
    ...setupHandlers(people),
    ...reminderHandlers(people),
    ...templateHandlers(ctx, people),
    ...sourceHandlers(ctx, scheduler, options.secrets ?? null),
    getConnectionSettings: () => link.settings(),
    testConnection: (credentials) => link.test(credentials),
    saveConnection: async (credentials) => {
      const saved = await link.save(credentials);
      emit({ type: 'start.changed', start: start() });
      return saved;
    },
    getStart: start,
    chooseStart(choice) {
      if (choice.choice === 'demo') throw new ApiFailure('NO_DEMO', 'The demo cannot be opened from this board.');
      if (start().choice !== null) throw new ApiFailure('CHOSEN', 'This board was set up already.');
      ctx.transaction(() => {
        if (ctx.inboxes.all().length === 0) {
          ctx.inboxes.upsert({ id: randomUUID(), name: choice.inboxNames.dealership, kind: 'dealership' });
          ctx.inboxes.upsert({ id: randomUUID(), name: choice.inboxNames.workshop, kind: 'workshop' });
        }
        ctx.syncState.set(REMEMBERED_START_KEY, 'standalone');
      });
      emit({ type: 'settings.changed' });
      emit({ type: 'start.changed', start: start() });
      return start();
    },
    leaveDemo() {
      throw new ApiFailure('NO_DEMO', demo ? 'This demo was started on its own: there is no other board to return to.' : 'This is not the demo.');
    },
    getStandaloneWork: () => standaloneWork(ctx, install),
    exportStandaloneWork: () => exportStandaloneWork(ctx, install),
  }, people);

  const dayOf = () => today(ctx);
  let day = dayOf();
  const dayTimer = setInterval(() => {
    const now = dayOf();
    if (now !== day) {
      day = now;
      emit({ type: 'board.dayChanged', day });
    }
  }, options.dayCheckMs ?? 30_000);
  dayTimer.unref();

  return {
    dispatch: createDispatcher(handlers, options.logger),
    handlers,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close() {
      void scheduler.stop();
      link.stop();
      people.close();
      clearInterval(dayTimer);
      listeners.clear();
      db.close();
    },
    context: ctx,
    start,
  };
}
