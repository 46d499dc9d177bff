import { hash, verify } from '@node-rs/argon2';

/**
 * A secret a person types (a password on the backend, a quick-switch PIN on a desktop), kept as
 * an Argon2id hash: the library's default algorithm with its defaults of 19 MiB and 2 passes,
 * OWASP's recommendation. The hash string carries its own salt and parameters, so a later
 * change of parameters still verifies the hashes made before it.
 */
export function argon2idHash(secret: string): Promise<string> {
  return hash(secret);
}

export async function argon2idMatches(secretHash: string, secret: string): Promise<boolean> {
  try {
    return await verify(secretHash, secret);
  } catch {
    // A hash that is not an Argon2 string (damaged in its file) matches no secret.
    return false;
  }
}
