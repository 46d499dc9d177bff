import { ApiFailure } from '../../api/envelope';
import type { SessionState, SignedInUser, SignedOutReason } from '../../api/people';
import type { TokenRequest } from '../../api/v2/auth';
import type { Clock } from '../../ports/clock';
import type { Logger } from '../../ports/logger';
import type { DesktopPeopleRepo } from '../cache/desktop-people-repo';
import { BackendClient } from '../relay/backend-client';
import { asApiFailure } from './as-api-failure';
import type { DeskLock } from './desk-lock';
import type { PersonTokens } from './person-tokens';
import type { SessionEndings } from './session-endings';
import type { SharedViewSettings } from './shared-view-settings';
import { signedInUserOf, type StoredToken } from './stored-token';

export interface SigningInOptions {
  people: DesktopPeopleRepo;
  /** When someone signed in is a date, kept with them. */
  clock: Clock;
  logger: Logger;
  stored: StoredToken;
  tokens: PersonTokens;
  desk: DeskLock;
  viewSettings: SharedViewSettings;
  endings: SessionEndings;
  /** Who may send now changed (someone signed in, a session ended): the outbox looks again. */
  heldChanged(): void;
  /** Who is signed in, or why nobody is, changed: the windows are told. */
  changed(): void;
}

/**
 * Who is signed in on this desktop now, or why nobody is, and what the windows show of it: a
 * sign-in on the device, a switch back to someone held here, a sign-out, or the backend ending
 * a session. Whoever was signed in before a sign-in or a switch stays held, so the changes they
 * made are still sent with their session and they come back with their PIN.
 */
export class SigningIn {
  private userId: string | null = null;
  private reason: SignedOutReason | null = null;

  constructor(private readonly options: SigningInOptions) {}

  get current(): string | null {
    return this.userId;
  }

  signedIn(): SignedInUser | null {
    if (this.userId === null) return null;
    const personal = this.options.stored.personalUser();
    if (personal && personal.id === this.userId) return personal;
    return this.options.people.get(this.userId)?.user ?? null;
  }

  /** What the windows show: who is signed in, who signed in here lately and comes back with a PIN, the lock, and the sign-in offered. */
  state(): SessionState {
    const { stored, people, tokens, desk } = this.options;
    return {
      mode: stored.mode(),
      device: stored.device(),
      user: this.signedIn(),
      recent: stored.personalUser()
        ? []
        : people
            .all()
            .filter((p) => p.ending !== 'forget')
            .map((p) => ({ id: p.user.id, name: p.user.name, hasPin: p.pinHash !== null && p.ending === 'none' && tokens.holds(p.user.id) })),
      locked: desk.locked,
      idleLockMinutes: desk.minutes(),
      // The button's words; the client secret some providers ask for stays in the core.
      oidc: stored.oidc && { issuer: stored.oidc.issuer, clientId: stored.oidc.clientId, label: stored.oidc.label },
      signedOut: this.reason,
    };
  }

  /** Another backend (or none): the person whose own token it is, if it is one, is the one signed in. */
  reset(): void {
    this.userId = this.options.stored.personalUser()?.id ?? null;
    this.options.desk.unlock();
    this.reason = null;
  }

  /** The backend said the stored token is this person's own: they are the one signed in. */
  setPersonal(userId: string): void {
    this.userId = userId;
  }

  /**
   * A sign-in with a password, an invitation or an OpenID Provider's ID token, on this device:
   * the person is signed in and the one whose changes these are from now on.
   */
  async signIn(grant: Exclude<TokenRequest, { grant_type: 'refresh_token' }>): Promise<void> {
    const endpoint = this.options.stored.deviceEndpoint();
    const answer = await asApiFailure(new BackendClient({ url: endpoint.url, token: null }).token({ ...grant, device_token: endpoint.token }));
    const client = new BackendClient({ url: endpoint.url, token: answer.access_token });
    const me = await asApiFailure(client.me());
    if (!me.user) throw new ApiFailure('NOT_A_PERSON', 'The backend answered this sign-in with a token that is not a person’s.');
    const user = signedInUserOf(me.user);
    this.options.tokens.keep(user.id, answer);
    this.options.people.signedIn(user, this.options.clock.now());
    this.options.tokens.hold(user.id);
    this.becomeCurrent(user.id);
    await this.options.viewSettings.load(user.id, client);
    this.options.heldChanged();
    this.options.changed();
  }

  /** Back to someone who signed in here lately (or unlocking), with their PIN; five wrong ones forget their session here. */
  async switchUser(userId: string, pin: string): Promise<void> {
    const { stored, people, tokens, desk } = this.options;
    stored.deviceEndpoint();
    await desk.oneAttemptAtATime(userId, async () => {
      // Read after the attempts before this one ended: their fifth wrong PIN may have forgotten the person.
      const person = people.get(userId);
      if (!person || person.ending !== 'none' || !tokens.holds(userId)) {
        throw new ApiFailure('NOT_HELD', 'This person is not signed in on this desktop any more: they sign in with their password.');
      }
      await desk.checkPin(person, pin, () => {
        if (this.userId === userId) this.leave('pin-attempts');
        this.options.endings.end(userId, 'forget');
        this.options.changed();
      });
      this.becomeCurrent(userId);
    });
    this.options.changed();
    // Their settings may have changed on another desktop; offline, the cached ones serve.
    void tokens
      .tokenFor(userId)
      .then((token) => this.options.viewSettings.load(userId, new BackendClient({ url: stored.endpoint!.url, token })))
      .catch((error: unknown) => this.options.logger.warn({ err: error }, 'could not read the view settings of the person switched to'));
  }

  /**
   * The signed-in person leaves: their session ends on the backend once the changes they made
   * here are sent (at once when none wait); `forget` also takes them off this desktop's list.
   */
  signOut(forget: boolean): void {
    const userId = this.userId;
    this.options.stored.deviceEndpoint();
    if (userId === null) throw new ApiFailure('NOT_SIGNED_IN', 'Nobody is signed in on this desktop.');
    this.leave('signed-out');
    this.options.endings.end(userId, forget ? 'forget' : 'sign-out');
    this.options.changed();
  }

  /** The signed-in person, when the desktop is not locked: only they set a PIN, lock or set the idle lock. */
  unlockedPerson(): string {
    this.options.stored.deviceEndpoint();
    if (this.userId === null) throw new ApiFailure('NOT_SIGNED_IN', 'Nobody is signed in on this desktop.');
    if (this.options.desk.locked) throw new ApiFailure('LOCKED', 'This desktop is locked: unlock it first.');
    return this.userId;
  }

  /** Nobody is signed in any more, for `reason`; the people held stay held. */
  leave(reason: SignedOutReason): void {
    if (this.options.stored.mode() !== 'personal') this.userId = null;
    this.options.desk.unlock();
    this.reason = reason;
    this.options.tokens.stopRenewing();
    this.options.desk.stopWatching();
  }

  /** The backend ended the person's session: their changes wait here until they sign in again. */
  sessionEnded(userId: string, reason: SignedOutReason): void {
    this.options.logger.warn({ reason }, 'the backend ended a person’s session on this desktop');
    this.options.tokens.forget(userId);
    if (this.userId === userId) this.leave(reason);
    this.options.heldChanged();
    this.options.changed();
  }

  private becomeCurrent(userId: string): void {
    this.userId = userId;
    this.options.desk.unlock();
    this.reason = null;
    this.options.desk.noteActivity();
    this.options.tokens.renewAhead();
    this.options.desk.watch();
  }
}
