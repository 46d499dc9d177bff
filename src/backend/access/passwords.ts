import { hash, verify } from '@node-rs/argon2';

/**
 * Passwords are kept as Argon2id hashes (the library's default algorithm, with its defaults of
 * 19 MiB and 2 passes, OWASP's recommendation); the hash string carries its own salt and
 * parameters, so a later change of parameters still verifies the hashes made before it.
 */
export function hashPassword(password: string): Promise<string> {
  return hash(password);
}

export async function passwordMatches(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    // A hash that is not an Argon2 string (damaged in the file) matches no password.
    return false;
  }
}

/**
 * A hash to verify against when the e-mail is unknown, so that a sign-in of an unknown e-mail
 * takes as long as one of a known e-mail with a wrong password and does not tell which it was.
 */
let decoy: Promise<string> | null = null;
export function decoyHash(): Promise<string> {
  decoy ??= hash('no password is this one; it only makes unknown e-mails cost the same');
  return decoy;
}
