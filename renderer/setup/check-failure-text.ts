import type { ChannelCheck } from '../../src/api/v2/channels';
import type { Formatters } from '../i18n';

/** Why a Test failed in the reader's language; the provider's own words only where it said no itself. */
export function checkFailureText(t: Formatters['t'], check: ChannelCheck): string {
  switch (check.failureCode) {
    case 'timeout':
      return t('setup.check.timeout');
    case 'unreachable':
      return t('setup.check.unreachable');
    case 'unknown_answer':
      return t('setup.check.unknownAnswer');
    case 'number_not_in_account':
      return t('setup.check.notInAccount');
    default:
      return t('setup.check.refused', { words: check.failure ?? '' });
  }
}
