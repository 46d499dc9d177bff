import type { BoardEvent } from '../../api/board-api';
import { ApiFailure } from '../../api/envelope';
import type { Colleague, MethodAccess, SessionState, SignedInUser } from '../../api/people';
import type { OidcPublicSettings, TokenRequest } from '../../api/v2/auth';
import type { UserSettings } from '../../api/v2/users';
import type { Clock } from '../../ports/clock';
import type { Logger } from '../../ports/logger';
import type { SecretStore } from '../../ports/secret-store';
import type { Timers } from '../../ports/timers';
import type { DesktopPeopleRepo } from '../cache/desktop-people-repo';
import type { OutboxRepo } from '../cache/outbox-repo';
import type { SyncStateRepo } from '../cache/sync-state-repo';
import type { BackendAuthRefused, BackendClient, BackendEndpoint } from '../relay/backend-client';
import { asApiFailure } from './as-api-failure';
import { DeskLock } from './desk-lock';
import { PersonTokens } from './person-tokens';
import { deskRefusal, type DeskRefusal } from './session-rules';
import { SessionEndings } from './session-endings';
import { SharedViewSettings } from './shared-view-settings';
import { SigningIn } from './signing-in';
import { StoredToken } from './stored-token';

export interface PeopleSessionOptions {
  people: DesktopPeopleRepo;
  outbox: OutboxRepo;
  syncState: SyncStateRepo;
  /** Where refresh tokens are kept; none: in memory only, so sessions end with the app. */
  secrets: SecretStore | null;
  /** Deadlines (renewals, the idle lock) count on the timers; dates (when someone signed in) on the clock. */
  timers: Timers;
  clock: Clock;
  logger: Logger;
  emit(event: BoardEvent): void;
  /** Whose preferences apply on a desktop without a backend, or while nobody is signed in: the OS account. */
  osUser: string;
  /** A person signed in (or was switched to), with their view settings from the backend. */
  settingsArrived(userId: string, settings: UserSettings): void;
  /** The backend refused the stored token: the relay stops until a new one is saved. */
  storedTokenRefused(): void;
  /** Who may send now changed (someone signed in, a session ended): the outbox looks again. */
  heldChanged(): void;
}

/**
 * Who works on this desktop, and the tokens their requests go with: what the rest of the core
 * asks of people. The stored backend token is a device's (people sign in on it) or a person's
 * own (that person is always signed in); people who signed in here keep their session, so that
 * a shared reception PC switches between them with a PIN and the changes each made are sent
 * with their own session. The parts do the work; this joins them and tells the windows
 * (session.changed) whenever what they show changed.
 */
export class PeopleSession {
  private readonly stored: StoredToken;
  private readonly tokens: PersonTokens;
  private readonly desk: DeskLock;
  private readonly viewSettings: SharedViewSettings;
  private readonly endings: SessionEndings;
  private readonly signing: SigningIn;
  private closed = false;

  constructor(private readonly options: PeopleSessionOptions) {
    const { people, syncState, timers, logger } = options;
    // The parts call each other only later (a timer, an answer of the backend), once all of them are made.
    const signedIn = () => this.signing.current;
    const changed = () => this.emitSession();
    const stored = new StoredToken(syncState);
    const tokens = new PersonTokens(
      {
        secrets: options.secrets,
        timers,
        stored,
        signedIn,
        refused: (userId, reason) => this.signing.sessionEnded(userId, reason),
        storedTokenRefused: () => this.storedTokenRefused(),
      },
      people.all().map((person) => person.user.id),
    );
    const desk = new DeskLock({ people, syncState, timers, signedIn, mode: () => stored.mode(), idleLocked: changed });
    const viewSettings = new SharedViewSettings({ syncState, logger, stored, tokens, settingsArrived: (userId, settings) => options.settingsArrived(userId, settings) });
    const revoked = (userId: string) => this.signing.sessionEnded(userId, 'revoked');
    const endings = new SessionEndings({ people, outbox: options.outbox, stored, tokens, settled: changed, revoked });
    const heldChanged = () => options.heldChanged();
    this.signing = new SigningIn({ people, clock: options.clock, logger, stored, tokens, desk, viewSettings, endings, heldChanged, changed });
    this.stored = stored;
    this.tokens = tokens;
    this.desk = desk;
    this.viewSettings = viewSettings;
    this.endings = endings;
  }

