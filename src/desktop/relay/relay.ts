import { cachedTemplates, replaceTemplates } from '../cache/templates-cache';
import type { Database } from 'better-sqlite3';
import { z } from 'zod';
import type { BoardEvent } from '../../api/board-api';
import type { Connection } from '../../api/conversation';
import type { WaTemplate } from '../../api/v2/template';
import type { Organization } from '../../api/v2/organization';
import type { Clock } from '../../ports/clock';
import type { Logger } from '../../ports/logger';
import type { Timers } from '../../ports/timers';
import { retryDelay, type Backoff } from '../../domain/retry-delay';
import type { AppointmentsRepo } from '../cache/appointments-repo';
import type { CardHistoryRepo } from '../cache/card-history-repo';
import type { ColleaguesRepo } from '../cache/colleagues-repo';
import type { ContactsRepo } from '../cache/contacts-repo';
import type { ConversationsRepo } from '../cache/conversations-repo';
import type { ImportLogRepo } from '../cache/import-log-repo';
import type { InboxesRepo } from '../cache/inboxes-repo';
import type { OutboxJob, OutboxRepo } from '../cache/outbox-repo';
import type { RemoteAppointmentsRepo } from '../cache/remote-appointments-repo';
import type { SyncStateRepo } from '../cache/sync-state-repo';
import type { SharedSourceStatusRepo } from '../cache/shared-source-status-repo';
import { BackendAuthRefused, BackendClient, unlessForbidden, type BackendEndpoint } from './backend-client';
import type { Colleague } from '../../api/people';
import type { Refusal } from '../../api/appointment';
import { EventApplier, type SourceSignal } from './event-applier';
import { EventStream } from './event-stream';
import { PAYLOADS, refusalOf, removedAuthorRefusal, sendJob, settleRefusal } from './outbox-commands';
import { OutboxDrainer } from './outbox-drainer';

export const ORGANISATION_KEY = 'organisationName';
export const ORGANISATION_ID_KEY = 'organisationId';
/** As the event stream reconnects: a backend that restarts is joined again within seconds. */
const JOIN_RETRY: Backoff = { baseMs: 250, maxMs: 10_000 };

/** The backend serves another organisation than the one this cache was filled from. */
class OtherOrganisation extends Error {}

export interface RelayStores {
  db: Database;
  importLog: ImportLogRepo;
  appointments: AppointmentsRepo;
  remoteAppointments: RemoteAppointmentsRepo;
  contacts: ContactsRepo;
  conversations: ConversationsRepo;
  inboxes: InboxesRepo;
  outbox: OutboxRepo;
  syncState: SyncStateRepo;
  sharedSources: SharedSourceStatusRepo;
  colleagues: ColleaguesRepo;
  cardHistory: CardHistoryRepo;
}

/** Who the relay's requests go as (auth/people-session): the stored token, or the author of a change. */
export interface RelayPeople {
  /** The Bearer for a change by `author` (null: the stored token). */
  tokenFor(author: string | null): Promise<string>;
  /** Authors whose changes can be sent now. */
  held(): string[];
  /** Names of the people whose changes wait for them to sign in again. */
  waitingFor(): string[];
  /** Who the stored token is (GET /v2/auth/me); a 401 is thrown. */
  identify(client: BackendClient): Promise<void>;
  /** A person's token was refused: true when their session ended here. */
  sessionRefused(author: string, error: BackendAuthRefused): Promise<boolean>;
  storedTokenRefused(): void;
  /** The backend is back: what waited for it may go. */
  backOnline(): void;
  /** A change was taken: sessions of people who signed out may end now. */
  settleEndings(): Promise<void>;
  /** The backend ended these sessions (a manager revoked them): whoever holds one is signed out. */
  sessionsEnded(ids: string[]): void;
  /** A manager renamed people or changed their role: those signed in here are shown as they are now. */
  peopleChanged(people: Colleague[]): void;
}

