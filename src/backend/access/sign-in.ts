import { decodeJwt } from 'jose';
import { ApiFailure } from '../../api/envelope';
import type { AuditFacts } from '../../api/v2/audit';
import type { PrincipalView, TokenAnswer, TokenRequest } from '../../api/v2/auth';
import type { Clock } from '../../ports/clock';
import type { Logger } from '../../ports/logger';
import type { BackendStore } from '../store/backend-store';
import type { ResolvedSession } from '../store/sessions-repo';
import type { UserRow } from '../store/users-repo';
import type { AccessTokens } from './access-tokens';
import { TooManyAttempts, type CredentialLimiter } from './credential-limiter';
import { principalOf, sessionEnd, sessionEndedMessage } from './credentials';
import { alreadyLinkedRefusal, checkProvider, linkRefusal, mayCreate, notAllowedRefusal, OidcRefusal, removedRefusal, verifyIdToken } from './oidc-id-token';
import type { ProviderNetwork } from './provider-fetch';
import { decoyHash, hashPassword, passwordMatches } from './passwords';
import { authorOf } from './principal';
import { hashInvitationCode, hashToken, newToken, tokenKindOf } from './tokens';

const DAY_MS = 24 * 60 * 60 * 1000;
/** A person's session ends after this long unused… */
export const SESSION_IDLE_MS = 7 * DAY_MS;
/** …and after this long in any case: then the person signs in again. */
export const SESSION_ABSOLUTE_MS = 30 * DAY_MS;

/** How a person proved who they are, as their sign-in's audit line keeps it. */
type SignInFacts = Pick<AuditFacts, 'how' | 'label'>;

export function principalView(session: ResolvedSession): PrincipalView {
  return { _id: session.subjectId, kind: session.kind, name: session.name, role: session.role, organization: session.organizationId, session: session.id };
}

/**
 * POST /v2/auth/token: a person signs in (password, invitation code, OpenID Connect ID token)
 * or renews their session (refresh token). A sign-in is counted per credential and per address
 * when it starts, before any costly check, and refused with 429 over the limit; one that
 * succeeds is taken back. A refresh token that works is never counted or refused.
 */
export class SignIn {
  constructor(
    private readonly store: BackendStore,
    private readonly clock: Clock,
    private readonly accessTokens: AccessTokens,
    private readonly limiter: CredentialLimiter,
    private readonly network: ProviderNetwork,
    private readonly logger: Logger,
  ) {}

  /** A manager's Test of a provider before saving it: answers, or says in words why it does not. */
  async testProvider(issuer: string): Promise<void> {
    try {
      await checkProvider(issuer, this.clock.now(), this.network);
    } catch (error) {
      if (!(error instanceof OidcRefusal)) throw error;
      if (error.cause) this.logger.warn({ issuer, err: error.cause instanceof Error ? error.cause.message : String(error.cause) }, 'a sign-in provider a manager tested could not be reached');
      throw new ApiFailure('OIDC_PROVIDER_CHECK_FAILED', error.message);
    }
  }

  async grant(request: TokenRequest, address: string): Promise<TokenAnswer> {
    switch (request.grant_type) {
      case 'password':
        return this.password(request.email, request.password, request.device_token, address);
      case 'invitation':
        return this.invitation(request.code, request.password, request.device_token, address);
      case 'id_token':
        return this.idToken(request.id_token, request.device_token, address);
      case 'refresh_token':
        return this.refresh(request.refresh_token, address);
    }
  }

  private async password(email: string, password: string, deviceToken: string | undefined, address: string): Promise<TokenAnswer> {
    const attempt = { credential: `email:${email.toLowerCase()}`, address };
    const charge = this.limiter.begin(attempt);
    const device = await this.device(deviceToken);
    const candidates = (await this.store.users.byEmail(email)).filter((u) => !device || u.organization_id === device.organizationId);
    let user: UserRow | undefined;
    for (const candidate of candidates) {
      if (candidate.password_hash && (await passwordMatches(candidate.password_hash, password))) {
        user = candidate;
        break;
      }
    }
    // An unknown e-mail costs one Argon2 check too, so the time taken does not tell it apart.
    if (!candidates.some((c) => c.password_hash)) await passwordMatches(await decoyHash(), password);
    if (!user) {
      const organizations = new Set(device ? [device.organizationId] : candidates.map((c) => c.organization_id));
      for (const org of organizations) {
        const known = candidates.find((c) => c.organization_id === org);
        await this.audit(org, 'signin.failed', known ? { id: known.id, name: known.name, kind: 'user' } : null, device, address, email, { how: 'password' });
      }
      throw new ApiFailure('UNAUTHORIZED', 'The e-mail address or the password is wrong.');
    }
    this.limiter.release(charge);
    this.limiter.succeeded(attempt);
    return this.open(user, device, address, { how: 'password' });
  }

