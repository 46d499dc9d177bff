import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { BoardEvent } from '../../api/board-api';
import { ApiFailure } from '../../api/envelope';
import type { SessionState, SignedInUser, SignedOutReason } from '../../api/people';
import { OidcPublicSettingsSchema, type OidcPublicSettings, type TokenAnswer, type TokenRequest } from '../../api/v2/auth';
import { MeSchema, UserSettingsSchema, type Me, type User, type UserSettings } from '../../api/v2/users';
import type { Clock } from '../../ports/clock';
import type { Logger } from '../../ports/logger';
import type { SecretStore } from '../../ports/secret-store';
import type { Timers } from '../../ports/timers';
import type { DesktopPeopleRepo, Ending } from '../cache/desktop-people-repo';
import type { OutboxRepo } from '../cache/outbox-repo';
import type { SyncStateRepo } from '../cache/sync-state-repo';
import { BackendAuthRefused, BackendClient, BackendRefusal, BackendUnavailable, type BackendEndpoint } from '../relay/backend-client';
import { hashPin, pinMatches } from './pin-hash';
import { idleLockAt, pinAttempt, renewalAt, shouldIdleLock, signedOutReasonOf } from './session-rules';

/** The device's idle lock, in minutes (null: never): a setting of this desktop, kept in its cache. */
const IDLE_LOCK_KEY = 'idleLockMinutes';
/** What GET /v2/auth/me said of the stored token, for the days the backend is away; with the token's hash, never the token. */
const IDENTITY_KEY = 'backendIdentity';
/** A person's view settings not yet taken by the backend, by user id; sent when it is back. */
const SETTINGS_TO_SHARE_KEY = 'settingsToShare';
/** A renewal that could not reach the backend is tried again this much later. */
const RENEW_RETRY_MS = 30_000;

const IdentitySchema = z.object({ tokenHash: z.string(), me: MeSchema, oidc: OidcPublicSettingsSchema.default(null) });
const SettingsToShareSchema = z.record(z.string(), UserSettingsSchema);

const refreshSecret = (userId: string) => `person.${userId}.refresh`;
const hashOf = (token: string) => createHash('sha256').update(token).digest('hex');

/** A person's access token in memory: when it is renewed, and until when it works at all. */
interface Access {
  token: string;
  renewAt: number;
  /** The backend's session it renews in: a session.end event naming it signs the person out. */
  session: string;
}

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
 * Who works on this desktop, and the tokens their requests go with. The stored backend token
 * is a device's (people sign in on it) or a person's own (that person is always signed in).
 * People who signed in here keep their session — refresh token in the secret store, access
 * token in memory, renewed before it ends — so that a shared reception PC switches between
 * them with a PIN, and the changes each made are sent with their own session. The backend
 * refusing a token ends that session here, and the windows are told why.
 */
export class PeopleSession {
  private endpoint: BackendEndpoint | null = null;
  private me: Me | null = null;
  private oidc: OidcPublicSettings = null;
  /** The stored token was refused: nothing goes to the backend until a new one is saved. */
  private storedRefused = false;
  private current: string | null = null;
  private locked = false;
  private signedOut: SignedOutReason | null = null;
  private lastActivity = 0;
  private readonly access = new Map<string, Access>();
  private readonly renewing = new Map<string, Promise<string>>();
  /** People whose refresh token this desktop holds, so their changes can be sent. */
  private readonly holding = new Set<string>();
  private readonly memorySecrets = new Map<string, string>();
  private cancelRenewal: (() => void) | null = null;
  private cancelIdle: (() => void) | null = null;
  private settling = false;
  private closed = false;

  constructor(private readonly options: PeopleSessionOptions) {
    for (const person of options.people.all()) if (this.refreshToken(person.user.id)) this.holding.add(person.user.id);
  }

  /** The backend this desktop uses now (none: standalone); what is known of its token is read from the cache. */
  useEndpoint(endpoint: BackendEndpoint | null): void {
    this.endpoint = endpoint;
    this.storedRefused = false;
    this.me = null;
    this.oidc = null;
    if (endpoint) {
      const known = this.options.syncState.get(IDENTITY_KEY, IdentitySchema);
      if (known && known.tokenHash === hashOf(endpoint.token)) {
        this.me = known.me;
        this.oidc = known.oidc;
      }
    }
    this.current = this.personalUser()?.id ?? null;
    this.locked = false;
    this.signedOut = null;
    this.emitSession();
  }

