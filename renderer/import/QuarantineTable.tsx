import type { QuarantinedRow } from '../../src/api/import';
import { useI18n } from '../i18n';
import { problemWords } from './problem-words';

/**
 * Rows that were not imported: row, every problem it has (field and what is wrong, in the
 * user's language) and the record as it came; with its file or query when rows come from
 * several. Shared by the import report and the Sources' import health.
 */
export function QuarantineTable({ rows }: { rows: Array<QuarantinedRow & { batch?: string; importId?: string }> }) {
  const f = useI18n();
  const { t } = f;
  const withBatch = rows.some((row) => row.batch !== undefined);
  return (
    <div className="table-wrap">
      <table className="quarantine-table">
        <thead>
          <tr>
            {withBatch && <th>{t('sources.batch')}</th>}
            <th>{t('import.row')}</th>
            <th>{t('import.problems')}</th>
            <th>{t('import.rawRow')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={`${row.importId ?? ''}-${row.rowNumber}`}>
              {withBatch && <td>{row.batch}</td>}
              <td>{row.rowNumber}</td>
              <td>
                <ul className="problems">
                  {row.problems.map((problem, i) => {
                    const words = problemWords(problem, f);
                    return (
                      <li key={i} data-field={problem.field ?? undefined} data-code={problem.code}>
                        {words.field && <span className="field">{words.field}</span>} <span className="reason">{words.text}</span>
                      </li>
                    );
                  })}
                </ul>
              </td>
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
