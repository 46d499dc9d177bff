import { dirname } from 'node:path';
import { SecretBox } from '../access/secret-box';
import { ChannelsRepo } from './channels-repo';
import type { BackendEvent } from '../../api/v2/event';
import type { EventData } from '../../api/v2/event-data';
import { EventHub } from '../events/event-hub';
import { EventLog } from './event-log';
import { IdempotencyRepo } from './idempotency-repo';
import { LeasesRepo } from './leases-repo';
import { PushedEventsRepo } from './pushed-events-repo';
import { RejectedWebhooksRepo } from './rejected-webhooks-repo';
import { WebhooksRepo } from './webhooks-repo';
import { BackendAppointmentsRepo } from './appointments-repo';
import { BackendContactsRepo } from './contacts-repo';
import { ConversationsRepo } from './conversations-repo';
import { MessagesRepo } from './messages-repo';
import { OrganizationsRepo } from './organizations-repo';
import { AuditRepo } from './audit-repo';
import { DevicesRepo } from './devices-repo';
import { SessionsRepo } from './sessions-repo';
import { UsersRepo } from './users-repo';
import { RemindersRepo } from './reminders-repo';
import { SendsRepo } from './sends-repo';
import { TemplatesRepo } from './templates-repo';
import { openSqliteDatabase } from './sql/sqlite-engine';
import type { StoreDatabase } from './sql/store-database';
import { openPostgresDatabase, type PostgresOptions } from './postgres/postgres-engine';
import { EventListener } from './postgres/event-listener';

/**
 * Appends an event to the log within the current write (the data has the shape clients parse);
 * returns its seq. The events are stored with the change, before it commits.
 */
export type Emit = <T extends EventData['type']>(type: T, data: Extract<EventData, { type: T }>['data']) => number;

/** Where the store lives: the embedded SQLite file, or PostgreSQL (DATABASE_URL) shared by several processes. */
export interface StoreLocation {
  /** The SQLite file; with `databaseUrl`, only its folder is used (jwt.key and secret.key when not in the environment). */
  dataFile: string;
  databaseUrl?: string;
  postgres?: PostgresOptions;
  /** AFTERSALES_SECRET_KEY; without it, secret.key in the data folder (see SecretBox). */
  secretKey?: string;
  /** Where a failure outside any request is told (a lost announcement connection). */
  onError?: (error: unknown) => void;
}

/** The backend's state: repositories over one database, the event log and its live fan-out. */
export class BackendStore {
  readonly organizations: OrganizationsRepo;
  readonly users: UsersRepo;
  readonly sessions: SessionsRepo;
  readonly devices: DevicesRepo;
  readonly audit: AuditRepo;
  readonly contacts: BackendContactsRepo;
  readonly conversations: ConversationsRepo;
  readonly messages: MessagesRepo;
  readonly templates: TemplatesRepo;
  readonly channels: ChannelsRepo;
  readonly sends: SendsRepo;
  readonly appointments: BackendAppointmentsRepo;
  readonly reminders: RemindersRepo;
  readonly idempotency: IdempotencyRepo;
  readonly pushed: PushedEventsRepo;
  readonly leases: LeasesRepo;
  readonly rejectedWebhooks: RejectedWebhooksRepo;
  readonly webhooks: WebhooksRepo;
  readonly events: EventLog;
  readonly hub: EventHub;
  private listener: EventListener | null = null;

  private constructor(
    /** The database the repositories query; tests read it to check what was stored. */
    readonly sql: StoreDatabase,
    secrets: SecretBox,
    onError: (error: unknown) => void,
  ) {
    this.channels = new ChannelsRepo(sql, secrets);
    this.users = new UsersRepo(sql);
    this.sessions = new SessionsRepo(sql);
    this.devices = new DevicesRepo(sql);
    this.audit = new AuditRepo(sql);
    this.organizations = new OrganizationsRepo(sql, this.users, this.sessions);
    this.contacts = new BackendContactsRepo(sql);
    this.conversations = new ConversationsRepo(sql);
    this.messages = new MessagesRepo(sql);
    this.templates = new TemplatesRepo(sql);
    this.sends = new SendsRepo(sql);
    this.appointments = new BackendAppointmentsRepo(sql);
    this.reminders = new RemindersRepo(sql);
    this.idempotency = new IdempotencyRepo(sql);
    this.pushed = new PushedEventsRepo(sql);
    this.leases = new LeasesRepo(sql);
    this.rejectedWebhooks = new RejectedWebhooksRepo(sql);
    this.webhooks = new WebhooksRepo(sql);
    this.events = new EventLog(sql);
    this.hub = new EventHub((organizationId, after, limit) => this.events.since(organizationId, after, limit), onError);
  }

  /** Opens (creating and migrating) the store; on PostgreSQL, also listens for other processes' commits. */
  static async open(location: StoreLocation): Promise<BackendStore> {
    const onError = location.onError ?? (() => undefined);
    const secrets = SecretBox.fromEnvironment(location.secretKey, dirname(location.dataFile));
    if (!location.databaseUrl) return new BackendStore(openSqliteDatabase(location.dataFile), secrets, onError);
    const database = await openPostgresDatabase(location.databaseUrl, location.postgres);
    const store = new BackendStore(database, secrets, onError);
    try {
      store.listener = await EventListener.start(location.databaseUrl, {
        announced: (organizationId, first, last) => store.hub.announced(organizationId, first, last),
        reconnected: () => store.hub.resync((organizationId) => store.events.lastSeq(organizationId)),
        failed: onError,
      });
      return store;
    } catch (error) {
      await database.close();
      throw error;
    }
  }

  /**
   * Runs a change in one transaction with the events that describe it. The organisation's
   * event counter is locked first, so the writes of one organisation follow one another in
   * every process. Subscribers hear of the events only once they are committed, so nobody sees
   * a change that was rolled back.
   */
  async write<T>(organizationId: string, now: number, change: (emit: Emit) => T | Promise<T>): Promise<T> {
    const appended: BackendEvent[] = [];
    const result = await this.sql.transaction(async () => {
      appended.length = 0;
      let seq = await this.events.lock(organizationId);
      const value = await change((type, data) => {
        seq += 1;
        appended.push({ seq, type, data, createdAt: now });
        return seq;
      });
      await this.events.append(organizationId, appended);
      return value;
    });
    this.hub.committed(organizationId, appended);
    return result;
  }

  async close(): Promise<void> {
    await this.listener?.stop();
    await this.sql.close();
  }
}
