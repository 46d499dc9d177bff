import { createHmac, timingSafeEqual } from 'node:crypto';
import { join } from 'node:path';
import { SignJWT } from 'jose';
import { AccessClaimsSchema, type AccessClaims, type Role } from '../../api/v2/auth';
import type { Clock } from '../../ports/clock';
import { keyFile } from './key-file';

/** How long an access token works; the session behind it is checked on every use besides. */
export const ACCESS_TOKEN_SECONDS = 15 * 60;

const KEY_BYTES = 32;
/** Seconds an access token's `iat` may lie ahead of this backend's clock (two backends sharing a key). */
const CLOCK_SKEW_S = 60;

function parseJson(part: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/**
 * The key access tokens are signed with: AFTERSALES_JWT_SECRET when set (several backends that
 * must accept each other's tokens share it), else a random key kept in the data folder as
 * jwt.key, readable by the backend's user only, made on first start.
 */
export function accessTokenKey(secret: string | undefined, dataFolder: string): Uint8Array {
  if (secret !== undefined) {
    if (Buffer.byteLength(secret) < KEY_BYTES) throw new Error(`AFTERSALES_JWT_SECRET must be at least ${KEY_BYTES} bytes long.`);
    return new Uint8Array(Buffer.from(secret, 'utf8'));
  }
  return new Uint8Array(keyFile(join(dataFolder, 'jwt.key'), KEY_BYTES, 'base64url'));
}

/** Why an access token was not taken. */
export type AccessRefusal = 'expired' | 'invalid';

/**
 * Access tokens in Web1on1's form: an HS256 JWT with `_id`, `organization`, `scope` (the role),
 * `iat`, `exp`, and `sid`, the session it belongs to. Times come from the clock port, so a test
 * moves them.
 */
export class AccessTokens {
  /**
   * Tokens whose signature was checked, with their claims: a desktop sends the same access
   * token for its 15 minutes, so its signature is checked once, not on every request. Bounded;
   * the least recently used are forgotten first. Its end is still checked on every use.
   */
  private readonly checked = new Map<string, AccessClaims>();

  constructor(
    private readonly key: Uint8Array,
    private readonly clock: Clock,
    private readonly remember = 10_000,
  ) {}

  async sign(claims: { subject: string; organization: string; role: Role; session: string }): Promise<{ token: string; expiresIn: number }> {
    const iat = Math.floor(this.clock.now() / 1000);
    const token = await new SignJWT({ _id: claims.subject, organization: claims.organization, scope: claims.role, sid: claims.session })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setIssuedAt(iat)
      .setExpirationTime(iat + ACCESS_TOKEN_SECONDS)
      .sign(this.key);
    return { token, expiresIn: ACCESS_TOKEN_SECONDS };
  }

  /**
   * Checks an access token synchronously with node:crypto: HS256 is an HMAC-SHA256 over the
   * first two parts, compared in constant time, so the check on every request costs
   * microseconds (jose's asynchronous verify takes a hundred times as long). Only HS256 is
   * taken: a token naming another algorithm ("none") is refused before its signature is read.
   */
  verify(token: string): { ok: true; claims: AccessClaims } | { ok: false; refusal: AccessRefusal } {
    const known = this.checked.get(token);
    if (known) {
      if (known.exp <= this.clock.now() / 1000) {
        this.checked.delete(token);
        return { ok: false, refusal: 'expired' };
      }
      this.checked.delete(token);
      this.checked.set(token, known);
      return { ok: true, claims: known };
    }
    const parts = token.split('.');
    if (parts.length !== 3) return { ok: false, refusal: 'invalid' };
    const [header, payload, signature] = parts as [string, string, string];
    const expected = createHmac('sha256', this.key).update(`${header}.${payload}`).digest();
    const given = Buffer.from(signature, 'base64url');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, refusal: 'invalid' };
    const parsedHeader = parseJson(header);
    if (!parsedHeader || parsedHeader.alg !== 'HS256') return { ok: false, refusal: 'invalid' };
    const claims = AccessClaimsSchema.safeParse(parseJson(payload));
    if (!claims.success) return { ok: false, refusal: 'invalid' };
    const now = this.clock.now() / 1000;
    if (claims.data.exp <= now) return { ok: false, refusal: 'expired' };
    // Made by this backend's clock: one from the future was not made here.
    if (claims.data.iat > now + CLOCK_SKEW_S) return { ok: false, refusal: 'invalid' };
    this.checked.set(token, claims.data);
    if (this.checked.size > this.remember) this.checked.delete(this.checked.keys().next().value!);
    return { ok: true, claims: claims.data };
  }
}
