import type { TemplateSyncResult } from '../../src/api/v2/template';
import type { Formatters } from '../i18n';
import type { MessageKey } from '../i18n/en';

/** Meta's header formats and button types the manager reads by name; any other is named as Meta wrote it. */
const HEADER_WORDS: Partial<Record<string, MessageKey>> = {
  IMAGE: 'library.skip.header.IMAGE',
  VIDEO: 'library.skip.header.VIDEO',
  DOCUMENT: 'library.skip.header.DOCUMENT',
  LOCATION: 'library.skip.header.LOCATION',
};
const BUTTON_WORDS: Partial<Record<string, MessageKey>> = {
  PHONE_NUMBER: 'library.skip.button.PHONE_NUMBER',
  COPY_CODE: 'library.skip.button.COPY_CODE',
  OTP: 'library.skip.button.OTP',
  FLOW: 'library.skip.button.FLOW',
};
/** The backend's reasons an account could not be read, beside Meta's refusal (its own words). */
const FAILED_WORDS: Partial<Record<string, MessageKey>> = {
  TEMPLATE_LIST_TOO_LONG: 'library.syncTooLong',
  TEMPLATE_LIST_REPEATS: 'library.syncRepeats',
  TEMPLATE_SYNC_TIMEOUT: 'library.syncTimeout',
};

type Skipped = TemplateSyncResult['skipped'][number];

function skipReason(s: Skipped, t: Formatters['t']): string {
  const kind = s.kind ?? '';
  switch (s.reason) {
    case 'media_header':
      return t(HEADER_WORDS[kind] ?? 'library.skip.header.other', { kind });
    case 'button_kind':
      return t(BUTTON_WORDS[kind] ?? 'library.skip.button.other', { kind });
    case 'other_content':
      return t('library.skip.otherContent', { kind });
    case 'other_account':
      return t('library.skip.otherAccount', { channels: s.channels.join(', ') });
  }
}

/**
 * What a sync did, in the manager's language: the counts, each account not read and why, and
 * each template not taken in and why, so that nothing is left out without a word.
 */
export function syncReport(result: TemplateSyncResult, { t }: Pick<Formatters, 't'>): string {
  const failed = result.failed.map((f) =>
    t('library.syncFailed', {
      channels: f.channels.join(', '),
      reason: f.code === 'TEMPLATE_REFUSED' ? t('setup.check.refused', { words: f.reason }) : t(FAILED_WORDS[f.code] ?? 'library.syncUnreachable'),
    }),
  );
  const skipped = result.skipped.map((s) => t('library.syncSkipped', { name: s.name, language: s.language, reason: skipReason(s, t) }));
  return [t('library.synced', { added: result.added, updated: result.updated, missing: result.missing }), ...failed, ...skipped].join(' ');
}