  private async invitation(code: string, password: string, deviceToken: string | undefined, address: string): Promise<TokenAnswer> {
    const hash = hashInvitationCode(code);
    const attempt = { credential: `invitation:${hash}`, address };
    const charge = this.limiter.begin(attempt);
    const device = await this.device(deviceToken);
    const user = await this.store.users.byInvitation(hash);
    const now = this.clock.now();
    const unknown = 'This invitation code is not known (or was used already); ask your manager for a new one.';
    if (!user || (device && device.organizationId !== user.organization_id)) throw new ApiFailure('UNAUTHORIZED', unknown);
    if (user.invitation_expires_at !== null && user.invitation_expires_at <= now) {
      throw new ApiFailure('UNAUTHORIZED', `This invitation code ended on ${new Date(user.invitation_expires_at).toISOString()}; ask your manager for a new one.`);
    }
    const passwordHash = await hashPassword(password);
    // Two requests with the same code both get here (the hash is awaited): the code is used up
    // by a conditional update, in the transaction that opens the session, so only the first
    // sets a password and signs in; the other finds the code gone.
    const opened = await this.store.write(user.organization_id, this.clock.now(), async () =>
      (await this.store.users.useInvitation(user.id, hash, passwordHash)) ? this.openSession(user, device, address, { how: 'invitation' }) : null,
    );
    if (!opened) throw new ApiFailure('UNAUTHORIZED', unknown);
    this.limiter.release(charge);
    this.limiter.succeeded(attempt);
    return this.answer(opened.session, opened.refreshToken);
  }

  private async idToken(idToken: string, deviceToken: string | undefined, address: string): Promise<TokenAnswer> {
    const attempt = { credential: `id_token:${hashToken(idToken)}`, address };
    const charge = this.limiter.begin(attempt);
    const device = await this.device(deviceToken);
    // The ID token names its provider; the organisations that sign in with it are asked in turn
    // (on a registered device, only the device's).
    let issuer: unknown;
    try {
      issuer = decodeJwt(idToken).iss;
    } catch {
      issuer = undefined;
    }
    const organizations = device ? [device.organizationId] : await this.store.users.organizationsWithOidc(typeof issuer === 'string' ? issuer : '');
    let refusal: OidcRefusal = new OidcRefusal('issuer', 'No organisation here signs in with this provider.');
    for (const organizationId of organizations) {
      const settings = await this.store.users.oidcSettings(organizationId);
      if (!settings) continue;
      // Who the provider says signed in, for the audit line of a refusal ('' before the token is verified).
      let claimed = '';
      try {
        const identity = await verifyIdToken(settings, idToken, this.clock.now(), this.network);
        claimed = identity.email;
        const now = this.clock.now();
        let user = await this.store.users.byOidcSubject(organizationId, identity.subject);
        const byEmail = user ? undefined : await this.store.users.byEmailIn(organizationId, identity.email);
        if (byEmail) {
          // The person with this address signs in with the provider for the first time: linked
          // only on an address the provider vouches for (linkRefusal), and never away from
          // another account of the provider it was linked to — the subject is who they are.
          if (byEmail.oidc_subject !== null) throw alreadyLinkedRefusal(settings, identity.email);
          const refused = linkRefusal(settings, identity);
          if (refused) throw refused;
          await this.store.users.setOidcSubject(byEmail.id, identity.subject);
          user = byEmail;
        } else if (!user) {
          // A manager removed them: an allowed domain does not bring them back; adding them again does.
          const removed = await this.store.users.removedWithOidcSubject(organizationId, identity.subject);
          if (removed) throw removedRefusal(identity.email, removed.removed_at!);
          if (!mayCreate(settings, identity.email)) throw notAllowedRefusal(settings, identity.email);
          const role = settings.newUserRole;
          const made = await this.store.write(organizationId, now, async (emit) => {
            // Asked again where the organisation's writes follow one another: the same first sign-in at the same moment (another tab, another process) made them already.
            const already = await this.store.users.byOidcSubject(organizationId, identity.subject);
            if (already) return { user: already, created: false };
            const created = await this.store.users.create(organizationId, { name: identity.name, email: identity.email, role, inboxes: [], oidcSubject: identity.subject }, null, now);
            emit('user.upsert', { user: { id: created.id, name: created.name, role: created.role } });
            return { user: created, created: true };
          });
          user = made.user;
          if (made.created) await this.audit(organizationId, 'user.created', null, device, address, identity.email, { role, how: 'provider', label: settings.label });
        }
        this.limiter.release(charge);
        this.limiter.succeeded(attempt);
        return this.open(user, device, address, { how: 'provider', label: settings.label });
      } catch (error) {
        if (!(error instanceof OidcRefusal)) throw error;
        refusal = error;
        if (error.reason === 'provider') {
          // The caller reads only that the provider could not be reached; why is for the operator.
          this.logger.warn({ organization: organizationId, issuer: settings.issuer, reason: error.message, err: error.cause }, 'the sign-in provider could not be asked');
        } else await this.audit(organizationId, 'signin.failed', null, device, address, claimed, { how: 'provider', label: settings.label, reason: error.reason });
      }
    }
    if (refusal.reason === 'provider') {
      // The provider could not be asked: nobody's guess, so not counted against them.
      this.limiter.release(charge);
      throw new ApiFailure('OIDC_PROVIDER_UNAVAILABLE', refusal.message);
    }
    // The provider knows the person, but this organisation does not let them in (as who they claim).
    if (refusal.reason === 'domain' || refusal.reason === 'linked' || refusal.reason === 'removed') throw new ApiFailure('FORBIDDEN', refusal.message);
    throw new ApiFailure('UNAUTHORIZED', refusal.message);
  }

