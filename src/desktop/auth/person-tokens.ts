import type { SignedOutReason } from '../../api/people';
import type { TokenAnswer } from '../../api/v2/auth';
import type { SecretStore } from '../../ports/secret-store';
import type { Timers } from '../../ports/timers';
import { BackendAuthRefused, BackendClient, BackendUnavailable } from '../relay/backend-client';
import { renewalAt, signedOutReasonOf } from './session-rules';
import type { StoredToken } from './stored-token';

/** A renewal that could not reach the backend is tried again this much later. */
const RENEW_RETRY_MS = 30_000;

const refreshSecret = (userId: string) => `person.${userId}.refresh`;

/** A person's access token in memory: when it is renewed, and until when it works at all. */
interface Access {
  token: string;
  renewAt: number;
  /** The backend's session it renews in: a session.end event naming it signs the person out. */
  session: string;
}

export interface PersonTokensOptions {
  /** Where refresh tokens are kept; none: in memory only, so sessions end with the app. */
  secrets: SecretStore | null;
  /** Deadlines of renewals count on the timers. */
  timers: Timers;
  /** The desktop's own token: requests without a person, and all of them on a person's own token, go with it. */
  stored: StoredToken;
  /** The person signed in now: their access token is renewed ahead of its end. */
  signedIn(): string | null;
  /** The backend refused to renew the person's session: it ended, for `reason`. */
  refused(userId: string, reason: SignedOutReason): void;
  /** The backend refused the stored token itself. */
  storedTokenRefused(): void;
}

/**
 * The sessions of the people who signed in on this desktop, and the Bearer each request goes
 * with. A person's refresh token is kept in the secret store (it outlives the app, so they come
 * back with a PIN); their access token only in memory (it lives minutes), renewed before it
 * ends, one renewal at a time, so that the requests waiting for it ask the backend once.
 */
export class PersonTokens {
  private readonly access = new Map<string, Access>();
  private readonly renewing = new Map<string, Promise<string>>();
  /** People whose refresh token this desktop holds, so their changes can be sent. */
  private readonly holding = new Set<string>();
  private readonly memorySecrets = new Map<string, string>();
  private cancelRenewal: (() => void) | null = null;
  private closed = false;

  /** `people`: those the cache knows signed in here; they are held when their refresh token is still kept. */
  constructor(
    private readonly options: PersonTokensOptions,
    people: string[],
  ) {
    for (const userId of people) if (this.refreshToken(userId)) this.holding.add(userId);
  }

  holds(userId: string): boolean {
    return this.holding.has(userId);
  }

  /** The people whose changes can be sent now: the one whose own token is stored, and those this desktop holds a session for. */
  held(): string[] {
    const personal = this.options.stored.personalUser();
    return personal ? [personal.id, ...this.holding] : [...this.holding];
  }

  /** The tokens of a sign-in or a renewal: the refresh token kept, the access token in memory until it is due. */
  keep(userId: string, answer: TokenAnswer): void {
    if (this.options.secrets) this.options.secrets.set(refreshSecret(userId), answer.refresh_token);
    else this.memorySecrets.set(userId, answer.refresh_token);
    const now = this.options.timers.now();
    this.access.set(userId, { token: answer.access_token, renewAt: renewalAt(now, answer.expires_in * 1000), session: answer.principal.session });
  }

  /** The person's changes can be sent from now on. */
  hold(userId: string): void {
    this.holding.add(userId);
  }

  /** Every session this desktop holds ends here (their refresh tokens belong to the backend that made them). */
  forgetAll(): void {
    for (const userId of [...this.holding]) this.forget(userId);
  }

  /** This desktop no longer holds the person's session (its refresh token is gone). */
  forget(userId: string): void {
    if (this.options.secrets) this.options.secrets.remove(refreshSecret(userId));
    else this.memorySecrets.delete(userId);
    this.access.delete(userId);
    this.holding.delete(userId);
  }

  /** The Bearer for a change by `author` (null: the desktop's own token), renewed first when due. */
  async tokenFor(author: string | null): Promise<string> {
    const { stored } = this.options;
    const endpoint = stored.endpoint;
    if (!endpoint || stored.refused) throw new BackendUnavailable('This desktop’s token for the backend was refused; a new one must be saved in Settings.');
    if (author === null || author === stored.personalUser()?.id) return endpoint.token;
    const access = this.access.get(author);
    if (access && this.options.timers.now() < access.renewAt) return access.token;
    return this.renew(author);
  }

  /** A request with the person's token: a 401 of it renews their session once and tries again (it may just have run out); one of the stored token stops the desktop. */
  async withToken<T>(userId: string, request: (client: BackendClient) => Promise<T>): Promise<T> {
    const url = this.options.stored.endpoint!.url;
    const once = async () => request(new BackendClient({ url, token: await this.tokenFor(userId) }));
    try {
      return await once();
    } catch (error) {
      if (!(error instanceof BackendAuthRefused) || this.options.stored.personalUser()?.id === userId) {
        if (error instanceof BackendAuthRefused) this.options.storedTokenRefused();
        throw error;
      }
      if (await this.sessionRefused(userId, error)) throw error;
      return once();
    }
  }

  /** Each person with an access token in memory, and the backend's session it renews in. */
  sessions(): [userId: string, session: string][] {
    return [...this.access].map(([userId, access]) => [userId, access.session]);
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

  /** Renews the signed-in person's access token when it is due, and again after each renewal. */
  renewAhead(): void {
    this.cancelRenewal?.();
    const userId = this.options.signedIn();
    if (this.closed || userId === null || !this.holding.has(userId)) return;
    const access = this.access.get(userId);
    const wait = access ? Math.max(0, access.renewAt - this.options.timers.now()) : 0;
    this.cancelRenewal = this.options.timers.after(wait, () => {
      if (this.options.signedIn() !== userId) return;
      this.renew(userId).then(
        () => this.renewAhead(),
        (error: unknown) => {
          if (!(error instanceof BackendUnavailable) || this.options.signedIn() !== userId) return;
          this.cancelRenewal = this.options.timers.after(RENEW_RETRY_MS, () => this.renewAhead());
        },
      );
    });
  }

  /** Nobody is signed in any more: no renewal waits for them. */
  stopRenewing(): void {
    this.cancelRenewal?.();
  }

  close(): void {
    this.closed = true;
    this.cancelRenewal?.();
  }

  private refreshToken(userId: string): string | null {
    return this.options.secrets ? this.options.secrets.get(refreshSecret(userId)) : (this.memorySecrets.get(userId) ?? null);
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
    const endpoint = this.options.stored.endpoint;
    const refresh = this.refreshToken(userId);
    if (!endpoint || !refresh) throw new BackendUnavailable('This desktop holds no session for this person any more.');
    let answer: TokenAnswer;
    try {
      answer = await new BackendClient({ url: endpoint.url, token: null }).token({ grant_type: 'refresh_token', refresh_token: refresh });
    } catch (error) {
      if (error instanceof BackendAuthRefused) this.options.refused(userId, signedOutReasonOf(error.code, error.message));
      throw error;
    }
    this.keep(userId, answer);
    return answer.access_token;
  }
}
