import { useRef, useState } from 'react';
import { useI18n } from '../i18n';
import type { MessageKey } from '../i18n/en';
import { everySource } from '../sources/every-source';
import { useDismiss } from '../shell/use-dismiss';
import { useBoard, type Dialog } from '../state/store';
import { isManager, useSession } from './session-state';

const MANAGERS: Array<[Exclude<Dialog, null>, MessageKey]> = [
  ['people', 'people.title'],
  ['devices', 'devices.title'],
  ['audit', 'audit.title'],
  ['signinSettings', 'signinSettings.title'],
  ['reminders', 'reminders.title'],
  ['channels', 'setup.channels.title'],
  ['contentLibrary', 'library.title'],
  ['organization', 'setup.organization.title'],
];

/**
 * The top bar's one way into the settings, so that it fits a 1366-pixel reception screen:
 * the connection and the sources for everyone, and for a manager the people, devices and
 * tokens, the audit log and the sign-in settings. Its button carries the connection's dot and
 * the count of failing sources, which the two entries had on their own.
 */
export function SettingsMenu() {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  const ref = useRef<HTMLDivElement>(null);
  useDismiss(ref, open, () => setOpen(false));
  const backend = useBoard((s) => s.backend);
  const sources = useBoard((s) => s.sources);
  const shared = useBoard((s) => s.sharedSources);
  const manager = useSession((s) => isManager(s.session));
  const failingSources = everySource(sources, shared).filter((source) => source.enabled && source.health.failuresInARow > 0).length;
  const offline = backend !== null && backend.mode === 'connected' && !backend.online;
  const choose = (dialog: Dialog) => {
    setOpen(false);
    useBoard.setState({ dialog });
  };
  return (
    <div className="settings-menu" ref={ref}>
      <button
        type="button"
        className={`button secondary connection-button${offline ? ' is-offline' : ''}`}
        aria-expanded={open}
        aria-haspopup="menu"
        onClick={() => setOpen(!open)}
      >
        <span className={`connection-dot${backend?.online ? ' is-online' : ''}`} aria-hidden="true" />
        {t('settings.open')}
        {failingSources > 0 && <span className="waiting-count">{failingSources}</span>} ▾
      </button>
      {open && (
        <div className="popover menu" role="menu" aria-label={t('settings.open')}>
          <button type="button" role="menuitem" onClick={() => choose('connection')}>
            {t('connection.open')}
          </button>
          <button type="button" role="menuitem" onClick={() => choose('sources')}>
            {t('sources.open')}
            {failingSources > 0 && <span className="waiting-count">{failingSources}</span>}
          </button>
          {manager && (
            <>
              <hr />
              {MANAGERS.map(([dialog, key]) => (
                <button key={dialog} type="button" role="menuitem" onClick={() => choose(dialog)}>
                  {t(key)}
                </button>
              ))}
            </>
          )}
        </div>
      )}
    </div>
  );
}