export interface RelayOptions {
  endpoint: BackendEndpoint;
  people: RelayPeople;
  stores: RelayStores;
  zone: string;
  clock: Clock;
  /** The waits: retries, reconnects, the stream's heartbeat. */
  timers: Timers;
  logger: Logger;
  emit(event: BoardEvent): void;
  /** For the sources this desktop pulls (after the batch that said so is stored). */
  sourceSignal?(signal: SourceSignal): void;
  /**
   * The first time this cache meets an organisation (its inboxes just stored): what it holds of
   * its own is queued for it, in the same transaction that records the organisation.
   */
  firstJoin?(organisation: Organization): void;
}

/**
 * The desktop's link to the organisation's backend: follows the event stream into the cache,
 * drains the outbox, keeps the organisation's inboxes and templates, and knows whether the
 * backend can be reached — the offline banner's "since" and "changes waiting".
 */
export class Relay {
  private readonly client: BackendClient;
  private readonly stream: EventStream;
  private readonly applier: EventApplier;
  private readonly drainer: OutboxDrainer;
  private online = false;
  private offlineSince: number | null = null;
  private lastError: string | null = null;
  /** The backend was read and is this cache's organisation: events and changes may flow. */
  private joined = false;
  private stopped = false;
  private joinFailures = 0;
  private cancelJoin: (() => void) | null = null;
  /** The organisation was read for this connection already (by join): the stream's first open need not. */
  private organisationRead = false;
  /** The backend refused the stored token: why, until a new one is saved (a new relay). */
  private refusal: string | null = null;
  private readonly authorClients = new Map<string, BackendClient>();

  constructor(private readonly options: RelayOptions) {
    const { stores, clock, logger, timers } = options;
    this.client = new BackendClient(options.endpoint);
    this.applier = new EventApplier(stores, options.zone, () => clock.now(), logger);
    this.stream = new EventStream(
      options.endpoint,
      {
        since: () => this.applier.cursor(),
        onEvents: (events) => this.applyEvents(events),
        onOpen: () => this.opened(),
        onClose: (reason) => this.closed(reason),
        onRefused: (reason) => this.refuse(reason),
      },
      logger,
      timers,
    );
    this.drainer = new OutboxDrainer({
      db: stores.db,
      outbox: stores.outbox,
      logger,
      timers,
      send: (job) => sendJob(job, this.clientOf(job.author), { ...stores, zone: options.zone }, clock.now()),
      refused: (job, error) => settleRefusal(job, this.refusalFor(job, error), { ...stores, zone: options.zone }, clock.now()),
      progress: (result) => {
        if (result.ok) {
          this.settled(result.job);
          if (result.job.author !== null) void options.people.settleEndings();
        } else this.lastError = result.error;
        this.emitConnection();
      },
      held: () => options.people.held(),
      authRefused: async (job, error) => {
        if (job.author === null || error.refused(options.endpoint.token)) {
          this.refuse(error.message);
          return 'stop';
        }
        const ended = await options.people.sessionRefused(job.author, error);
        // Removed while this change was on its way: no session of theirs will send it.
        if (stores.colleagues.isRemoved(job.author)) return 'refused';
        return ended ? 'ended' : 'renewed';
      },
    });
  }

  /** Why a job was not taken, as its card or message says: its author's removal, or the backend's words. */
  private refusalFor(job: OutboxJob, error: unknown): Refusal {
    if (job.author !== null && this.options.stores.colleagues.isRemoved(job.author)) {
      return removedAuthorRefusal(this.options.stores.colleagues.nameOf(job.author) ?? job.author);
    }
    return refusalOf(error);
  }

  /**
   * The changes waiting here of people the organisation removed are settled as refused, with
   * that reason on their card or message: their sessions ended with the removal, and a card's
   * later changes (anyone's) wait behind its earlier ones. The job being sent now is left to its answer.
   */
  private refuseRemovedAuthors(): void {
    const { stores, clock, zone } = this.options;
    const jobs = stores.outbox.byRemovedAuthors(this.drainer.sending());
    if (jobs.length === 0) return;
    stores.db.transaction(() => {
      for (const job of jobs) {
        settleRefusal(job, this.refusalFor(job, null), { ...stores, zone }, clock.now());
        stores.outbox.done(job.key);
      }
    })();
    this.options.logger.warn({ jobs: jobs.length }, 'changes of people removed from the organisation were not sent');
    for (const job of jobs) this.settled(job);
    void this.options.people.settleEndings();
    this.wake();
  }

