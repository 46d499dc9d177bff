import { createHash } from 'node:crypto';
import { z } from 'zod';
import { ApiFailure } from '../../api/envelope';
import type { SessionState, SignedInUser } from '../../api/people';
import { OidcPublicSettingsSchema, type OidcPublicSettings, type UserRole } from '../../api/v2/auth';
import { MeSchema, type Me, type User } from '../../api/v2/users';
import type { SyncStateRepo } from '../cache/sync-state-repo';
import type { BackendClient, BackendEndpoint } from '../relay/backend-client';

/** What GET /v2/auth/me said of the stored token, for the days the backend is away; with the token's hash, never the token. */
const IDENTITY_KEY = 'backendIdentity';

const IdentitySchema = z.object({ tokenHash: z.string(), me: MeSchema, oidc: OidcPublicSettingsSchema.default(null) });

const hashOf = (token: string) => createHash('sha256').update(token).digest('hex');

/** A backend user as the windows show the person signed in. */
export function signedInUserOf(user: User): SignedInUser {
  return { id: user._id, name: user.name, email: user.email, role: user.role, inboxes: user.inboxes };
}

/**
 * The backend token saved in this desktop's settings, and who it is: a device's (people sign
 * in on it) or a person's own (that person is always signed in), with the sign-in the
 * organisation offers. What the backend said is kept in the cache under the token's hash, so
 * a desktop started while the backend is away still knows, and a newly saved token is asked again.
 */
export class StoredToken {
  private current: BackendEndpoint | null = null;
  private me: Me | null = null;
  private offered: OidcPublicSettings = null;
  /** The backend refused the token: nothing goes to it until a new one is saved. */
  private refusedNow = false;

  constructor(private readonly syncState: SyncStateRepo) {}

  /** The backend this desktop uses now (none: standalone); what is known of its token is read from the cache. */
  use(endpoint: BackendEndpoint | null): void {
    this.current = endpoint;
    this.refusedNow = false;
    this.me = null;
    this.offered = null;
    if (endpoint) {
      const known = this.syncState.get(IDENTITY_KEY, IdentitySchema);
      if (known && known.tokenHash === hashOf(endpoint.token)) {
        this.me = known.me;
        this.offered = known.oidc;
      }
    }
  }

  get endpoint(): BackendEndpoint | null {
    return this.current;
  }

  get refused(): boolean {
    return this.refusedNow;
  }

  refuse(): void {
    this.refusedNow = true;
  }

  /** The sign-in through the organisation's OpenID provider, when it has one. */
  get oidc(): OidcPublicSettings {
    return this.offered;
  }

  mode(): SessionState['mode'] {
    if (!this.current) return 'standalone';
    return this.me?.kind === 'user' ? 'personal' : 'device';
  }

  /** People sign in, switch and lock on a registered device only. */
  deviceEndpoint(): BackendEndpoint {
    const endpoint = this.current;
    if (!endpoint) throw new ApiFailure('STANDALONE', 'This desktop works on its own: nobody signs in on it.');
    if (this.mode() === 'personal') {
      throw new ApiFailure('PERSONAL_TOKEN', `This desktop is joined with ${this.me?.name ?? 'a person'}’s own token: to let people sign in, a manager registers it as a device.`);
    }
    if (this.refusedNow) throw new ApiFailure('DEVICE_REVOKED', 'The backend no longer accepts this desktop: a manager registers it again and its new token is saved in Settings.');
    if (this.me?.role === 'wall') throw new ApiFailure('WALL', 'This is a wall screen: nobody signs in on it.');
    return endpoint;
  }

  /**
   * Who may give this desktop another backend or token: anyone while it has none, or while its
   * registration was refused (the way back); on a working registered desktop only a manager
   * signed in, since people's passwords and sessions go wherever it points.
   */
  mayChangeBackend(signedIn: SignedInUser | null, locked: boolean): void {
    if (!this.current || this.refusedNow || this.mode() !== 'device') return;
    if (!signedIn || locked || signedIn.role !== 'manager') {
      throw new ApiFailure('MANAGER_ONLY', 'On a registered desktop only a manager, signed in, changes its backend or token.');
    }
  }

  /** The person whose own token this is; null for a device's. */
  personalUser(): SignedInUser | null {
    return this.me?.kind === 'user' && this.me.user ? signedInUserOf(this.me.user) : null;
  }

  /** The registered device this token is, as the windows name it. */
  device(): SessionState['device'] {
    return this.me && this.me.kind === 'device' && (this.me.role === 'desktop' || this.me.role === 'wall') ? { name: this.me.name, role: this.me.role } : null;
  }

  /**
   * Asks the backend who the token is (GET /v2/auth/me) and, for a device, what sign-in it
   * offers; a 401 is thrown for the relay to stop. False: nothing to ask, or another token was
   * saved meanwhile and the answer is not its.
   */
  async identify(client: BackendClient): Promise<boolean> {
    const endpoint = this.current;
    if (!endpoint) return false;
    const me = await client.me();
    const oidc = me.kind === 'device' ? await client.oidc().catch(() => this.offered) : null;
    if (this.current !== endpoint) return false;
    this.me = me;
    this.offered = oidc;
    this.syncState.set(IDENTITY_KEY, { tokenHash: hashOf(endpoint.token), me, oidc });
    return true;
  }

  /** A manager renamed the person whose own token this is, or changed their role: true when it is them. */
  personChanged(person: { id: string; name: string; role: UserRole }): boolean {
    const endpoint = this.current;
    if (!endpoint || this.me?.kind !== 'user' || this.me.user?._id !== person.id) return false;
    this.me = { ...this.me, name: person.name, role: person.role, user: { ...this.me.user, name: person.name, role: person.role } };
    this.syncState.set(IDENTITY_KEY, { tokenHash: hashOf(endpoint.token), me: this.me, oidc: this.offered });
    return true;
  }

  /** A manager changed the organisation's OpenID provider from this desktop: its sign-in offers it at once. */
  oidcChanged(oidc: OidcPublicSettings): void {
    this.offered = oidc;
    const endpoint = this.current;
    if (endpoint && this.me) this.syncState.set(IDENTITY_KEY, { tokenHash: hashOf(endpoint.token), me: this.me, oidc });
  }
}
