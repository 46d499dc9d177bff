import { createHash, randomBytes } from 'node:crypto';

/** A new API token; shown once to the person who asked for it, then only its hash is kept. */
export function newToken(): string {
  return `asb_${randomBytes(32).toString('base64url')}`;
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