  // ——— What the rest of the core asks ———

  mode(): SessionState['mode'] {
    if (!this.endpoint) return 'standalone';
    return this.me?.kind === 'user' ? 'personal' : 'device';
  }

  signedIn(): SignedInUser | null {
    if (this.current === null) return null;
    const personal = this.personalUser();
    if (personal && personal.id === this.current) return personal;
    return this.options.people.get(this.current)?.user ?? null;
  }

  /** Whose preferences apply: the signed-in person's, else this computer's OS account. */
  preferencesUser(): string {
    return this.current ?? this.options.osUser;
  }

  /** Who a change made now is by: it is sent with their session. Null: the desktop's own token. */
  author(): string | null {
    return this.endpoint ? this.current : null;
  }

  /** The people whose changes can be sent now: those this desktop holds a session for. */
  held(): string[] {
    const personal = this.personalUser();
    return personal ? [personal.id, ...this.holding] : [...this.holding];
  }

  /** Names of the people whose changes wait here until they sign in again. */
  waitingFor(): string[] {
    return this.options.outbox.waitingAuthors(this.held()).map((id) => this.options.people.get(id)?.user.name ?? id);
  }

  /** The Bearer for a change by `author` (null: the desktop's own token), renewed first when due. */
  async tokenFor(author: string | null): Promise<string> {
    const endpoint = this.endpoint;
    if (!endpoint || this.storedRefused) throw new BackendUnavailable('This desktop’s token for the backend was refused; a new one must be saved in Settings.');
    if (author === null || author === this.personalUser()?.id) return endpoint.token;
    const access = this.access.get(author);
    if (access && this.options.timers.now() < access.renewAt) return access.token;
    return this.renew(author);
  }

  state(): SessionState {
    const personal = this.personalUser();
    const device = this.me && this.me.kind === 'device' && (this.me.role === 'desktop' || this.me.role === 'wall') ? { name: this.me.name, role: this.me.role } : null;
    return {
      mode: this.mode(),
      device,
      user: this.signedIn(),
      recent: personal
        ? []
        : this.options.people
            .all()
            .filter((p) => p.ending !== 'forget')
            .map((p) => ({ id: p.user.id, name: p.user.name, hasPin: p.pinHash !== null && p.ending === 'none' && this.holding.has(p.user.id) })),
      locked: this.locked,
      idleLockMinutes: this.idleLockMinutes(),
      oidc: this.oidc,
      signedOut: this.signedOut,
    };
  }

  // ——— The stored token ———

  /**
   * Asks the backend who the stored token is (GET /v2/auth/me) and what sign-in it offers;
   * kept in the cache for the days it is away. A 401 is thrown for the relay to stop.
   */
  async identify(client: BackendClient): Promise<void> {
    const endpoint = this.endpoint;
    if (!endpoint) return;
    const me = await client.me();
    const oidc = me.kind === 'device' ? await client.oidc().catch(() => this.oidc) : null;
    if (this.endpoint !== endpoint) return;
    this.me = me;
    this.oidc = oidc;
    this.options.syncState.set(IDENTITY_KEY, { tokenHash: hashOf(endpoint.token), me, oidc });
    const personal = this.personalUser();
    if (personal) {
      this.current = personal.id;
      // As at a sign-in: their view settings may have changed on another desktop meanwhile.
      await this.loadSettings(personal.id, client);
    }
    this.emitSession();
  }

  /** A manager changed the organisation's OpenID provider from this desktop: its sign-in offers it at once. */
  oidcChanged(oidc: OidcPublicSettings): void {
    this.oidc = oidc;
    const endpoint = this.endpoint;
    if (endpoint && this.me) this.options.syncState.set(IDENTITY_KEY, { tokenHash: hashOf(endpoint.token), me: this.me, oidc });
    this.emitSession();
  }

  /** The backend refused the stored token (401, or the stream closed with 4401): every window shows it, nothing is retried. */
  storedTokenRefused(): void {
    if (this.storedRefused) return;
    this.storedRefused = true;
    this.options.storedTokenRefused();
    this.options.logger.warn({ mode: this.mode() }, 'the backend refused this desktop’s token; nothing is sent until a new one is saved');
    this.endSignedIn(this.mode() === 'personal' ? 'revoked' : 'device-revoked');
    this.emitSession();
  }