  /** The backend this desktop uses now (none: standalone); what is known of its token is read from the cache. */
  useEndpoint(endpoint: BackendEndpoint | null): void {
    const before = this.stored.endpoint;
    // People's sessions belong to the backend that made them: another address never gets their refresh tokens.
    if (before && before.url !== endpoint?.url) this.tokens.forgetAll();
    this.stored.use(endpoint);
    this.signing.reset();
    this.emitSession();
  }

  // ——— What the rest of the core asks ———

  mode(): SessionState['mode'] {
    return this.stored.mode();
  }

  signedIn(): SignedInUser | null {
    return this.signing.signedIn();
  }

  /** Someone who signed in on this desktop (or whose own token it is), as the backend last named them. */
  person(userId: string): SignedInUser | null {
    const personal = this.stored.personalUser();
    if (personal?.id === userId) return personal;
    return this.options.people.get(userId)?.user ?? null;
  }

  /** Whose preferences apply: the signed-in person's, else this computer's OS account. */
  preferencesUser(): string {
    return this.signing.current ?? this.options.osUser;
  }

  /** Who a change made now is by: it is sent with their session. Null: the desktop's own token. */
  author(): string | null {
    return this.stored.endpoint ? this.signing.current : null;
  }

  /** The people whose changes can be sent now: those this desktop holds a session for. */
  held(): string[] {
    return this.tokens.held();
  }

  /** Names of the people whose changes wait here until they sign in again. */
  waitingFor(): string[] {
    return this.options.outbox.waitingAuthors(this.held()).map((id) => this.options.people.get(id)?.user.name ?? id);
  }

  /** The Bearer for a change by `author` (null: the desktop's own token), renewed first when due. */
  tokenFor(author: string | null): Promise<string> {
    return this.tokens.tokenFor(author);
  }

  state(): SessionState {
    return this.signing.state();
  }

  /** Refuses a new backend or token unless this desktop may be given one now (StoredToken.mayChangeBackend). */
  mayChangeBackend(): void {
    this.stored.mayChangeBackend(this.signing.signedIn(), this.desk.locked);
  }

  /** Whether the desk takes a method of `access` now (METHOD_ACCESS): refused while locked, or a person's change while nobody is signed in. */
  refusal(access: MethodAccess): DeskRefusal | null {
    return deskRefusal(access, { mode: this.mode(), signedIn: this.signing.current !== null, locked: this.desk.locked });
  }

  // ——— The stored token ———

  /**
   * Asks the backend who the stored token is (GET /v2/auth/me) and what sign-in it offers;
   * kept in the cache for the days it is away. A 401 is thrown for the relay to stop.
   */
  async identify(client: BackendClient): Promise<void> {
    if (!(await this.stored.identify(client))) return;
    const personal = this.stored.personalUser();
    if (personal) {
      this.signing.setPersonal(personal.id);
      // As at a sign-in: their view settings may have changed on another desktop meanwhile.
      await this.viewSettings.load(personal.id, client);
    }
    this.emitSession();
  }

  /** A manager changed the organisation's OpenID provider from this desktop: its sign-in offers it at once. */
  /** The organisation's provider with what the sign-in needs (the windows see only its words). */
  provider(): OidcPublicSettings {
    return this.stored.oidc;
  }

  oidcChanged(oidc: OidcPublicSettings): void {
    this.stored.oidcChanged(oidc);
    this.emitSession();
  }

  /** The backend refused the stored token (401, or the stream closed with 4401): every window shows it, nothing is retried. */
  storedTokenRefused(): void {
    if (this.stored.refused) return;
    this.stored.refuse();
    this.options.storedTokenRefused();
    this.options.logger.warn({ mode: this.mode() }, 'the backend refused this desktop’s token; nothing is sent until a new one is saved');
    this.signing.leave(this.mode() === 'personal' ? 'revoked' : 'device-revoked');
    this.emitSession();
  }

