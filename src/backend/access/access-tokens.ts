import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { errors, jwtVerify, SignJWT } from 'jose';
import { AccessClaimsSchema, type AccessClaims, type Role } from '../../api/v2/auth';
import type { Clock } from '../../ports/clock';
import { privateFile } from '../../sqlite/private-files';

/** How long an access token works; the session behind it is checked on every use besides. */
export const ACCESS_TOKEN_SECONDS = 15 * 60;

const KEY_BYTES = 32;

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
  const file = join(dataFolder, 'jwt.key');
  // Made empty and private before a byte of the key is in it.
  privateFile(file);
  const stored = readFileSync(file, 'utf8').trim();
  if (stored) return new Uint8Array(Buffer.from(stored, 'base64url'));
  const key = randomBytes(KEY_BYTES);
  writeFileSync(file, `${key.toString('base64url')}\n`);
  return new Uint8Array(key);
}

/** Why an access token was not taken. */
export type AccessRefusal = 'expired' | 'invalid';

/**
 * Access tokens in Web1on1's form: an HS256 JWT with `_id`, `organization`, `scope` (the role),
 * `iat`, `exp`, and `sid`, the session it belongs to. Times come from the clock port, so a test
 * moves them.
 */
export class AccessTokens {
  constructor(
    private readonly key: Uint8Array,
    private readonly clock: Clock,
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

  async verify(token: string): Promise<{ ok: true; claims: AccessClaims } | { ok: false; refusal: AccessRefusal }> {
    try {
      const { payload } = await jwtVerify(token, this.key, { algorithms: ['HS256'], currentDate: new Date(this.clock.now()) });
      const claims = AccessClaimsSchema.safeParse(payload);
      return claims.success ? { ok: true, claims: claims.data } : { ok: false, refusal: 'invalid' };
    } catch (error) {
      return { ok: false, refusal: error instanceof errors.JWTExpired ? 'expired' : 'invalid' };
    }
  }
}