  get refused(): boolean {
    return this.storedRefused;
  }

  // ——— Signing in and out ———

  /**
   * A sign-in with a password, an invitation or an OpenID Provider's ID token, on this device:
   * the person is signed in and the one whose changes these are from now on; whoever was signed
   * in before stays held, for the quick switch back.
   */
  async signIn(grant: Exclude<TokenRequest, { grant_type: 'refresh_token' }>): Promise<SessionState> {
    const endpoint = this.deviceEndpoint();
    const answer = await asApiFailure(new BackendClient({ url: endpoint.url, token: null }).token({ ...grant, device_token: endpoint.token }));
    const client = new BackendClient({ url: endpoint.url, token: answer.access_token });
    const me = await asApiFailure(client.me());
    if (!me.user) throw new ApiFailure('NOT_A_PERSON', 'The backend answered this sign-in with a token that is not a person’s.');
    const user = signedInUserOf(me.user);
    this.keepSession(user.id, answer);
    this.options.people.signedIn(user, this.options.clock.now());
    this.holding.add(user.id);
    this.becomeCurrent(user.id);
    await this.loadSettings(user.id, client);
    this.options.heldChanged();
    this.emitSession();
    return this.state();
  }

  /** Back to someone who signed in here lately (or unlocking), with their PIN; five wrong ones forget their session here. */
  async switchUser(userId: string, pin: string): Promise<SessionState> {
    this.deviceEndpoint();
    const person = this.options.people.get(userId);
    if (!person || person.ending !== 'none' || !this.holding.has(userId)) {
      throw new ApiFailure('NOT_HELD', 'This person is not signed in on this desktop any more: they sign in with their password.');
    }
    if (person.pinHash === null) throw new ApiFailure('NO_PIN', `${person.user.name} has no PIN on this desktop: they sign in with their password.`);
    const outcome = pinAttempt(person.pinFailures, await pinMatches(person.pinHash, pin));
    if (!outcome.ok) {
      this.options.people.setPinFailures(userId, outcome.failures);
      if (!outcome.forget) throw new ApiFailure('WRONG_PIN', `Wrong PIN: ${outcome.left} ${outcome.left === 1 ? 'try' : 'tries'} left.`);
      if (this.current === userId) this.endSignedIn('pin-attempts');
      this.end(userId, 'forget');
      this.emitSession();
      throw new ApiFailure('PIN_ATTEMPTS', `Five wrong PINs: ${person.user.name} is signed out on this desktop and signs in with their password again.`);
    }
    this.options.people.setPinFailures(userId, 0);
    this.becomeCurrent(userId);
    this.emitSession();
    // Their settings may have changed on another desktop; offline, the cached ones serve.
    void this.tokenFor(userId)
      .then((token) => this.loadSettings(userId, new BackendClient({ url: this.endpoint!.url, token })))
      .catch((error: unknown) => this.options.logger.warn({ err: error }, 'could not read the view settings of the person switched to'));
    return this.state();
  }

  async setPin(pin: string): Promise<SessionState> {
    const userId = this.unlockedPerson();
    this.options.people.setPin(userId, await hashPin(pin));
    this.emitSession();
    return this.state();
  }

  lock(): SessionState {
    this.unlockedPerson();
    this.locked = true;
    this.emitSession();
    return this.state();
  }

  /** The windows saw the person work: the idle lock waits from now. */
  noteActivity(): void {
    this.lastActivity = this.options.timers.now();
  }

  setIdleLock(minutes: number | null): SessionState {
    const userId = this.unlockedPerson();
    if (this.options.people.get(userId)?.user.role !== 'manager') {
      throw new ApiFailure('FORBIDDEN', 'Only a manager sets when this desktop locks itself.');
    }
    this.options.syncState.set(IDLE_LOCK_KEY, minutes);
    this.noteActivity();
    this.scheduleIdleLock();
    this.emitSession();
    return this.state();
  }

