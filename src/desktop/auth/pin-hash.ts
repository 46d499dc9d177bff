import { hash, verify } from '@node-rs/argon2';

/**
 * A quick-switch PIN as this desktop keeps it: an Argon2id hash (the library's default
 * algorithm and costs), whose string carries its own salt and parameters. A PIN has few
 * digits, so the hash alone does not keep it safe: five wrong PINs forget the session
 * (session-rules), and the hash never leaves this desktop's cache.
 */
export function hashPin(pin: string): Promise<string> {
  return hash(pin);
}

export async function pinMatches(pinHash: string, pin: string): Promise<boolean> {
  try {
    return await verify(pinHash, pin);
  } catch {
    // A hash that is not an Argon2 string (damaged in the cache) matches no PIN.
    return false;
  }
}
