import { useI18n } from '../i18n';
import { useBoard } from '../state/store';
import { everySource } from '../sources/every-source';
import { InboxFilter } from './InboxFilter';
import { LanguageSelect } from './LanguageSelect';

export function TopBar() {
  const { t, longDate, shortDate } = useI18n();
  const { view, day, settings, cards, waitingOnly, waitingCount, backend } = useBoard();
  const sources = useBoard((s) => s.sources);
  const shared = useBoard((s) => s.sharedSources);
  const failingSources = everySource(sources, shared).filter((source) => source.enabled && source.health.failuresInARow > 0).length;

  return (
    <header className="topbar">
      <div className="brand">
        <span className="brand-mark" aria-hidden="true">
          AB
        </span>
        <div className="brand-text">
          <div className="brand-name">{settings?.organisationName ?? t('app.title')}</div>
          {day && (
            <div className="brand-day">
              <span className="day-long">{t('board.today', { date: longDate(day) })}</span>
              <span className="day-short">{t('board.today', { date: shortDate(day) })}</span>
            </div>
          )}
        </div>
      </div>
      <nav className="tabs">
        <button
          type="button"
          className={view === 'board' ? 'tab active' : 'tab'}
          aria-pressed={view === 'board'}
          onClick={() => useBoard.setState({ view: 'board' })}
        >
          {t('nav.board')} <span className="tab-count">{cards.length}</span>
        </button>
        <button
          type="button"
          className={view === 'list' ? 'tab active' : 'tab'}
          aria-pressed={view === 'list'}
          onClick={() => useBoard.setState({ view: 'list' })}
        >
          {t('nav.list')}
        </button>
      </nav>
      <div className="topbar-actions">
        <button
          type="button"
          className={`button secondary waiting-filter${waitingOnly ? ' active' : ''}`}
          aria-pressed={waitingOnly}
          onClick={() => useBoard.setState({ waitingOnly: !waitingOnly, view: 'board' })}
        >
          {t('filter.waiting')}
          {waitingCount > 0 && <span className="waiting-count">{waitingCount}</span>}
        </button>
        <InboxFilter />
        <button type="button" className="button secondary" onClick={() => useBoard.setState({ dialog: 'import' })}>
          {t('nav.import')}
        </button>
        <button type="button" className="button secondary sources-button" onClick={() => useBoard.setState({ dialog: 'sources' })}>
          {t('sources.open')}
          {failingSources > 0 && <span className="waiting-count">{failingSources}</span>}
        </button>
        <button type="button" className="button primary" onClick={() => useBoard.setState({ dialog: 'manual' })}>
          + {t('nav.newAppointment')}
        </button>
        <button
          type="button"
          className={`button secondary connection-button${backend && backend.mode === 'connected' && !backend.online ? ' is-offline' : ''}`}
          onClick={() => useBoard.setState({ dialog: 'connection' })}
        >
          <span className={`connection-dot${backend?.online ? ' is-online' : ''}`} aria-hidden="true" />
          {t('connection.open')}
        </button>
        <LanguageSelect />
      </div>
    </header>
  );
}