  /**
   * The signed-in person leaves: their session ends on the backend once the changes they made
   * here are sent (at once when none wait); `forget` also takes them off this desktop's list.
   */
  signOut(forget: boolean): SessionState {
    const userId = this.current;
    this.deviceEndpoint();
    if (userId === null) throw new ApiFailure('NOT_SIGNED_IN', 'Nobody is signed in on this desktop.');
    this.endSignedIn('signed-out');
    this.end(userId, forget ? 'forget' : 'sign-out');
    this.emitSession();
    return this.state();
  }

  // ——— Requests with the person's token ———

  /**
   * A request of the signed-in person (a manager's Settings, their own settings): with their
   * token, renewed when due; a refusal of it ends their session here, and the caller hears it.
   */
  async asPerson<T>(request: (client: BackendClient) => Promise<T>): Promise<T> {
    const endpoint = this.endpoint;
    if (!endpoint) throw new ApiFailure('NOT_CONNECTED', 'This desktop is not joined to a backend.');
    const userId = this.current;
    if (userId === null) throw new ApiFailure('NOT_SIGNED_IN', 'Sign in first.');
    return asApiFailure(this.withToken(userId, request));
  }

  /**
   * A person's view settings for the backend (PUT /v2/users/me/settings), so that they follow
   * them to other desktops: best effort now, else kept and sent when the backend is back.
   */
  shareSettings(settings: UserSettings): void {
    const userId = this.endpoint ? this.current : null;
    if (userId === null) return;
    const waiting = this.settingsToShare();
    waiting[userId] = settings;
    this.options.syncState.set(SETTINGS_TO_SHARE_KEY, waiting);
    void this.sendSettings(userId);
  }

  /** The backend is reachable again: what waited for it goes now (settings, sessions to end). */
  backOnline(): void {
    for (const userId of Object.keys(this.settingsToShare())) void this.sendSettings(userId);
    void this.settleEndings();
  }

  /**
   * A request of `author` was refused with 401. Their session is renewed once (a token that ran
   * out while the computer slept is not an ended session); refused again, it ends here. True:
   * it ended (their changes now wait); false: renewed, try again later.
   */
  async sessionRefused(author: string, error: BackendAuthRefused): Promise<boolean> {
    const access = this.access.get(author);
    if (access && !error.refused(access.token)) return false;
    this.access.delete(author);
    try {
      await this.renew(author);
      return false;
    } catch (renewal) {
      return !(renewal instanceof BackendUnavailable) || !this.holding.has(author);
    }
  }

  /** After each change the backend took: the sessions of people who signed out end once nothing of theirs waits. */
  async settleEndings(): Promise<void> {
    if (this.settling || !this.endpoint || this.storedRefused) return;
    this.settling = true;
    let settled = false;
    try {
      for (const person of this.options.people.all()) {
        const userId = person.user.id;
        if (person.ending === 'none' || this.options.outbox.countBy(userId) > 0) continue;
        if (this.holding.has(userId)) {
          try {
            await this.withToken(userId, (client) => client.signOut());
          } catch (error) {
            if (error instanceof BackendUnavailable) continue;
            // Refused: the session is over already, which is what was asked.
          }
        }
        if (this.closed) return;
        // Signed in again meanwhile: that new session stays.
        const now = this.options.people.get(userId);
        if (!now || now.ending === 'none') continue;
        this.forgetSession(userId);
        if (now.ending === 'forget') this.options.people.remove(userId);
        settled = true;
      }
    } finally {
      this.settling = false;
    }
    if (settled) this.emitSession();
  }

  close(): void {
    this.closed = true;
    this.cancelRenewal?.();
    this.cancelIdle?.();
  }

  // ——— Inside ———

  private personalUser(): SignedInUser | null {
    return this.me?.kind === 'user' && this.me.user ? signedInUserOf(this.me.user) : null;
  }

  private idleLockMinutes(): number | null {
    return this.options.syncState.get(IDLE_LOCK_KEY, z.number().int().nullable()) ?? null;
  }

  /** People sign in, switch and lock on a registered device only. */
  private deviceEndpoint(): BackendEndpoint {
    const endpoint = this.endpoint;
    if (!endpoint) throw new ApiFailure('STANDALONE', 'This desktop works on its own: nobody signs in on it.');
    if (this.mode() === 'personal') {
      throw new ApiFailure('PERSONAL_TOKEN', `This desktop is joined with ${this.me?.name ?? 'a person'}’s own token: to let people sign in, a manager registers it as a device.`);
    }
    if (this.storedRefused) throw new ApiFailure('DEVICE_REVOKED', 'The backend no longer accepts this desktop: a manager registers it again and its new token is saved in Settings.');
    return endpoint;
  }

