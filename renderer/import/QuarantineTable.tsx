import type { QuarantinedRow } from '../../src/api/import';
import { useI18n } from '../i18n';
import type { MessageKey } from '../i18n/en';

/** Rows that were not imported: row, the field it failed on, reason and the record as it came; with its file or query when rows come from several. */
export function QuarantineTable({ rows }: { rows: Array<QuarantinedRow & { batch?: string; importId?: string }> }) {
  const { t } = useI18n();
  const withBatch = rows.some((row) => row.batch !== undefined);
  return (
    <div className="table-wrap">
      <table className="quarantine-table">
        <thead>
          <tr>
            {withBatch && <th>{t('sources.batch')}</th>}
            <th>{t('import.row')}</th>
            <th>{t('import.field')}</th>
            <th>{t('import.reason')}</th>
            <th>{t('import.rawRow')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={`${row.importId ?? ''}-${row.rowNumber}`}>
              {withBatch && <td>{row.batch}</td>}
              <td>{row.rowNumber}</td>
              <td className="field">{row.field ? t(`field.${row.field}` as MessageKey) : '—'}</td>
              <td className="reason">{row.reason}</td>
              <td>
                <code title={row.raw}>{row.raw}</code>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
