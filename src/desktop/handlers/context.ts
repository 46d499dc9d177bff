import type { BoardEvent } from '../../api/board-api';
import type { Transaction } from '../../sqlite/transaction';
import type { AppointmentsRepo } from '../cache/appointments-repo';
import type { CardHistoryRepo } from '../cache/card-history-repo';
import type { ColleaguesRepo } from '../cache/colleagues-repo';
import type { ContactsRepo } from '../cache/contacts-repo';
import type { ImportLogRepo } from '../cache/import-log-repo';
import type { InboxesRepo } from '../cache/inboxes-repo';
import type { PreferencesRepo } from '../cache/preferences-repo';
import type { Clock } from '../../ports/clock';
import type { Connection } from '../../api/conversation';
import type { WaTemplate } from '../../api/v2/template';
import type { SourceStatus } from '../../api/v2/source-status';
import type { SharedSourceStatusRepo } from '../cache/shared-source-status-repo';
import type { ConversationsRepo } from '../cache/conversations-repo';
import type { OutboxRepo } from '../cache/outbox-repo';
import type { RemoteAppointmentsRepo } from '../cache/remote-appointments-repo';
import type { SyncStateRepo } from '../cache/sync-state-repo';
import type { SourcesRepo } from '../cache/sources-repo';
import type { SignedInUser } from '../../api/people';
import type { UserSettings } from '../../api/v2/users';

/** The dealership this desktop works for; set at start, from configuration. */
export interface Dealership {
  /** The name shown until the backend tells its own; null: none (a standalone install shows the app's name). */
  organisationName: string | null;
  /** IANA zone of the workshop's wall clock, e.g. Europe/Amsterdam. */
  zone: string;
  /** ISO 3166 country for national phone numbers. */
  country: string;
  /** Time given to appointments whose source has only a date. */
  defaultTime: string;
}

/** The link to the backend as handlers see it; standalone when no backend is configured. */
export interface SyncPort {
  /** False: changes stay on this desktop and nothing goes to the outbox. */
  readonly connected: boolean;
  /** Changes were written to the outbox: send them. */
  wake(): void;
  connection(): Connection;
  templates(): WaTemplate[];
  /**
   * Takes or renews the lease that makes this desktop the one that does a shared job (pulling a
   * source) for ttlSeconds; standalone, this desktop always has it.
   */
  lease(name: string, ttlSeconds: number): Promise<LeaseAnswer>;
  /**
   * Tells the organisation's other desktops how a source pulled here goes (null: it was removed).
   * Throws when the backend cannot take it now; standalone, there is nobody to tell.
   */
  shareSourceStatus(key: string, status: SourceStatus | null): Promise<void>;
  /** Asks the desktop that pulls a source (through the backend) to run it now. */
  requestSourceSync(key: string): Promise<void>;
}

/** Who works on this desktop, as handlers see it (auth/people-session). */
export interface PeoplePort {
  /** The person signed in now; null: nobody (standalone, a device's sign-in screen, a wall). */
  signedIn(): SignedInUser | null;
  /** Whose preferences apply: the signed-in person's id, else this computer's OS account. */
  preferencesUser(): string;
  /** Who a change made now is by, for its outbox job (null: the desktop itself). */
  author(): string | null;
  /**
   * A person's view settings for the backend, so they follow them to every desktop: sent now
   * with their token when it can be, else when the backend is back. Nobody signed in: nothing.
   */
  shareSettings(settings: UserSettings): void;
}

/** Granted, or why not (another desktop holds it, or the backend cannot say now). */
export type LeaseAnswer = { granted: true } | { granted: false; reason: string };

/** What every handler works with: the cache, the clock, and the way to tell the windows. */
export interface CoreContext {
  /** One transaction of the cache: everything `fn` writes is stored, or nothing when it throws. Handlers go through localChange. */
  transaction: Transaction;
  appointments: AppointmentsRepo;
  contacts: ContactsRepo;
  inboxes: InboxesRepo;
  preferences: PreferencesRepo;
  importLog: ImportLogRepo;
  conversations: ConversationsRepo;
  remoteAppointments: RemoteAppointmentsRepo;
  outbox: OutboxRepo;
  syncState: SyncStateRepo;
  sources: SourcesRepo;
  sharedSources: SharedSourceStatusRepo;
  colleagues: ColleaguesRepo;
  cardHistory: CardHistoryRepo;
  sync: SyncPort;
  clock: Clock;
  dealership: Dealership;
  people: PeoplePort;
  dataFile: string;
  emit(event: BoardEvent): void;
}
