import { useEffect, useState } from 'react';
import type { AppointmentDetails } from '../../src/api/appointment';
import { addDays } from '../../src/domain/calendar-date';
import { useI18n } from '../i18n';
import { api, showError, useBoard } from '../state/store';

const PAGE = 100;

/**
 * Every appointment, not just the board's: a date range and a text search, in time order.
 * The core pages the query, so 50,000 rows cost what 100 do.
 */
export function AppointmentList() {
  const { t, shortDate, time, number } = useI18n();
  const { day, revision, settings } = useBoard();
  const [from, setFrom] = useState(() => addDays(day, -7));
  const [to, setTo] = useState(() => addDays(day, 30));
  const [text, setText] = useState('');
  const [query, setQuery] = useState('');
  const [offset, setOffset] = useState(0);
  const [result, setResult] = useState<{ total: number; rows: AppointmentDetails[] }>({ total: 0, rows: [] });

  useEffect(() => {
    const timer = setTimeout(() => setQuery(text), 200);
    return () => clearTimeout(timer);
  }, [text]);

  useEffect(() => setOffset(0), [from, to, query]);

  useEffect(() => {
    if (!from || !to) return;
    let current = true;
    api()
      .listAppointments({ from, to, text: query, inboxIds: settings?.inboxFilter ?? null, offset, limit: PAGE })
      .then((r) => current && setResult(r), showError);
    return () => {
      current = false;
    };
  }, [from, to, query, offset, revision, settings?.inboxFilter]);

  return (
    <main className="list-view">
      <div className="list-toolbar">
        <label>
          {t('list.from')}
          <input type="date" value={from} onChange={(e) => setFrom(e.target.value)} />
        </label>
        <label>
          {t('list.to')}
          <input type="date" value={to} onChange={(e) => setTo(e.target.value)} />
        </label>
        <input
          type="search"
          className="search"
          placeholder={t('list.search')}
          aria-label={t('list.search')}
          value={text}
          onChange={(e) => setText(e.target.value)}
        />
        <span className="list-total">
          {t('list.total', {
            from: number(result.total === 0 ? 0 : offset + 1),
            to: number(offset + result.rows.length),
            total: number(result.total),
          })}
        </span>
        <button type="button" className="button secondary" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE))}>
          {t('list.previous')}
        </button>
        <button
          type="button"
          className="button secondary"
          disabled={offset + PAGE >= result.total}
          onClick={() => setOffset(offset + PAGE)}
        >
          {t('list.next')}
        </button>
      </div>
      <div className="table-wrap">
        <table className="appointments-table">
          <thead>
            <tr>
              <th>{t('field.date')}</th>
              <th>{t('field.time')}</th>
              <th>{t('field.customerName')}</th>
              <th>{t('field.plate')}</th>
              <th>{t('field.workOrder')}</th>
              <th>{t('field.phone')}</th>
              <th>{t('field.owner')}</th>
              <th>{t('field.column')}</th>
            </tr>
          </thead>
          <tbody>
            {result.rows.map((row) => (
              <tr
                key={row.id}
                tabIndex={0}
                className={row.cancelled ? 'is-cancelled' : undefined}
                onClick={() => useBoard.setState({ detailsId: row.id })}
                onKeyDown={(e) => e.key === 'Enter' && useBoard.setState({ detailsId: row.id })}
              >
                <td className="nowrap">{shortDate(row.localDate)}</td>
                <td className="nowrap">{time(row.startsAt)}</td>
                <td>{row.contact?.name ?? '—'}</td>
                <td>{row.plate && <span className="plate">{row.plate}</span>}</td>
                <td className="nowrap">{row.workOrder ?? ''}</td>
                <td className="nowrap">{row.contact?.phone ?? ''}</td>
                <td>{row.owner ?? ''}</td>
                <td>
                  <span className={`status status-${row.column}`}>{t(`column.${row.column}`)}</span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {result.rows.length === 0 && <p className="list-empty">{t('list.none')}</p>}
      </div>
    </main>
  );
}