  /** The signed-in person, when the desktop is not locked. */
  private unlockedPerson(): string {
    this.deviceEndpoint();
    if (this.current === null) throw new ApiFailure('NOT_SIGNED_IN', 'Nobody is signed in on this desktop.');
    if (this.locked) throw new ApiFailure('LOCKED', 'This desktop is locked: unlock it first.');
    return this.current;
  }

  private becomeCurrent(userId: string): void {
    this.current = userId;
    this.locked = false;
    this.signedOut = null;
    this.noteActivity();
    this.scheduleRenewal();
    this.scheduleIdleLock();
  }

  /** Nobody is signed in any more, for `reason`; the people held stay held. */
  private endSignedIn(reason: SignedOutReason): void {
    if (this.mode() !== 'personal') this.current = null;
    this.locked = false;
    this.signedOut = reason;
    this.cancelRenewal?.();
    this.cancelIdle?.();
  }

  private end(userId: string, ending: Ending): void {
    this.options.people.setEnding(userId, ending);
    void this.settleEndings();
  }

  private refreshToken(userId: string): string | null {
    return this.options.secrets ? this.options.secrets.get(refreshSecret(userId)) : (this.memorySecrets.get(userId) ?? null);
  }

  private keepSession(userId: string, answer: TokenAnswer): void {
    if (this.options.secrets) this.options.secrets.set(refreshSecret(userId), answer.refresh_token);
    else this.memorySecrets.set(userId, answer.refresh_token);
    const now = this.options.timers.now();
    this.access.set(userId, { token: answer.access_token, renewAt: renewalAt(now, answer.expires_in * 1000), session: answer.principal.session });
  }

  /** This desktop no longer holds the person's session (its refresh token is gone). */
  private forgetSession(userId: string): void {
    if (this.options.secrets) this.options.secrets.remove(refreshSecret(userId));
    else this.memorySecrets.delete(userId);
    this.access.delete(userId);
    this.holding.delete(userId);
  }

  /** A new access token for the person, one renewal at a time; a refusal ends their session here. */
  private renew(userId: string): Promise<string> {
    let pending = this.renewing.get(userId);
    if (!pending) {
      pending = this.renewNow(userId).finally(() => this.renewing.delete(userId));
      this.renewing.set(userId, pending);
    }
    return pending;
  }

  private async renewNow(userId: string): Promise<string> {
    const endpoint = this.endpoint;
    const refresh = this.refreshToken(userId);
    if (!endpoint || !refresh) throw new BackendUnavailable('This desktop holds no session for this person any more.');
    let answer: TokenAnswer;
    try {
      answer = await new BackendClient({ url: endpoint.url, token: null }).token({ grant_type: 'refresh_token', refresh_token: refresh });
    } catch (error) {
      if (error instanceof BackendAuthRefused) this.sessionEnded(userId, signedOutReasonOf(error.code, error.message));
      throw error;
    }
    this.keepSession(userId, answer);
    return answer.access_token;
  }

  /**
   * The backend says these sessions ended. A person whose session is one of them is signed out
   * here at once. (One whose token was not renewed since this desktop started is known by
   * session only at their next request, which the backend then refuses.)
   */
  sessionsEnded(ids: string[]): void {
    const ended = new Set(ids);
    for (const [userId, access] of [...this.access]) {
      // Someone signing out here ends their own session: that is no revocation to tell about.
      const signingOut = this.options.people.get(userId)?.ending !== 'none';
      if (ended.has(access.session) && this.holding.has(userId) && !signingOut) this.sessionEnded(userId, 'revoked');
    }
  }

  /** The backend ended the person's session: their changes wait here until they sign in again. */
  private sessionEnded(userId: string, reason: SignedOutReason): void {
    this.options.logger.warn({ reason }, 'the backend ended a person’s session on this desktop');
    this.forgetSession(userId);
    if (this.current === userId) this.endSignedIn(reason);
    this.options.heldChanged();
    this.emitSession();
  }

