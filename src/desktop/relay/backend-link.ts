import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { localTimeAt } from '../../domain/zoned-time';
import type { BoardEvent } from '../../api/board-api';
import type { BackendCredentials, ConnectionSettings } from '../../api/connection-settings';
import type { Connection } from '../../api/conversation';
import { ApiFailure } from '../../api/envelope';
import type { WaTemplate } from '../../api/v2/template';
import type { Organization } from '../../api/v2/organization';
import type { Clock } from '../../ports/clock';
import type { Logger } from '../../ports/logger';
import type { Timers } from '../../ports/timers';
import type { SecretStore } from '../../ports/secret-store';
import type { SourceStatus } from '../../api/v2/source-status';
import { BACKEND_TOKEN_SECRET, BACKEND_URL_SECRET, storedEndpoint } from '../backend-settings';
import type { LeaseAnswer, SyncPort } from '../handlers/context';
import { BackendAuthRefused, BackendClient, BackendRefusal, unlessForbidden, type BackendEndpoint } from './backend-client';
import type { SourceSignal } from './event-applier';
import { ORGANISATION_ID_KEY, ORGANISATION_KEY, Relay, type RelayPeople, type RelayStores } from './relay';

/** A backend decided outside Settings: by the environment, or the built-in demo. */
export interface ManagedBackend {
  endpoint: BackendEndpoint;
  managedBy: 'environment' | 'built-in';
}

export interface BackendLinkOptions {
  stores: RelayStores;
  /** Who works on this desktop, and the tokens the relay's requests go with (auth/people-session). */
  people: RelayPeople & { useEndpoint(endpoint: BackendEndpoint | null): void; mayChangeBackend(): void };
  zone: string;
  clock: Clock;
  timers: Timers;
  logger: Logger;
  emit(event: BoardEvent): void;
  managed: ManagedBackend | null;
  /** Where Settings keep the backend's address and token; none: Settings cannot join a backend. */
  secrets: SecretStore | null;
  sourceSignal?(signal: SourceSignal): void;
  /** How colleagues know this computer: in the lease it holds. */
  desktopName: string;
  /** The demo's own cache: its made-up customers never join an organisation. */
  demo: boolean;
  /**
   * What this desktop made before it had a backend goes along when it first meets its
   * organisation: `check` refuses, in words, before anything is stored; `adopt` queues it all.
   */
  standaloneWork?: { check(organisation: Organization): void; adopt(organisation: Organization): void };
}

const DESKTOP_ID_KEY = 'desktop_id';

const STANDALONE: Connection = { mode: 'standalone', online: false, offlineSince: null, pending: 0, waitingFor: [], lastError: null };

/**
 * The desktop's one link to its backend, whichever decided it, as the handlers see it (the
 * SyncPort): the relay while joined, standalone otherwise. Settings can join a backend, or give
 * the same organisation's backend a new address or token, without restarting the app.
 */
export class BackendLink implements SyncPort {
  private endpoint: BackendEndpoint | null;
  private relay: Relay | null = null;
  /** Leases this desktop was granted, by name: until when, by the backend's clock. */
  private readonly grants = new Map<string, number>();

  constructor(private readonly options: BackendLinkOptions) {
    this.endpoint = options.managed?.endpoint ?? (options.secrets ? storedEndpoint(options.secrets) : null);
    options.people.useEndpoint(this.endpoint);
  }

  get connected(): boolean {
    return this.endpoint !== null;
  }

  start(): void {
    if (!this.endpoint) return;
    const { stores, people, zone, clock, timers, logger, emit, sourceSignal, standaloneWork } = this.options;
    this.relay = new Relay({ endpoint: this.endpoint, people, stores, zone, clock, timers, logger, emit, sourceSignal, firstJoin: standaloneWork?.adopt });
    this.relay.start();
  }

  stop(): void {
    this.relay?.stop();
    this.relay = null;
  }

  wake(): void {
    this.relay?.wake();
  }

  /** The backend refused the stored token outside the relay (a person's own token, in a request of theirs): nothing more flows. */
  refuseStoredToken(reason: string): void {
    this.relay?.refuse(reason);
  }

  connection(): Connection {
    return this.relay?.connection() ?? STANDALONE;
  }

  templates(): WaTemplate[] {
    return this.relay?.templates() ?? [];
  }

  async lease(name: string, ttlSeconds: number): Promise<LeaseAnswer> {
    if (!this.endpoint) return { granted: true };
    try {
      const lease = await this.withStoredToken(this.endpoint, (client) => client.acquireLease(name, this.holderId(), ttlSeconds));
      if (lease.granted) {
        this.grants.set(name, lease.expiresAt);
        return { granted: true };
      }
      this.grants.delete(name);
      const holder = lease.holder.includes('/') ? ` (${lease.holder.slice(0, lease.holder.lastIndexOf('/'))})` : '';
      return {
        granted: false,
        reason: `Another desktop of the dealership${holder} does this now (its turn runs until ${localTimeAt(lease.expiresAt, this.options.zone)}).`,
      };
    } catch (error) {
      // While the backend cannot answer, the desktop whose grant has not run out goes on, as the backend would let it.
      const until = this.grants.get(name);
      if (until !== undefined && until > this.options.clock.now()) return { granted: true };
      return { granted: false, reason: `Waiting for the backend to say which desktop does this: ${error instanceof Error ? error.message : String(error)}` };
    }
  }

