import type { ApiError } from '../../src/api/envelope';
import { CHECK_FAILURES, type ChannelCheck, type CheckFailure } from '../../src/api/v2/channels';
import { ApiCallError } from '../api/api-call-error';
import type { Formatters } from '../i18n';

/** Why a Test failed in the reader's language; the provider's own words only where it said no itself. */
export function checkFailureText(t: Formatters['t'], check: Pick<ChannelCheck, 'failureCode' | 'failure'>): string {
  switch (check.failureCode) {
    case 'timeout':
      return t('setup.check.timeout');
    case 'unreachable':
      return t('setup.check.unreachable');
    case 'unknown_answer':
      return t('setup.check.unknownAnswer');
    case 'number_not_in_account':
      return t('setup.check.notInAccount');
    case 'too_many_pages':
      return t('setup.check.tooManyPages');
    case 'repeated_page':
      return t('setup.check.repeatedPage');
    case 'deadline':
      return t('setup.check.deadline');
    default:
      return t('setup.check.refused', { words: check.failure ?? '' });
  }
}

const isCheckFailure = (code: unknown): code is CheckFailure => (CHECK_FAILURES as readonly unknown[]).includes(code);

/**
 * The backend's CHANNEL_NOT_VERIFIED (nothing was saved: the provider did not confirm the number
 * is the account's) in the reader's language, with the check's reason as a Test words it; null
 * for any other error.
 */
export function notVerifiedText(t: Formatters['t'], error: unknown): string | null {
  if (!(error instanceof ApiCallError) || error.error.code !== 'CHANNEL_NOT_VERIFIED') return null;
  const params: NonNullable<ApiError['params']> = error.error.params ?? {};
  const failure = typeof params.failure === 'string' ? params.failure : null;
  const reason = checkFailureText(t, { failureCode: isCheckFailure(params.failureCode) ? params.failureCode : null, failure });
  return t('setup.error.CHANNEL_NOT_VERIFIED', { reason });
}
