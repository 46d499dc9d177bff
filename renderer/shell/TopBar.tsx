import { useShallow } from 'zustand/react/shallow';
import { useStart } from '../first-run/start-state';
import { useI18n } from '../i18n';
import { MineFilter } from '../people/MineFilter';
import { useSession } from '../people/session-state';
import { SettingsMenu } from '../people/SettingsMenu';
import { UserMenu } from '../people/UserMenu';
import { useBoard } from '../state/store';
import { InboxFilter } from './InboxFilter';
import { LanguageSelect } from './LanguageSelect';
import { NotificationPrompt } from './NotificationPrompt';
import { UpdateStatus } from './UpdateStatus';
import { useNarrow } from './use-narrow';

export function TopBar() {
  const { t, longDate, shortDate } = useI18n();
  // Not every card change: a drop or a board read would draw the whole bar again (its menus too).
  const { view, day, settings, cardCount, waitingOnly, waitingCount } = useBoard(
    useShallow((s) => ({ view: s.view, day: s.day, settings: s.settings, cardCount: s.cards.length, waitingOnly: s.waitingOnly, waitingCount: s.waitingCount })),
  );
  const session = useSession((s) => s.session);
  const boardShown = useStart((s) => s.start !== null) && settings !== null;
  const narrow = useNarrow();

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
          {t('nav.board')} <span className="tab-count">{cardCount}</span>
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
        {/* Once the board is drawn: the prompt's reading of the browser's storage waits for it. */}
        {boardShown && <NotificationPrompt />}
        <button
          type="button"
          className={`button secondary waiting-filter${waitingOnly ? ' active' : ''}`}
          aria-pressed={waitingOnly}
          onClick={() => useBoard.setState({ waitingOnly: !waitingOnly, view: 'board' })}
        >
          {t('filter.waiting')}
          {waitingCount > 0 && <span className="waiting-count">{waitingCount}</span>}
        </button>
        {session?.user && <MineFilter />}
        <InboxFilter />
        {/* Narrow, the short words leave the organisation's name and the day their room; the name stays whole. */}
        <button type="button" className="button secondary" aria-label={t('nav.import')} title={t('nav.import')} onClick={() => useBoard.setState({ dialog: 'import' })}>
          {narrow ? t('nav.importShort') : t('nav.import')}
        </button>
        <button type="button" className="button primary" aria-label={`+ ${t('nav.newAppointment')}`} title={t('nav.newAppointment')} onClick={() => useBoard.setState({ dialog: 'manual' })}>
          + {narrow ? t('nav.newAppointmentShort') : t('nav.newAppointment')}
        </button>
        <UpdateStatus />
        <SettingsMenu />
        <LanguageSelect />
        {session?.user && <UserMenu session={session} />}
      </div>
    </header>
  );
}
