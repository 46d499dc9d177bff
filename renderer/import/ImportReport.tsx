import type { ImportReport as Report } from '../../src/api/import';
import { useI18n } from '../i18n';
import { QuarantineTable } from './QuarantineTable';

export function ImportReport({ report, onClose }: { report: Report; onClose: () => void }) {
  const { t, number } = useI18n();
  const stats: Array<[string, number, string]> = [
    [t('import.created'), report.created, 'created'],
    [t('import.updated'), report.updated, 'updated'],
    [t('import.unchanged'), report.unchanged, 'unchanged'],
    [t('import.quarantined'), report.quarantined.length, 'quarantined'],
  ];
  return (
    <div className="form import-report">
      <p className="muted">
        {report.fileName} · {report.source} · {t('import.rows', { count: number(report.totalRows) })}
      </p>
      <div className="stats">
        {stats.map(([label, value, kind]) => (
          <div key={kind} className={`stat stat-${kind}`} data-stat={kind}>
            <span className="stat-value">{number(value)}</span>
            <span className="stat-label">{label}</span>
          </div>
        ))}
      </div>
      {report.ignoredColumns.length > 0 && (
        <p className="muted small">{t('import.ignoredColumns', { columns: report.ignoredColumns.join(', ') })}</p>
      )}
      {report.quarantined.length > 0 && (
        <>
          <p className="warning">{t('import.quarantinedHelp')}</p>
          <QuarantineTable rows={report.quarantined} />
        </>
      )}
      <footer className="form-actions">
        <button type="button" className="button primary" onClick={onClose}>
          {t('import.close')}
        </button>
      </footer>
    </div>
  );
}
