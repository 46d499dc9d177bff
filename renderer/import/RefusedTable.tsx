import type { RefusedRow } from '../../src/api/import';
import { useI18n } from '../i18n';
import { refusalText } from '../shell/refusal-text';

/** Rows the backend refused after they were imported, with its reason in the user's language. */
export function RefusedTable({ rows }: { rows: RefusedRow[] }) {
  const { t } = useI18n();
  return (
    <div className="table-wrap">
      <table className="refused-table">
        <thead>
          <tr>
            <th>{t('import.appointment')}</th>
            <th>{t('import.reason')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.appointmentId}>
              <td>{row.branch ? `${row.branch} · ${row.sourceId}` : row.sourceId}</td>
              <td>{refusalText({ t }, row.refusal)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
