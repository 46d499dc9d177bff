import { createHash, randomBytes } from 'node:crypto';

/**
 * The backend's opaque tokens. The prefix says what a token is, so that a token pasted in the
 * wrong place is told apart at once and a leaked one is recognised by secret scanners:
 * asr_ a person's refresh token, asp_ a person's own API token, asd_ a device's, asi_ an
 * integration's. Each is shown once; only its SHA-256 is kept.
 */
export const TOKEN_PREFIXES = { refresh: 'asr_', personal: 'asp_', device: 'asd_', integration: 'asi_' } as const;
export type TokenKind = keyof typeof TOKEN_PREFIXES;

export function newToken(kind: TokenKind): string {
  return `${TOKEN_PREFIXES[kind]}${randomBytes(32).toString('base64url')}`;
}

/** The kind a token's prefix names; null for anything else (a JWT or a stranger's string). */
export function tokenKindOf(token: string): TokenKind | null {
  for (const [kind, prefix] of Object.entries(TOKEN_PREFIXES) as Array<[TokenKind, string]>) {
    if (token.startsWith(prefix)) return kind;
  }
  return null;
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Letters and digits that cannot be mistaken for one another when read out or typed. */
const CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/**
 * A one-time invitation code, as a manager passes it on by phone or on paper: 16 characters in
 * groups of four (80 bits), e.g. "K7QM-2XHD-9PRA-T4WE".
 */
export function newInvitationCode(): string {
  const bytes = randomBytes(16);
  const chars = Array.from(bytes, (b) => CODE_ALPHABET[b % CODE_ALPHABET.length]!).join('');
  return chars.match(/.{4}/g)!.join('-');
}

/** The hash an invitation code is kept and found by: spaces, dashes and case as typed do not count. */
export function hashInvitationCode(code: string): string {
  return hashToken(`invitation:${code.replace(/[\s-]/g, '').toUpperCase()}`);
}
