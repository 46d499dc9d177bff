import { useEffect, useState } from 'react';
import { BRIDGE_KEY } from '../../src/api/bridge';
import { useI18n } from '../i18n';
import { useNarrow } from './use-narrow';
import './NotificationPrompt.css';

/** Remembered per browser profile and host: "Not now" is not asked again on this computer. */
const DISMISSED_KEY = 'aftersales-board.notification-prompt.dismissed';

/** Only a browser asks: in Electron the main process raises the notifications and needs no page's permission. */
const asksHere = () => !(BRIDGE_KEY in window) && 'Notification' in window;

function BellIcon() {
  return (
    <svg className="icon" viewBox="0 0 16 16" width="14" height="14" aria-hidden="true">
      <path d="M4 11.5V7a4 4 0 0 1 8 0v4.5l1.2 1.3H2.8z" fill="none" stroke="currentColor" strokeWidth="1.4" strokeLinejoin="round" />
      <path d="M6.5 14a1.6 1.6 0 0 0 3 0" fill="none" stroke="currentColor" strokeWidth="1.4" strokeLinecap="round" />
    </svg>
  );
}

/**
 * "Turn on notifications" in the top bar, while the browser has not been asked yet. The browser
 * asks the person only when they click it: a request made without a click is one the browser
 * may block for good, and that nobody expected.
 */
export function NotificationPrompt() {
  const { t } = useI18n();
  const narrow = useNarrow();
  const [permission, setPermission] = useState<NotificationPermission>(() => (asksHere() ? Notification.permission : 'granted'));
  /*
   * Null until read. A page's first reach for localStorage waits for the browser to open the
   * profile's storage (over 100 ms in a new profile): read when the page is next idle, after the
   * board is drawn (the top bar shows the prompt only then), so that the board is not held up.
   */
  const [dismissed, setDismissed] = useState<boolean | null>(null);
  useEffect(() => {
    const idle = requestIdleCallback(() => setDismissed(localStorage.getItem(DISMISSED_KEY) === 'yes'));
    return () => cancelIdleCallback(idle);
  }, []);

  // Allowed or blocked in the browser's own site settings meanwhile: the prompt follows.
  useEffect(() => {
    if (!asksHere()) return;
    let status: PermissionStatus | null = null;
    const follow = () => setPermission(Notification.permission);
    navigator.permissions.query({ name: 'notifications' }).then(
      (found) => {
        status = found;
        found.addEventListener('change', follow);
      },
      // A browser that cannot tell of changes: the prompt goes on what it knew when the page loaded.
      follow,
    );
    return () => status?.removeEventListener('change', follow);
  }, []);

  if (permission !== 'default' || dismissed !== false) return null;
  return (
    <div className="notification-prompt" role="group" aria-label={t('notification.prompt.why')}>
      <button
        type="button"
        className="button secondary notification-prompt-ask"
        aria-label={t('notification.prompt.turnOn')}
        title={t('notification.prompt.why')}
        onClick={() => void Notification.requestPermission().then(setPermission)}
      >
        {/* Narrow, the short word leaves the organisation's name its room (as the top bar's other buttons do). */}
        <BellIcon /> {narrow ? t('notification.prompt.turnOnShort') : t('notification.prompt.turnOn')}
      </button>
      <button
        type="button"
        className="notification-prompt-dismiss"
        aria-label={t('notification.prompt.dismiss')}
        title={t('notification.prompt.dismiss')}
        onClick={() => {
          localStorage.setItem(DISMISSED_KEY, 'yes');
          setDismissed(true);
        }}
      >
        ×
      </button>
    </div>
  );
}
