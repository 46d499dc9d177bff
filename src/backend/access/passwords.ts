import { argon2idHash } from '../../node/argon2id';

export { argon2idHash as hashPassword, argon2idMatches as passwordMatches } from '../../node/argon2id';

/**
 * A hash to verify against when the e-mail is unknown, so that a sign-in of an unknown e-mail
 * takes as long as one of a known e-mail with a wrong password and does not tell which it was.
 */
let decoy: Promise<string> | null = null;
export function decoyHash(): Promise<string> {
  decoy ??= argon2idHash('no password is this one; it only makes unknown e-mails cost the same');
  return decoy;
}
