import { useState, type ReactNode } from 'react';
import { IMPORT_ROWS_PAGE, type ImportReport as Report } from '../../src/api/import';
import { useI18n } from '../i18n';
import { api, showError } from '../state/store';
import { QuarantineTable } from './QuarantineTable';
import { RefusedTable } from './RefusedTable';

/**
 * What an import did: its counts, the rows it could not import with every problem of each,
 * and the rows that revised an earlier row of the same file; long lists page on ("Show more"),
 * never cut.
 */
export function ImportReport({ report, onClose, children }: { report: Report; onClose: () => void; children?: ReactNode }) {
  const { t, tp, number } = useI18n();
  const [quarantined, setQuarantined] = useState(report.quarantined);
  const [revised, setRevised] = useState(report.revised);
  const [refused, setRefused] = useState(report.refused);
  const [pages, setPages] = useState(1);
  const more = quarantined.length < report.quarantinedCount || revised.length < report.revisedCount || refused.length < report.refusedCount;

  const showMore = async () => {
    try {
      const page = await api().getImportRows({ id: report.id, offset: pages * IMPORT_ROWS_PAGE, limit: IMPORT_ROWS_PAGE });
      setQuarantined((rows) => [...rows, ...page.quarantined]);
      setRevised((rows) => [...rows, ...page.revised]);
      setRefused((rows) => [...rows, ...page.refused]);
      setPages((n) => n + 1);
    } catch (error) {
      showError(error);
    }
  };

  const stats: Array<[string, number, string]> = [
    [t('import.created'), report.created, 'created'],
    [t('import.updated'), report.updated, 'updated'],
    [t('import.unchanged'), report.unchanged, 'unchanged'],
    [t('import.quarantined'), report.quarantinedCount, 'quarantined'],
    [t('import.revised'), report.revisedCount, 'revised'],
    ...(report.refusedCount > 0 ? [[t('import.refused'), report.refusedCount, 'refused'] as [string, number, string]] : []),
  ];
  return (
    <div className="form import-report">
      <p className="muted">
        {report.fileName} · {report.source} · {tp('import.rows', report.totalRows)}
      </p>
      {report.finishedAt === null && <p className="warning">{t('import.stopped')}</p>}
      <div className="stats">
        {stats.map(([label, value, kind]) => (
          <div key={kind} className={`stat stat-${kind}`} data-stat={kind}>
            <span className="stat-value">{number(value)}</span>
            <span className="stat-label">{label}</span>
          </div>
        ))}
      </div>
      {children}
      {report.ignoredColumns.length > 0 && (
        <p className="muted small">{t('import.ignoredColumns', { columns: report.ignoredColumns.join(', ') })}</p>
      )}
      {report.quarantinedCount > 0 && (
        <>
          <p className="warning">{tp('import.quarantinedHelp', report.quarantinedCount)}</p>
          <QuarantineTable rows={quarantined} />
        </>
      )}
      {report.refusedCount > 0 && (
        <>
          <p className="warning" data-testid="refused-help">
            {tp('import.refusedHelp', report.refusedCount)}
          </p>
          <RefusedTable rows={refused} />
        </>
      )}
      {report.revisedCount > 0 && (
        <>
          <p className="muted" data-testid="revised-help">
            {tp('import.revisedHelp', report.revisedCount)}
          </p>
          <div className="table-wrap">
            <table className="revised-table">
              <thead>
                <tr>
                  <th>{t('import.row')}</th>
                  <th>{t('import.replacedRow')}</th>
                  <th>{t('import.appointment')}</th>
                </tr>
              </thead>
              <tbody>
                {revised.map((row) => (
                  <tr key={row.rowNumber}>
                    <td>{row.rowNumber}</td>
                    <td>{row.replacedRow}</td>
                    <td>{row.branch ? `${row.branch} · ${row.sourceId}` : row.sourceId}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
      {more && (
        <p className="muted small">
          {t('import.shown', {
            shown: number(quarantined.length + revised.length + refused.length),
            total: number(report.quarantinedCount + report.revisedCount + report.refusedCount),
          })}{' '}
          <button type="button" className="link" onClick={() => void showMore()}>
            {t('import.more')}
          </button>
        </p>
      )}
      <footer className="form-actions">
        <button type="button" className="button primary" onClick={onClose}>
          {t('import.close')}
        </button>
      </footer>
    </div>
  );
}