  async shareSourceStatus(key: string, status: SourceStatus | null): Promise<void> {
    if (this.endpoint) await this.withStoredToken(this.endpoint, (client) => client.putSourceStatus(key, status));
  }

  async requestSourceSync(key: string): Promise<void> {
    if (!this.endpoint) throw new ApiFailure('NOT_CONNECTED', 'This desktop is not joined to a backend.');
    try {
      await this.withStoredToken(this.endpoint, (client) => client.requestSourceSync(key));
    } catch (error) {
      throw new ApiFailure('BACKEND_UNAVAILABLE', `The desktop that pulls this source could not be asked now: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  /** A request with the stored token; its 401 stops the relay, as one of the relay's own would. */
  private async withStoredToken<T>(endpoint: BackendEndpoint, request: (client: BackendClient) => Promise<T>): Promise<T> {
    try {
      return await request(new BackendClient(endpoint));
    } catch (error) {
      if (error instanceof BackendAuthRefused && this.endpoint === endpoint) this.refuseStoredToken(error.message);
      throw error;
    }
  }

  /**
   * This desktop as a lease holder: its name, for colleagues to see which computer pulls a
   * source, and an id kept in the cache, so that a restart is the same holder.
   */
  private holderId(): string {
    const { syncState } = this.options.stores;
    let id = syncState.get(DESKTOP_ID_KEY, z.string());
    if (!id) {
      id = randomUUID();
      syncState.set(DESKTOP_ID_KEY, id);
    }
    return `${this.options.desktopName}/${id}`;
  }

  settings(): ConnectionSettings {
    return {
      url: this.endpoint?.url ?? null,
      managedBy: this.options.managed?.managedBy ?? (this.endpoint ? 'settings' : null),
      organisation: this.endpoint ? (this.options.stores.syncState.get(ORGANISATION_KEY, z.string()) ?? null) : null,
      secretsKept: this.options.secrets?.sessionOnly ? 'session' : 'stored',
    };
  }

  /** Reads the organisation with these credentials; what went wrong in words a person can act on. */
  async test(credentials: BackendCredentials): Promise<{ organisation: string; inboxes: number; templates: number }> {
    const { organisation, templates } = await this.read(credentials);
    return { organisation: organisation.name, inboxes: organisation.inboxes.length, templates };
  }

  private async read(credentials: BackendCredentials): Promise<{ organisation: Organization; templates: number }> {
    const client = new BackendClient(credentials);
    try {
      const [organisation, templates] = await Promise.all([client.organization(), unlessForbidden(client.templates())]);
      return { organisation, templates: templates?.length ?? 0 };
    } catch (error) {
      if (error instanceof BackendAuthRefused) throw new ApiFailure(error.code, `The backend refused this desktop's token: ${error.message}`);
      const code = error instanceof BackendRefusal ? error.code : 'BACKEND_UNAVAILABLE';
      throw new ApiFailure(code, error instanceof Error ? error.message : String(error));
    }
  }

  /**
   * Joins the backend named in Settings. The same organisation's backend may move or get a new
   * token; another organisation's is refused. What a desktop made while it worked standalone is
   * kept and uploaded to the organisation when the relay first reads it (see standaloneWork).
   */
  async save(credentials: BackendCredentials): Promise<ConnectionSettings> {
    const { managed, secrets, stores, emit, demo } = this.options;
    if (managed) {
      throw new ApiFailure('MANAGED', managed.managedBy === 'environment' ? 'The backend is set by AFTERSALES_BACKEND_URL on this computer.' : 'This desktop runs with the built-in backend.');
    }
    if (demo) {
      throw new ApiFailure('DEMO', 'This is the demo: leave it first, then connect your own board. The demo’s made-up customers stay in the demo.');
    }
    if (!secrets) throw new ApiFailure('NO_SECRET_STORE', 'This computer offers no safe place for the token.');
    // People's passwords and sessions go wherever this desktop points: on a working registered desktop only a manager moves it.
    this.options.people.mayChangeBackend();
    const { organisation } = await this.read(credentials);
    const known = stores.syncState.get(ORGANISATION_ID_KEY, z.string());
    if (known && known !== organisation.id) {
      throw new ApiFailure('OTHER_ORGANISATION', 'That backend serves another organisation than this desktop’s board: use a new data file for it.');
    }
    if (!known) this.options.standaloneWork?.check(organisation);
    this.stop();
    secrets.set(BACKEND_TOKEN_SECRET, credentials.token);
    secrets.set(BACKEND_URL_SECRET, credentials.url);
    this.endpoint = { url: credentials.url, token: credentials.token };
    this.options.people.useEndpoint(this.endpoint);
    this.start();
    emit({ type: 'settings.changed' });
    emit({ type: 'appointments.changed', ids: [] });
    return this.settings();
  }
}
