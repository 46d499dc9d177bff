import type { ApiError } from '../../src/api/envelope';
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
  NO_PROVIDER: 'people.error.NO_PROVIDER',
  NO_PIN: 'people.error.NO_PIN',
  ADVISOR_REMOVED: 'people.error.ADVISOR_REMOVED',
  BACKEND_UNAVAILABLE: 'people.error.BACKEND_UNAVAILABLE',
  // The core's PROVIDER_<reason> of a sign-in with the organisation's accounts: its words carry
  // the low-level cause ("getaddrinfo ENOTFOUND …"), in English, which tells an advisor nothing.
  PROVIDER_PROVIDER_SETTINGS: 'people.error.PROVIDER_PROVIDER_SETTINGS',
  PROVIDER_BROWSER: 'people.error.PROVIDER_BROWSER',
  PROVIDER_TIMEOUT: 'people.error.PROVIDER_TIMEOUT',
  PROVIDER_STATE: 'people.error.PROVIDER_STATE',
  PROVIDER_REFUSED: 'people.error.PROVIDER_REFUSED',
  PROVIDER_EXCHANGE: 'people.error.PROVIDER_EXCHANGE',
  PROVIDER_NO_ID_TOKEN: 'people.error.PROVIDER_NO_ID_TOKEN',
  OIDC_PROVIDER_UNAVAILABLE: 'people.error.OIDC_PROVIDER_UNAVAILABLE',
  OIDC_PROVIDER_CHECK_FAILED: 'people.error.OIDC_PROVIDER_CHECK_FAILED',
  WALL: 'people.error.WALL',
};

/** What peopleErrorText words with: the plain and the plural messages, and numbers in the locale's form. */
export type PeopleWords = Pick<Formatters, 't' | 'tp' | 'number'>;

/** A count the refusal carries in `params` (tries left, seconds to wait), if it is one. */
function countParam(error: ApiError, name: string): number | null {
  const value = error.params?.[name];
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : null;
}

/**
 * The refusals whose English words carry a number (the core's "Wrong PIN: 3 tries left.", the
 * backend's "try again in 42 s"): worded with it, so that the number is not lost in translation.
 * Null when the refusal came without it; its words without the number are used then.
 */
function countedText(error: ApiError, words: PeopleWords): string | null {
  if (error.code === 'WRONG_PIN') {
    const left = countParam(error, 'left');
    return left === null ? null : words.tp('people.error.pinLeft', left);
  }
  if (error.code === 'TOO_MANY_ATTEMPTS') {
    const seconds = countParam(error, 'retryAfterSeconds');
    return seconds === null ? null : words.t('people.error.retryAfter', { seconds: words.number(seconds) });
  }
  return null;
}

/**
 * A refusal in the user's words where its code is known — `here` words codes whose meaning
 * depends on the form (UNAUTHORIZED is a wrong password on one, an unknown invitation code on
 * another) — with the numbers it came with, else the words the core or the backend gave.
 */
export function peopleErrorText(error: unknown, words: PeopleWords, here: Wording = {}): string {
  if (error instanceof ApiCallError) {
    const formKey = here[error.error.code];
    if (formKey) return words.t(formKey);
    const counted = countedText(error.error, words);
    if (counted !== null) return counted;
    const key = WORDED[error.error.code];
    if (key) return words.t(key);
  }
  return error instanceof Error ? error.message : String(error);
}
