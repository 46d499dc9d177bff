import type { FastifyRequest } from 'fastify';
import { ApiFailure } from '../../api/envelope';
import { TooManyAttempts, type CredentialLimiter } from '../access/credential-limiter';
import type { Credentials } from '../access/credentials';
import { allows, refusalReason, type Action } from '../access/permissions';
import type { Principal } from '../access/principal';
import { hashToken } from '../access/tokens';

/** What every route asks: the caller, allowed to do `action`; else a 401, 403 or 429 in the error shape. */
export type Auth = (request: FastifyRequest, action: Action) => Promise<Principal>;

/** The token of an `Authorization: Bearer …` header; the scheme's name is case-insensitive (RFC 9110 §11.1). */
export function bearerOf(request: FastifyRequest): string | null {
  const [, token = ''] = /^Bearer +(\S+) *$/i.exec(request.headers.authorization ?? '') ?? [];
  return token || null;
}

/**
 * The routes' auth: a valid token passes untouched by the limiter (another client's failures
 * behind the same address never refuse it); a bad or ended token is counted per token and per
 * address, and refused with 429 instead of 401 once over the limit; a role not allowed the
 * action gets 403 with the reason.
 */
export function authenticator(credentials: Credentials, limiter: CredentialLimiter): Auth {
  return async (request, action) => {
    const token = bearerOf(request);
    if (!token) throw new ApiFailure('UNAUTHORIZED', 'Send a Bearer token (Authorization: Bearer <token>).');
    const identified = await credentials.identify(token);
    if (!identified.ok) {
      const attempt = { credential: `bearer:${hashToken(token)}`, address: request.ip };
      const wait = limiter.retryAfter(attempt);
      if (wait > 0) throw new TooManyAttempts(wait);
      limiter.fail(attempt);
      throw new ApiFailure(identified.code, identified.message);
    }
    if (!allows(identified.principal.role, action)) throw new ApiFailure('FORBIDDEN', refusalReason(identified.principal.role, action));
    return identified.principal;
  };
}