  /** A change goes with its author's session; the desktop's own with the stored token. */
  private clientOf(author: string | null): BackendClient {
    if (author === null) return this.client;
    let client = this.authorClients.get(author);
    if (!client) {
      client = new BackendClient({ url: this.options.endpoint.url, token: () => this.options.people.tokenFor(author) });
      this.authorClients.set(author, client);
    }
    return client;
  }

  /**
   * The backend refused the stored token (a device revoked, a personal token ended): trying
   * again changes nothing, so nothing flows until a new token is saved, and the banner says why.
   */
  refuse(reason: string): void {
    if (this.refusal !== null) return;
    this.refusal = `The backend refused this desktop’s token (${reason}): a new one must be saved in Settings.`;
    this.stop();
    this.closed(this.refusal);
    this.options.people.storedTokenRefused();
  }

  start(): void {
    void this.join();
  }

  stop(): void {
    this.stopped = true;
    this.cancelJoin?.();
    this.stream.stop();
    this.drainer.stop();
  }

  /** A change was written to the outbox: send it now. */
  wake(): void {
    this.emitConnection();
    if (this.joined && this.refusal === null) this.drainer.wake();
  }

  /**
   * Reads the organisation before anything else flows: a cache filled from one organisation
   * must never take another's events or send it its changes (a desktop pointed at another
   * backend, or a backend set up anew).
   */
  private async join(): Promise<void> {
    try {
      await this.options.people.identify(this.client);
      await this.refreshOrganisation();
    } catch (error) {
      if (this.stopped) return;
      if (error instanceof BackendAuthRefused) return this.refuse(error.message);
      if (error instanceof OtherOrganisation) return this.otherOrganisation(error);
      this.closed(error instanceof Error ? error.message : String(error));
      this.cancelJoin = this.options.timers.after(retryDelay(++this.joinFailures, JOIN_RETRY), () => void this.join());
      return;
    }
    if (this.stopped) return;
    this.joined = true;
    this.organisationRead = true;
    // Someone removed before this start (an event applied then, or the list of people just read): their waiting changes go no further.
    this.refuseRemovedAuthors();
    this.stream.start();
    this.drainer.wake();
  }

  connection(): Connection {
    return {
      mode: 'connected',
      online: this.online,
      offlineSince: this.offlineSince,
      pending: this.options.stores.outbox.count(),
      waitingFor: this.options.people.waitingFor(),
      lastError: this.online ? null : (this.refusal ?? this.lastError),
    };
  }

  templates(): WaTemplate[] {
    return cachedTemplates(this.options.stores.syncState);
  }

  private applyEvents(events: Parameters<EventApplier['apply']>[0]): boolean {
    const batch = this.applier.apply(events);
    const { emit } = this.options;
    if (batch.appointmentIds.size > 0) emit({ type: 'appointments.changed', ids: [...batch.appointmentIds] });
    if (batch.contactIds.size > 0) emit({ type: 'conversation.changed', contactIds: [...batch.contactIds] });
    for (const received of batch.received) emit(received);
    for (const signal of batch.sourceSignals) this.options.sourceSignal?.(signal);
    if (batch.endedSessions.length > 0) this.options.people.sessionsEnded(batch.endedSessions);
    if (batch.changedPeople.length > 0) this.options.people.peopleChanged(batch.changedPeople);
    if (batch.peopleRemoved) this.refuseRemovedAuthors();
    if (batch.sourcesChanged) emit({ type: 'sources.changed' });
    if (batch.settingsChanged) emit({ type: 'settings.changed' });
    if (batch.newInbox) void this.refreshOrganisation().catch((error: unknown) => this.refreshFailed(error));
    return !batch.gap;
  }

