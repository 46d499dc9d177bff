import type { Database } from 'better-sqlite3';
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
import { openStore } from './store-database';
import { TemplatesRepo } from './templates-repo';

/** Appends an event to the log within the current write (the data has the shape clients parse); returns its seq. */
export type Emit = <T extends EventData['type']>(type: T, data: Extract<EventData, { type: T }>['data']) => number;

/** The backend's state: repositories over one SQLite file, the event log and its live fan-out. */
export class BackendStore {
  readonly db: Database;
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
  readonly hub = new EventHub();

  /** `secretKey`: AFTERSALES_SECRET_KEY; without it, secret.key beside the file (see SecretBox). */
  constructor(file: string, options: { secretKey?: string } = {}) {
    this.db = openStore(file);
    this.channels = new ChannelsRepo(this.db, SecretBox.fromEnvironment(options.secretKey, dirname(file)));
    this.users = new UsersRepo(this.db);
    this.sessions = new SessionsRepo(this.db);
    this.devices = new DevicesRepo(this.db);
    this.audit = new AuditRepo(this.db);
    this.organizations = new OrganizationsRepo(this.db, this.users, this.sessions);
    this.contacts = new BackendContactsRepo(this.db);
    this.conversations = new ConversationsRepo(this.db);
    this.messages = new MessagesRepo(this.db);
    this.templates = new TemplatesRepo(this.db);
    this.sends = new SendsRepo(this.db);
    this.appointments = new BackendAppointmentsRepo(this.db);
    this.reminders = new RemindersRepo(this.db);
    this.idempotency = new IdempotencyRepo(this.db);
    this.pushed = new PushedEventsRepo(this.db);
    this.leases = new LeasesRepo(this.db);
    this.rejectedWebhooks = new RejectedWebhooksRepo(this.db);
    this.webhooks = new WebhooksRepo(this.db);
    this.events = new EventLog(this.db);
  }

  /**
   * Runs a change in one transaction with the events that describe it; subscribers hear of
   * the events only once they are committed, so nobody sees a change that was rolled back.
   */
  write<T>(organizationId: string, now: number, change: (emit: Emit) => T): T {
    const appended: BackendEvent[] = [];
    const result = this.db.transaction(() =>
      change((type, data) => {
        const event = this.events.append(organizationId, type, data, now);
        appended.push(event);
        return event.seq;
      }),
    )();
    this.hub.publish(organizationId, appended);
    return result;
  }

  close(): void {
    this.db.close();
  }
}
