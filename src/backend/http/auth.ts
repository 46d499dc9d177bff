import type { FastifyRequest } from 'fastify';
import { ApiFailure } from '../../api/envelope';
import type { FailedAuthLimiter } from '../access/failed-auth-limiter';
import type { OrganizationsRepo, Principal } from '../store/organizations-repo';

/** The caller of a request, from its Bearer token; repeated failures from one address are slowed down. */
export function authenticate(request: FastifyRequest, organizations: OrganizationsRepo, limiter: FailedAuthLimiter): Principal {
  const wait = limiter.retryAfter(request.ip);
  if (wait > 0) {
    throw new ApiFailure('TOO_MANY_ATTEMPTS', `Too many failed sign-ins; try again in ${Math.ceil(wait / 1000)} s.`);
  }
  // The scheme's name is case-insensitive (RFC 9110 §11.1): "bearer" is as good as "Bearer".
  const [, token = ''] = /^Bearer +(\S+) *$/i.exec(request.headers.authorization ?? '') ?? [];
  const principal = token ? organizations.authenticate(token) : undefined;
  if (!principal) {
    limiter.fail(request.ip);
    throw new ApiFailure('UNAUTHORIZED', token ? 'This token is not valid (any more).' : 'Send a Bearer token.');
  }
  return principal;
}
