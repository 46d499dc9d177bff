import { useEffect, useState } from 'react';
import type { CardHistoryEntry } from '../../src/api/people';
import { useI18n, type Formatters } from '../i18n';
import { api, useBoard } from '../state/store';

/** One change in words: "Moved to In Service", "Colour: Red", "Service advisor: Sanne". */
function changeText(change: CardHistoryEntry['change'], t: Formatters['t']): string {
  switch (change.kind) {
    case 'column':
      return t('history.column', { column: t(`column.${change.column}`) });
    case 'colour':
      return change.colour === 'none' ? t('history.colourNone') : t('history.colour', { colour: t(`colour.${change.colour}`) });
    case 'advisor':
      return change.advisor ? t('history.advisor', { name: change.advisor.name }) : t('history.advisorNone');
  }
}

/**
 * What happened to the card — its moves, colours and service advisors — with who made each
 * change and when, newest first; read again whenever the card changes.
 */
export function CardHistory({ appointmentId }: { appointmentId: string }) {
  const { t, time, dayMonthAt } = useI18n();
  const cardRevision = useBoard((s) => s.cardRevision);
  const [entries, setEntries] = useState<CardHistoryEntry[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let current = true;
    api()
      .getCardHistory({ appointmentId })
      .then(
        (read) => {
          if (!current) return;
          setEntries(read);
          setError(null);
        },
        (failure: Error) => current && setError(failure.message),
      );
    return () => {
      current = false;
    };
  }, [appointmentId, cardRevision]);
  const newestFirst = entries ? [...entries].sort((a, b) => b.at - a.at) : [];
  return (
    <section className="card-history" aria-label={t('history.title')}>
      <h3>{t('history.title')}</h3>
      {error && <p className="field-error">{error}</p>}
      {entries && entries.length === 0 && <p className="muted small">{t('history.empty')}</p>}
      <ol className="history">
        {newestFirst.map((entry, i) => (
          <li key={`${entry.at}-${i}`} className={entry.pending ? 'history-entry is-pending' : 'history-entry'}>
            <span className="history-change">{changeText(entry.change, t)}</span>
            <span className="history-meta small muted">
              {entry.by ? entry.by.name : t('history.unknown')} · {dayMonthAt(entry.at)} {time(entry.at)}
              {entry.pending && ` · ${t('status.pending')}`}
            </span>
          </li>
        ))}
      </ol>
    </section>
  );
}