  private opened(): void {
    this.online = true;
    this.offlineSince = null;
    this.lastError = null;
    this.emitConnection();
    this.drainer.wake();
    this.options.people.backOnline();
    // After a reconnect the name, inboxes or templates may have changed meanwhile (and who the token is).
    if (this.organisationRead) this.organisationRead = false;
    else {
      void this.options.people
        .identify(this.client)
        .then(() => this.refreshOrganisation())
        .catch((error: unknown) => this.refreshFailed(error));
    }
  }

  /** A refresh while connected: the cached organisation stays unless the backend serves another. */
  private refreshFailed(error: unknown): void {
    if (error instanceof BackendAuthRefused) this.refuse(error.message);
    else if (error instanceof OtherOrganisation) this.otherOrganisation(error);
    else this.options.logger.warn({ err: error }, 'could not read the organisation from the backend; the cached one stays');
  }

  /** Nothing flows any more, and the banner says why. */
  private otherOrganisation(error: OtherOrganisation): void {
    this.stream.stop();
    this.drainer.stop();
    this.closed(error.message);
    this.options.logger.error({}, error.message);
  }

  private closed(reason: string): void {
    const wasOnline = this.online;
    this.online = false;
    this.offlineSince ??= this.options.clock.now();
    this.lastError = reason;
    if (wasOnline) this.options.logger.warn({ reason }, 'lost the connection to the backend');
    this.emitConnection();
  }

  /** The organisation's name, inboxes and templates, kept for the days the backend is away. */
  private async refreshOrganisation(): Promise<void> {
    const { stores, emit, endpoint } = this.options;
    const [organisation, templates, colleagues] = await Promise.all([this.client.organization(), unlessForbidden(this.client.templates()), this.colleagues()]);
    const known = stores.syncState.get(ORGANISATION_ID_KEY, z.string());
    if (known && known !== organisation.id) {
      throw new OtherOrganisation(
        `The backend at ${endpoint.url} serves another organisation than this desktop's cache: start it with a new data file (AFTERSALES_DATA_FILE).`,
      );
    }
    const renamed = stores.db.transaction(() => {
      for (const inbox of organisation.inboxes) stores.inboxes.saveFromBackend(inbox);
      if (!known) this.options.firstJoin?.(organisation);
      stores.syncState.set(ORGANISATION_ID_KEY, organisation.id);
      stores.syncState.set(ORGANISATION_KEY, organisation.name);
      replaceTemplates(stores.syncState, templates ?? []);
      return colleagues ? stores.colleagues.replaceAll(colleagues) : [];
    })();
    emit({ type: 'settings.changed' });
    if (renamed.length > 0) emit({ type: 'appointments.changed', ids: renamed });
  }

  /**
   * The organisation's people, every page: the advisors' names on cards and the advisor picker.
   * Null for a wall screen, which may not know them (403); the names then stay as events bring them.
   */
  private async colleagues(): Promise<Colleague[] | null> {
    return unlessForbidden(
      (async () => {
        const list: Colleague[] = [];
        let after: string | undefined;
        do {
          const page = await this.client.listUsers(after);
          for (const user of page.data) list.push({ id: user._id, name: user.name, role: user.role });
          after = page.next ?? undefined;
        } while (after !== undefined);
        return list;
      })(),
    );
  }

  /** A message's answer (or refusal), or a card's change sent or refused, is news for the open windows. */
  private settled(job: OutboxJob): void {
    const { stores, emit } = this.options;
    if (job.kind === 'message') {
      const contactId = stores.appointments.get(PAYLOADS.message.parse(job.payload).appointmentId)?.contact?.id;
      if (contactId) emit({ type: 'conversation.changed', contactIds: [contactId] });
    } else if (job.kind === 'board') {
      // Refused: the card says "Not saved". Sent: its history no longer shows it waiting.
      emit({ type: 'appointments.changed', ids: [PAYLOADS.board.parse(job.payload).appointmentId] });
    } else if (job.kind === 'appointments') {
      // Refused as a whole, or row by row in the answer (some cards now say "Not saved").
      emit({ type: 'appointments.changed', ids: PAYLOADS.appointments.parse(job.payload).appointmentIds });
    }
  }

  private emitConnection(): void {
    this.options.emit({ type: 'connection.changed', connection: this.connection() });
  }
}