  private async withToken<T>(userId: string, request: (client: BackendClient) => Promise<T>): Promise<T> {
    const url = this.endpoint!.url;
    const once = async () => request(new BackendClient({ url, token: await this.tokenFor(userId) }));
    try {
      return await once();
    } catch (error) {
      if (!(error instanceof BackendAuthRefused) || this.personalUser()?.id === userId) {
        if (error instanceof BackendAuthRefused) this.storedTokenRefused();
        throw error;
      }
      if (await this.sessionRefused(userId, error)) throw error;
      return once();
    }
  }

  private scheduleRenewal(): void {
    this.cancelRenewal?.();
    const userId = this.current;
    if (this.closed || userId === null || !this.holding.has(userId)) return;
    const access = this.access.get(userId);
    const wait = access ? Math.max(0, access.renewAt - this.options.timers.now()) : 0;
    this.cancelRenewal = this.options.timers.after(wait, () => {
      if (this.current !== userId) return;
      this.renew(userId).then(
        () => this.scheduleRenewal(),
        (error: unknown) => {
          if (!(error instanceof BackendUnavailable) || this.current !== userId) return;
          this.cancelRenewal = this.options.timers.after(RENEW_RETRY_MS, () => this.scheduleRenewal());
        },
      );
    });
  }

  private scheduleIdleLock(): void {
    this.cancelIdle?.();
    if (this.closed) return;
    const at = idleLockAt(this.lastActivity, this.idleLockMinutes());
    if (at === null || this.current === null || this.locked || this.mode() !== 'device') return;
    this.cancelIdle = this.options.timers.after(Math.max(0, at - this.options.timers.now()), () => {
      const state = { signedIn: this.current !== null, locked: this.locked, lastActivity: this.lastActivity, minutes: this.idleLockMinutes() };
      if (shouldIdleLock(state, this.options.timers.now())) {
        this.locked = true;
        this.emitSession();
      } else {
        this.scheduleIdleLock();
      }
    });
  }

  private async loadSettings(userId: string, client: BackendClient): Promise<void> {
    // Settings changed here while the backend was away go to it rather than being overwritten by its older ones.
    if (this.settingsToShare()[userId]) return this.sendSettings(userId);
    try {
      this.options.settingsArrived(userId, await client.userSettings());
    } catch (error) {
      this.options.logger.warn({ err: error }, 'could not read a person’s view settings from the backend; the cached ones serve');
    }
  }

  private settingsToShare(): Record<string, UserSettings> {
    return this.options.syncState.get(SETTINGS_TO_SHARE_KEY, SettingsToShareSchema) ?? {};
  }

  private async sendSettings(userId: string): Promise<void> {
    const settings = this.settingsToShare()[userId];
    if (!settings || !this.endpoint || (!this.holding.has(userId) && this.personalUser()?.id !== userId)) return;
    try {
      await this.withToken(userId, (client) => client.putUserSettings(settings));
    } catch (error) {
      // Unreachable, or their session ended: sent when the backend is back, or at their next sign-in.
      if (!(error instanceof BackendRefusal)) return;
      this.options.logger.warn({ code: error.code }, 'the backend refused a person’s view settings');
    }
    if (this.closed) return;
    // Sent (or refused for good): unless they changed again meanwhile, nothing waits any more.
    const waiting = this.settingsToShare();
    if (waiting[userId] === undefined || JSON.stringify(waiting[userId]) !== JSON.stringify(settings)) return;
    delete waiting[userId];
    this.options.syncState.set(SETTINGS_TO_SHARE_KEY, waiting);
  }

  private emitSession(): void {
    // A request that ends after the core closed has nobody to tell (and no cache to read).
    if (this.closed) return;
    this.options.emit({ type: 'session.changed', session: this.state() });
  }
}

function signedInUserOf(user: User): SignedInUser {
  return { id: user._id, name: user.name, email: user.email, role: user.role, inboxes: user.inboxes };
}

/** The backend's answer as the renderer hears it: its code and words, or that it cannot be reached. */
export async function asApiFailure<T>(request: Promise<T>): Promise<T> {
  try {
    return await request;
  } catch (error) {
    if (error instanceof BackendRefusal || error instanceof BackendAuthRefused) throw new ApiFailure(error.code, error.message);
    if (error instanceof BackendUnavailable) {
      throw new ApiFailure(error.code, error.code === 'BACKEND_UNAVAILABLE' ? `The backend cannot be reached now: ${error.message}` : error.message);
    }
    throw error;
  }
}
