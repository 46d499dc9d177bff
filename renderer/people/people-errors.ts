import { ApiCallError } from '../api/api-call-error';
import type { Formatters } from '../i18n';
import type { MessageKey } from '../i18n/en';

/** Codes worded in the user's language: the refusal codes of the core and the backend for people, sign-in and the card's advisor. */
export type Wording = Partial<Record<string, MessageKey>>;

const WORDED: Wording = {
  WRONG_PIN: 'people.error.WRONG_PIN',
  PIN_ATTEMPTS: 'people.error.PIN_ATTEMPTS',
  NOT_HELD: 'people.error.NOT_HELD',
  LOCKED: 'people.error.LOCKED',
  NOT_SIGNED_IN: 'people.error.NOT_SIGNED_IN',
  DEVICE_REVOKED: 'signin.reason.deviceRevoked',
  SESSION_ENDED: 'signin.reason.expired',
  TOO_MANY_ATTEMPTS: 'people.error.TOO_MANY_ATTEMPTS',
  FORBIDDEN: 'people.error.FORBIDDEN',
  LAST_MANAGER: 'people.error.LAST_MANAGER',
  CANNOT_REMOVE_SELF: 'people.error.CANNOT_REMOVE_SELF',
  EMAIL_TAKEN: 'people.error.EMAIL_TAKEN',
  UNKNOWN_COLLEAGUE: 'people.error.UNKNOWN_COLLEAGUE',
  NO_BROWSER: 'people.error.NO_BROWSER',
  BACKEND_UNAVAILABLE: 'people.error.BACKEND_UNAVAILABLE',
};

/**
 * A refusal in the user's words where its code is known — `here` words codes whose meaning
 * depends on the form (UNAUTHORIZED is a wrong password on one, an unknown invitation code on
 * another) — else the words the core or the backend gave.
 */
export function peopleErrorText(error: unknown, t: Formatters['t'], here: Wording = {}): string {
  if (error instanceof ApiCallError) {
    const key = here[error.error.code] ?? WORDED[error.error.code];
    if (key) return t(key);
  }
  return error instanceof Error ? error.message : String(error);
}