  private async refresh(refreshToken: string, address: string): Promise<TokenAnswer> {
    const hash = hashToken(refreshToken);
    // Looked up first (one indexed read, nothing costly): a refresh token that works is never
    // refused because of other clients' failures from the same address.
    const session = tokenKindOf(refreshToken) === 'refresh' ? await this.store.sessions.byTokenHash(hash) : undefined;
    const now = this.clock.now();
    const ended = session && sessionEndedMessage(session, now);
    if (!session || ended) {
      const attempt = { credential: `refresh:${hash}`, address };
      const wait = this.limiter.retryAfter(attempt);
      if (wait > 0) throw new TooManyAttempts(wait);
      this.limiter.fail(attempt);
    }
    if (!session) throw new ApiFailure('UNAUTHORIZED', 'This refresh token is not valid; sign in again.');
    if (ended) throw new ApiFailure('SESSION_ENDED', ended);
    await this.store.sessions.renewed(session.id, now, Math.min(now + SESSION_IDLE_MS, session.absoluteExpiresAt ?? Infinity));
    return this.answer((await this.store.sessions.get(session.id))!, refreshToken);
  }

  /** A new session for a person who proved who they are; recorded in the audit log with the device. */
  private async open(user: UserRow, device: ResolvedSession | null, address: string, how: SignInFacts): Promise<TokenAnswer> {
    const { session, refreshToken } = await this.openSession(user, device, address, how);
    return this.answer(session, refreshToken);
  }

  private async openSession(user: UserRow, device: ResolvedSession | null, address: string, how: SignInFacts): Promise<{ session: ResolvedSession; refreshToken: string }> {
    const now = this.clock.now();
    const refreshToken = newToken('refresh');
    const session = await this.store.sessions.create(
      {
        organizationId: user.organization_id,
        tokenKind: 'refresh',
        tokenHash: hashToken(refreshToken),
        userId: user.id,
        deviceId: device?.subjectId ?? null,
        expiresAt: now + SESSION_IDLE_MS,
        absoluteExpiresAt: now + SESSION_ABSOLUTE_MS,
      },
      now,
    );
    await this.store.users.signedIn(user.id, now);
    await this.audit(user.organization_id, 'signin', authorOf(principalOf(session)), device, address, user.email ?? user.name, how);
    return { session, refreshToken };
  }

  private async answer(session: ResolvedSession, refreshToken: string): Promise<TokenAnswer> {
    const access = await this.accessTokens.sign({ subject: session.subjectId, organization: session.organizationId, role: session.role, session: session.id });
    return {
      access_token: access.token,
      token_type: 'Bearer',
      expires_in: access.expiresIn,
      refresh_token: refreshToken,
      session_expires_at: session.endsAt,
      principal: principalView(session),
    };
  }

  /**
   * The registered device a person signs in on, from its token; a token that does not work is a
   * failed sign-in (counted already, when the sign-in began).
   */
  private async device(token: string | undefined): Promise<ResolvedSession | null> {
    if (token === undefined) return null;
    const session = tokenKindOf(token) === 'device' ? await this.store.sessions.byTokenHash(hashToken(token)) : undefined;
    const now = this.clock.now();
    if (!session || sessionEnd(session, now) !== null) {
      throw new ApiFailure('SESSION_ENDED', 'This device is no longer registered (its token was revoked or ended); a manager registers it again.');
    }
    // A wall screen hangs unattended and may not show messages or contact details: nobody signs in on it.
    if (session.role === 'wall') throw new ApiFailure('FORBIDDEN', `${session.name} is a wall screen: nobody signs in on it.`);
    return session;
  }

  private async audit(
    organizationId: string,
    action: 'signin' | 'signin.failed' | 'user.created',
    actor: { id: string; name: string; kind: 'user' | 'device' | 'integration' } | null,
    device: ResolvedSession | null,
    address: string,
    detail: string,
    facts: AuditFacts,
  ): Promise<void> {
    await this.store.audit.append(organizationId, { action, actor, device: device?.name ?? null, address, detail, facts }, this.clock.now());
  }
}