  get refused(): boolean {
    return this.stored.refused;
  }

  // ——— Signing in and out ———

  /** A sign-in with a password, an invitation or an OpenID Provider's ID token; whoever was signed in before stays held, for the quick switch back. */
  async signIn(grant: Exclude<TokenRequest, { grant_type: 'refresh_token' }>): Promise<SessionState> {
    await this.signing.signIn(grant);
    return this.state();
  }

  /** Back to someone who signed in here lately (or unlocking), with their PIN; five wrong ones forget their session here. */
  async switchUser(userId: string, pin: string): Promise<SessionState> {
    await this.signing.switchUser(userId, pin);
    return this.state();
  }

  async setPin(pin: string): Promise<SessionState> {
    await this.desk.setPin(this.signing.unlockedPerson(), pin);
    this.emitSession();
    return this.state();
  }

  lock(): SessionState {
    this.signing.unlockedPerson();
    this.desk.lock();
    this.emitSession();
    return this.state();
  }

  /** The windows saw the person work: the idle lock waits from now. */
  noteActivity(): void {
    this.desk.noteActivity();
  }

  setIdleLock(minutes: number | null): SessionState {
    this.desk.setMinutes(this.signing.unlockedPerson(), minutes);
    this.emitSession();
    return this.state();
  }

  /** The signed-in person leaves: their session ends once the changes they made here are sent; `forget` also takes them off this desktop's list. */
  signOut(forget: boolean): SessionState {
    this.signing.signOut(forget);
    return this.state();
  }

  // ——— Requests with the person's token ———

  /**
   * A request of the signed-in person (a manager's Settings, their own settings): with their
   * token, renewed when due; a refusal of it ends their session here, and the caller hears it.
   */
  async asPerson<T>(request: (client: BackendClient) => Promise<T>): Promise<T> {
    if (!this.stored.endpoint) throw new ApiFailure('NOT_CONNECTED', 'This desktop is not joined to a backend.');
    const userId = this.signing.current;
    if (userId === null) throw new ApiFailure('NOT_SIGNED_IN', 'Sign in first.');
    return asApiFailure(this.tokens.withToken(userId, request));
  }

  /**
   * A person's view settings for the backend (PUT /v2/users/me/settings), so that they follow
   * them to other desktops: best effort now, else kept and sent when the backend is back.
   */
  shareSettings(settings: UserSettings): void {
    const userId = this.stored.endpoint ? this.signing.current : null;
    if (userId === null) return;
    this.viewSettings.share(userId, settings);
  }

  /** The backend is reachable again: what waited for it goes now (settings, sessions to end). */
  backOnline(): void {
    this.viewSettings.sendWaiting();
    void this.endings.settle();
  }

  /** A request of `author` was refused with 401 (PersonTokens.sessionRefused). True: their session ended; false: renewed, try again. */
  sessionRefused(author: string, error: BackendAuthRefused): Promise<boolean> {
    return this.tokens.sessionRefused(author, error);
  }

  /** The backend says these sessions ended (session.end events): people holding one of them are signed out here at once. */
  sessionsEnded(ids: string[]): void {
    this.endings.sessionsEnded(ids);
  }

  /** Renamed or given another role by a manager: the windows show the person as they are now. */
  peopleChanged(people: Colleague[]): void {
    let shown = false;
    for (const person of people) {
      const own = this.stored.personChanged(person);
      const here = this.options.people.changed(person.id, person.name, person.role);
      shown ||= own || here;
    }
    if (shown) this.emitSession();
  }

  /** After each change the backend took: the sessions of people who signed out end once nothing of theirs waits. */
  settleEndings(): Promise<void> {
    return this.endings.settle();
  }

  close(): void {
    this.closed = true;
    this.tokens.close();
    this.desk.close();
    this.viewSettings.close();
    this.endings.close();
  }

  private emitSession(): void {
    // A request that ends after the core closed has nobody to tell (and no cache to read).
    if (this.closed) return;
    this.options.emit({ type: 'session.changed', session: this.state() });
  }
}
