import { ApiCallError } from '../api/api-call-error';
import type { Formatters } from '../i18n';
import type { MessageKey } from '../i18n/en';
import { peopleErrorText } from '../people/people-errors';

/** The Content Library's refusals, worded in the user's language; Meta's own reason is quoted as Meta gave it. */
const WORDED: Partial<Record<string, MessageKey>> = {
  TEMPLATE_EXISTS: 'library.error.TEMPLATE_EXISTS',
  TEMPLATE_REFUSED: 'library.error.TEMPLATE_REFUSED',
  TEMPLATE_PROVIDER_UNAVAILABLE: 'library.error.TEMPLATE_PROVIDER_UNAVAILABLE',
  NO_WHATSAPP_ACCOUNT: 'library.error.NO_WHATSAPP_ACCOUNT',
  CHOOSE_ACCOUNT: 'library.error.CHOOSE_ACCOUNT',
  TEMPLATE_NOT_IN_ACCOUNT: 'library.error.TEMPLATE_NOT_IN_ACCOUNT',
  TEMPLATE_NOT_APPROVED: 'library.error.TEMPLATE_NOT_APPROVED',
  TEMPLATE_UNKNOWN: 'library.error.TEMPLATE_UNKNOWN',
  TEMPLATE_PARAMETERS: 'library.error.TEMPLATE_PARAMETERS',
  TEMPLATE_VALUE: 'library.error.TEMPLATE_VALUE',
  TEMPLATE_MISSING: 'library.error.TEMPLATE_MISSING',
};

export function libraryErrorText(error: unknown, words: Pick<Formatters, 't' | 'tp' | 'number'>): string {
  if (error instanceof ApiCallError) {
    const key = WORDED[error.error.code];
    if (key) {
      const params = Object.fromEntries(Object.entries(error.error.params ?? {}).map(([k, v]) => [k, typeof v === 'number' ? v : String(v)]));
      return words.t(key, params);
    }
  }
  return peopleErrorText(error, words);
}

/** Meta's review reasons (`rejected_reason`), each in the manager's words with what to do. */
const REJECTION_WORDS: Partial<Record<string, MessageKey>> = {
  INCORRECT_CATEGORY: 'library.rejected.INCORRECT_CATEGORY',
  PROMOTIONAL: 'library.rejected.PROMOTIONAL',
  INVALID_FORMAT: 'library.rejected.INVALID_FORMAT',
  TAG_CONTENT_MISMATCH: 'library.rejected.TAG_CONTENT_MISMATCH',
  ABUSIVE_CONTENT: 'library.rejected.ABUSIVE_CONTENT',
  SCAM: 'library.rejected.SCAM',
};

/** Why Meta rejected a template, worded; a reason Meta adds later is shown as Meta wrote it. */
export function rejectionText(reason: string, words: Pick<Formatters, 't'>): string {
  const key = REJECTION_WORDS[reason];
  return key ? words.t(key) : words.t('library.rejected.other', { reason });
}
