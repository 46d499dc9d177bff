import type { UpdateFailure, UpdateStatus } from '../../src/api/shell-api';
import { ApiCallError } from '../api/api-call-error';
import type { Formatters } from '../i18n';
import type { MessageKey } from '../i18n/en';

export interface UpdateLine {
  text: string;
  /** The same in a word or two, for a narrow top bar (1366 pixels); the full text goes in its tooltip and dialog. */
  short: string;
  /** ready: the "Restart now" button goes with it; failed: shown as a warning. */
  tone: 'busy' | 'ready' | 'failed' | 'quiet';
}

const FAILURE_KEYS: Record<Exclude<UpdateFailure['code'], 'other'>, MessageKey> = {
  offline: 'update.failure.offline',
  feed: 'update.failure.feed',
  download: 'update.failure.download',
  integrity: 'update.failure.integrity',
  install: 'update.failure.install',
  feedRefused: 'update.failure.feedRefused',
};

/** Why an update failed, in the user's language; a reason the app has no words for keeps the updater's own. */
export function failureReason(failure: UpdateFailure, t: Formatters['t']): string {
  return failure.code === 'other' ? t('update.failure.other', { message: failure.message }) : t(FAILURE_KEYS[failure.code]);
}

/**
 * The top bar's line for an update: "Update 1.3.0 downloading 45%", "Update 1.3.0 ready: installs
 * at 19:00 or when you quit", a failure with its reason, the working version and the next try.
 * Nothing while all is quiet (up to date): the top bar has no room for news that is none.
 */
export function updateLine(status: UpdateStatus, f: Pick<Formatters, 't' | 'time'>): UpdateLine | null {
  const { t, time } = f;
  switch (status.state) {
    case 'idle':
      return null;
    case 'checking':
      return { text: t('update.checking'), short: t('update.short.checking'), tone: 'busy' };
    case 'downloading':
      return {
        text: t('update.downloading', { version: status.version, percent: Math.floor(status.percent) }),
        short: t('update.short.downloading', { percent: Math.floor(status.percent) }),
        tone: 'busy',
      };
    case 'ready':
      return {
        text: status.installTime === null ? t('update.readyOnQuit', { version: status.version }) : t('update.readyAt', { version: status.version, time: status.installTime }),
        short: t('update.short.ready'),
        tone: 'ready',
      };
    case 'stopped':
      return { text: t('update.stopped', { reason: failureReason(status.failure, t) }), short: t('update.short.failed'), tone: 'failed' };
    case 'failed':
      return {
        text: t('update.failed', { reason: failureReason(status.failure, t), version: status.currentVersion, time: time(status.retryAt) }),
        short: t('update.short.failed'),
        tone: 'failed',
      };
  }
}

/** The dialog's fuller account, which also says when all is quiet: the version, the last check, a rollout that waits. */
export function updateSummary(status: UpdateStatus, f: Pick<Formatters, 't' | 'time' | 'dayMonthAt'>): string {
  const { t, time, dayMonthAt } = f;
  if (status.state !== 'idle') return updateLine(status, f)?.text ?? '';
  const parts = [
    status.lastCheckedAt === null
      ? t('update.upToDateNotChecked', { version: status.currentVersion })
      : t('update.upToDate', { version: status.currentVersion, date: dayMonthAt(status.lastCheckedAt), time: time(status.lastCheckedAt) }),
  ];
  if (status.heldBack) parts.push(t('update.heldBack', { version: status.heldBack.version, percentage: status.heldBack.percentage }));
  return parts.join(' ');
}

/** Why the shell refused what the user asked (Restart now, Check now, saving the settings), in the user's language where its code is known. */
export function updateRefusalText(error: unknown, t: Formatters['t']): string {
  const code = error instanceof ApiCallError ? error.error.code : null;
  if (code === 'MANAGER_ONLY') return t('update.settings.managerOnly');
  if (code === 'NO_UPDATE_READY') return t('update.noneReady');
  if (code === 'FORBIDDEN') return t('update.forbidden');
  if (code === 'INTERNAL') return t('update.internal');
  return error instanceof Error ? error.message : String(error);
}
