import { Fragment, useEffect, useState } from 'react';
import type { SourceDetails, SourceRun, SourceView } from '../../src/api/sources';
import { useI18n } from '../i18n';
import type { MessageKey } from '../i18n/en';
import { api, showError, useBoard } from '../state/store';
import { QuarantineTable } from '../import/QuarantineTable';
import { RefusedTable } from '../import/RefusedTable';
import { useAction } from '../shell/use-action';
import { HealthFacts } from './HealthFacts';
import { SourceStatus } from './SourceStatus';

/**
 * Import health of one source: last and next run, what the last run did, the last error, the
 * recent runs, and the quarantined rows with their reasons — with "Sync now" and a retry of the
 * quarantined rows once the mapping is fixed.
 */
export function SourceHealth({ source }: { source: SourceView }) {
  const { t, tp, time, dayMonthAt, number } = useI18n();
  const sources = useBoard((s) => s.sources);
  const [details, setDetails] = useState<SourceDetails | null>(null);
  const { busy, notice, run: act } = useAction();
  const at = (ms: number) => `${dayMonthAt(ms)} ${time(ms)}`;

  // Read again whenever the sources change (a run ended, a retry was stored).
  useEffect(() => {
    api().getSourceDetails({ id: source.id }).then(setDetails, showError);
  }, [source.id, sources]);

  const { health } = source;
  const counts = (run: SourceRun) => [run.created, run.updated, run.unchanged, run.quarantined, run.cancelled].map(number);

  return (
    <div className="source-health">
      <div className="health-head">
        <SourceStatus source={source} />
        <div className="form-actions">
          <button
            type="button"
            className="button"
            disabled={busy || health.quarantinedOpen === 0}
            onClick={() =>
              void act(async () => {
                const r = await api().retryQuarantined({ id: source.id });
                return t('sources.retried', { retried: r.retried, still: r.stillQuarantined });
              })
            }
          >
            {t('sources.retry', { count: health.quarantinedOpen })}
          </button>
          <button
            type="button"
            className="button primary"
            disabled={busy || health.running}
            onClick={() =>
              void act(async () => {
                const run = await api().syncSource({ id: source.id });
                return run.outcome === 'ok' ? t('sources.synced', { created: run.created, updated: run.updated }) : (run.message ?? '');
              })
            }
          >
            {health.running ? t('sources.running') : t('sources.syncNow')}
          </button>
        </div>
      </div>
      {notice && (
        <p className={notice.ok ? 'connection-ok' : 'form-error'} role={notice.ok ? 'status' : 'alert'}>
          {notice.text}
        </p>
      )}
      <HealthFacts health={health} />

      {details && details.quarantined.length > 0 && (
        <>
          <h3>{t('sources.quarantinedTitle', { count: health.quarantinedOpen })}</h3>
          <div className="table-scroll">
            <QuarantineTable rows={details.quarantined} />
          </div>
        </>
      )}

      {details && details.refused.length > 0 && (
        <>
          <h3>{tp('sources.refusedTitle', details.refusedOpen)}</h3>
          {details.refused.length < details.refusedOpen && (
            <p className="muted small">{t('import.shown', { shown: number(details.refused.length), total: number(details.refusedOpen) })}</p>
          )}
          <div className="table-scroll">
            <RefusedTable rows={details.refused} />
          </div>
        </>
      )}

      {details && details.runs.length > 0 && (
        <>
          <h3>{t('sources.runs')}</h3>
          <div className="table-scroll">
            <table className="report-table">
              <thead>
                <tr>
                  <th>{t('sources.started')}</th>
                  <th>{t('sources.outcome')}</th>
                  <th>{t('import.created')}</th>
                  <th>{t('import.updated')}</th>
                  <th>{t('import.unchanged')}</th>
                  <th>{t('import.quarantined')}</th>
                  <th>{t('card.cancelled')}</th>
                </tr>
              </thead>
              <tbody>
                {details.runs.map((run) => (
                  <Fragment key={run.id}>
                    <tr className={run.outcome === 'failed' ? 'is-failed' : undefined}>
                      <td>{at(run.startedAt)}</td>
                      <td>{t(`sources.outcome.${run.outcome}` as MessageKey)}</td>
                      {counts(run).map((n, i) => (
                        <td key={i} className="num">
                          {n}
                        </td>
                      ))}
                    </tr>
                    {run.message && (
                      <tr className={`run-message${run.outcome === 'failed' ? ' is-failed' : ''}`}>
                        <td colSpan={7}>{run.message}</td>
                      </tr>
                    )}
                  </Fragment>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </div>
  );
}
