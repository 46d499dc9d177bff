import type { ReactNode } from 'react';
import { useI18n } from '../i18n';
import { Outcome } from '../shell/Outcome';
import type { Pages } from './use-pages';

/**
 * A list's table read a page at a time: the list's refusal above it, the column `heads` (and,
 * with `actions`, an unlabelled column for each row's buttons), the rows (`children`), `empty`
 * when it has none, and "More" while there is more.
 */
export function PagedTable<T>({ pages, className, heads, actions = false, empty, children }: { pages: Pages<T>; className: string; heads: string[]; actions?: boolean; empty: string; children: ReactNode }) {
  const { t } = useI18n();
  return (
    <>
      <Outcome notice={pages.notice} />
      <div className="table-wrap">
        <table className={`report-table ${className}`}>
          <thead>
            <tr>
              {heads.map((head) => (
                <th key={head}>{head}</th>
              ))}
              {actions && <th aria-label={t('people.actions')} />}
            </tr>
          </thead>
          <tbody>{children}</tbody>
        </table>
        {pages.items.length === 0 && !pages.busy && <p className="list-empty">{empty}</p>}
      </div>
      {pages.next !== null && (
        <button type="button" className="button more" disabled={pages.busy} onClick={pages.more}>
          {t('settings.more')}
        </button>
      )}
    </>
  );
}
