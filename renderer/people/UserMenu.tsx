import { useRef, useState } from 'react';
import type { SessionState } from '../../src/api/people';
import { useI18n } from '../i18n';
import { useDismiss } from '../shell/use-dismiss';
import { api, showError, useBoard } from '../state/store';
import { initials } from '../shell/initials';
import { useNarrow } from '../shell/use-narrow';
import { peopleErrorText } from './people-errors';
import { takeSession, useSession } from './session-state';

/**
 * The person working on this desktop, in the top bar. On a registered desktop their menu
 * switches to a colleague, locks, sets the PIN for the quick switch, and signs out (and, on a
 * PC they will not use again, forgets them here). Joined with a person's own token, that
 * person is always the one signed in: the name only.
 */
export function UserMenu({ session }: { session: SessionState }) {
  const words = useI18n();
  const { t } = words;
  const [open, setOpen] = useState(false);
  const ref = useRef<HTMLDivElement>(null);
  useDismiss(ref, open, () => setOpen(false));
  const user = session.user;
  if (!user) return null;
  // On a narrow top bar (a 1366-pixel reception screen) the chip shows the first name only, so
  // the organisation's name and the day keep their room; the menu and the tooltip say it whole.
  const narrow = useNarrow();
  const shown = narrow ? (user.name.trim().split(/\s+/)[0] ?? user.name) : user.name;
  const who = (
    <>
      <span className="avatar" aria-hidden="true">
        {initials(user.name)}
      </span>
      <span className="user-chip-text">
        <span className="user-chip-name">{shown}</span>
        <span className="user-chip-role">{t(`role.${user.role}`)}</span>
      </span>
    </>
  );
  if (session.mode !== 'device') {
    return (
      <div className="user-chip" title={`${user.name} — ${t('user.personal')}`}>
        {who}
      </div>
    );
  }
  const act = (work: () => Promise<SessionState>, then?: () => void) => {
    setOpen(false);
    work().then(
      (next) => {
        takeSession(next);
        then?.();
      },
      (error: unknown) => showError(new Error(peopleErrorText(error, words), { cause: error })),
    );
  };
  return (
    <div className="user-menu" ref={ref}>
      <button type="button" className="user-chip button secondary" title={user.name} aria-expanded={open} aria-haspopup="menu" aria-label={t('user.menu', { name: user.name })} onClick={() => setOpen(!open)}>
        {who} ▾
      </button>
      {open && (
        <div className="popover menu" role="menu" aria-label={t('user.menu', { name: user.name })}>
          <div className="menu-person">
            <span className="menu-person-name">{user.name}</span>
            <span className="menu-person-role">{t(`role.${user.role}`)}</span>
          </div>
          <hr />
          <button type="button" role="menuitem" onClick={() => act(() => api().lock({}), () => useSession.setState({ someoneElse: true }))}>
            {t('user.switch')}
          </button>
          <button type="button" role="menuitem" onClick={() => act(() => api().lock({}))}>
            {t('user.lock')}
          </button>
          <button
            type="button"
            role="menuitem"
            onClick={() => {
              setOpen(false);
              useBoard.setState({ dialog: 'pin' });
            }}
          >
            {t('user.setPin')}
          </button>
          <hr />
          <button type="button" role="menuitem" onClick={() => act(() => api().signOut({ forget: false }))}>
            {t('user.signOut')}
          </button>
          <button type="button" role="menuitem" onClick={() => act(() => api().signOut({ forget: true }))}>
            {t('user.signOutForget')}
          </button>
        </div>
      )}
    </div>
  );
}
