import type { SourceHealth } from '../../src/api/sources';
import { useI18n } from '../i18n';

export type HealthFactsInput = Pick<SourceHealth, 'lastRun' | 'nextRunAt' | 'lastError'> & { waiting?: string | null };

/** Last and next run, what the last run did, and the last error: of a source here or on another desktop. */
export function HealthFacts({ health }: { health: HealthFactsInput }) {
  const { t, time, dayMonthAt, number } = useI18n();
  const at = (ms: number) => `${dayMonthAt(ms)} ${time(ms)}`;
  const last = health.lastRun;
  return (
    <dl className="health-facts">
      <dt>{t('sources.lastRun')}</dt>
      <dd>{last ? `${at(last.startedAt)} · ${t('sources.took', { seconds: ((last.finishedAt - last.startedAt) / 1000).toFixed(1) })}` : t('sources.never')}</dd>
      <dt>{t('sources.nextRun')}</dt>
      <dd>{health.nextRunAt === null ? t('sources.off') : health.waiting ? health.waiting : at(health.nextRunAt)}</dd>
      {last && (
        <>
          <dt>{t('sources.lastCounts')}</dt>
          <dd>
            {last.outcome === 'failed' && last.batches === 0
              ? t('sources.failedNothing')
              : t('sources.counts', {
                  created: number(last.created),
                  updated: number(last.updated),
                  unchanged: number(last.unchanged),
                  quarantined: number(last.quarantined),
                  cancelled: number(last.cancelled),
                }) + (last.outcome === 'failed' ? t('sources.failedAfter') : '')}
          </dd>
        </>
      )}
      <dt>{t('sources.lastError')}</dt>
      <dd className={health.lastError ? 'error-text' : undefined}>{health.lastError ? `${at(health.lastError.at)} — ${health.lastError.message}` : t('sources.none')}</dd>
    </dl>
  );
}
