import type { Clock } from '../../ports/clock';
import type { SessionsRepo, ResolvedSession } from '../store/sessions-repo';
import type { AccessTokens } from './access-tokens';
import type { Principal } from './principal';
import type { StreamEnd } from './session-watch';
import { hashToken } from './tokens';

/** A device token's end moves this far ahead with every use (at most once a minute). */
export const DEVICE_SLIDE_MS = 90 * 24 * 60 * 60 * 1000;
/** last_used_at (and a device's sliding end) is written at most this often per session. */
const USE_WRITE_EVERY_MS = 60_000;

export type Identified =
  | { ok: true; principal: Principal; session: ResolvedSession }
  | { ok: false; code: 'UNAUTHORIZED' | 'SESSION_ENDED'; message: string };

export function principalOf(session: ResolvedSession): Principal {
  return {
    organizationId: session.organizationId,
    sessionId: session.id,
    kind: session.kind,
    role: session.role,
    subjectId: session.subjectId,
    name: session.name,
    userId: session.userId,
    inboxes: session.inboxes,
    system: session.system,
  };
}

/** Whether a session still works at `now`; if not, why. */
export function sessionEnd(session: ResolvedSession | undefined, now: number): StreamEnd | null {
  if (!session || session.revokedAt !== null) return 'revoked';
  return session.endsAt <= now ? 'expired' : null;
}

/** Why a found session no longer works at `now`, in words (401 SESSION_ENDED); null while it works. */
export function sessionEndedMessage(session: ResolvedSession, now: number): string | null {
  switch (sessionEnd(session, now)) {
    case 'revoked':
      return `This session was revoked on ${new Date(session.revokedAt!).toISOString()}; sign in again.`;
    case 'expired':
      return `This session ended on ${new Date(session.endsAt).toISOString()}; sign in again.`;
    default:
      return null;
  }
}

/**
 * Who a Bearer token is: a person's access token (a JWT: two dots) or an opaque token (a
 * person's own API token, a device's, an integration's). Either way the session behind it is
 * read on every use, so a revocation or an end takes effect at the next request; the role is
 * the person's or device's as it is now, not as it was when the token was made.
 */
export class Credentials {
  constructor(
    private readonly sessions: SessionsRepo,
    private readonly accessTokens: AccessTokens,
    private readonly clock: Clock,
  ) {}

  async identify(token: string): Promise<Identified> {
    const now = this.clock.now();
    let session: ResolvedSession | undefined;
    if (token.split('.').length === 3) {
      const verified = this.accessTokens.verify(token);
      if (!verified.ok) {
        return verified.refusal === 'expired'
          ? { ok: false, code: 'SESSION_ENDED', message: 'This access token has ended; renew it with the refresh token (POST /v2/auth/token).' }
          : { ok: false, code: 'UNAUTHORIZED', message: 'This token is not valid.' };
      }
      session = await this.sessions.get(verified.claims.sid);
      if (session && (session.tokenKind !== 'refresh' || session.organizationId !== verified.claims.organization || session.subjectId !== verified.claims._id)) {
        session = undefined;
      }
    } else {
      // Found by its hash whatever its prefix: tokens from before people (asb_…) became personal
      // tokens with the same hash. A refresh token renews a session at POST /v2/auth/token; it is not a Bearer.
      session = await this.sessions.byTokenHash(hashToken(token));
      if (session?.tokenKind === 'refresh') session = undefined;
    }
    if (!session) return { ok: false, code: 'UNAUTHORIZED', message: 'This token is not valid.' };
    const ended = sessionEndedMessage(session, now);
    if (ended) return { ok: false, code: 'SESSION_ENDED', message: ended };
    if (session.lastUsedAt === null || now - session.lastUsedAt >= USE_WRITE_EVERY_MS) {
      await this.sessions.used(session.id, now, session.tokenKind === 'device' ? now + DEVICE_SLIDE_MS : null);
    }
    return { ok: true, principal: principalOf(session), session };
  }
}
