import { useEffect, useState } from 'react';
import type { ConnectionSettings } from '../../src/api/connection-settings';
import { useI18n } from '../i18n';
import { Modal } from '../shell/Modal';
import { api, useBoard } from '../state/store';

type Check = { ok: boolean; text: string } | null;

/**
 * Which backend this desktop works with: its state, and for the IT person the address and
 * token of the organisation's backend ("Test connection" before "Save"). A backend set by the
 * environment or the built-in demo is shown, not edited.
 */
export function ConnectionDialog() {
  const { t, time } = useI18n();
  const backend = useBoard((s) => s.backend);
  const [settings, setSettings] = useState<ConnectionSettings | null>(null);
  const [url, setUrl] = useState('');
  const [token, setToken] = useState('');
  const [check, setCheck] = useState<Check>(null);
  const [busy, setBusy] = useState(false);
  const close = () => useBoard.setState({ dialog: null });

  // Read again when the link comes up: the organisation's name is known only once it is read.
  const online = backend?.online ?? false;
  useEffect(() => {
    api()
      .getConnectionSettings({})
      .then(
        (s) => {
          setSettings(s);
          setUrl((current) => current || (s.url ?? ''));
        },
        (error: Error) => setCheck({ ok: false, text: error.message }),
      );
  }, [online]);

  const run = async (action: 'test' | 'save') => {
    setBusy(true);
    setCheck(null);
    try {
      if (action === 'test') {
        const found = await api().testConnection({ url, token });
        setCheck({ ok: true, text: t('connection.found', { organisation: found.organisation, inboxes: found.inboxes, templates: found.templates }) });
      } else {
        setSettings(await api().saveConnection({ url, token }));
        setToken('');
        setCheck({ ok: true, text: t('connection.saved') });
      }
    } catch (error) {
      setCheck({ ok: false, text: (error as Error).message });
    } finally {
      setBusy(false);
    }
  };

  let state: string;
  if (!backend || backend.mode === 'standalone') state = t('connection.standalone');
  else if (backend.online) state = t('connection.online', { organisation: settings?.organisation ?? '' });
  else if (backend.offlineSince !== null) state = t('backend.offline', { time: time(backend.offlineSince) });
  else state = t('backend.connecting');
  const editable = settings !== null && (settings.managedBy === null || settings.managedBy === 'settings');

  return (
    <Modal title={t('connection.title')} onClose={close}>
      <div className="form">
        <p className={`connection-state${backend?.online ? ' is-online' : ''}`} role="status">
          {state}
          {backend && backend.pending > 0 && ` · ${t('backend.pending', { count: backend.pending })}`}
        </p>
        {settings?.managedBy && settings.managedBy !== 'settings' && (
          <p className="muted">
            {t(settings.managedBy === 'environment' ? 'connection.byEnvironment' : 'connection.builtIn', { url: settings.url ?? '' })}
          </p>
        )}
        {editable && (
          <>
            {settings.managedBy === null && <p className="warning small">{t('connection.replacesDemo')}</p>}
            <label>
              {t('connection.url')}
              <input name="url" type="url" value={url} placeholder="https://board.example.nl" onChange={(e) => setUrl(e.target.value)} />
            </label>
            <label>
              <span>
                {t('connection.token')} <span className="hint">{t('connection.tokenHint')}</span>
              </span>
              <input name="token" type="password" autoComplete="off" value={token} onChange={(e) => setToken(e.target.value)} />
            </label>
          </>
        )}
        {check && (
          <p className={check.ok ? 'connection-ok' : 'form-error'} role={check.ok ? 'status' : 'alert'}>
            {check.text}
          </p>
        )}
        <div className="form-actions">
          <button type="button" className="button" onClick={close}>
            {t('import.close')}
          </button>
          {editable && (
            <>
              <button type="button" className="button" disabled={busy || !url || !token} onClick={() => void run('test')}>
                {t('connection.test')}
              </button>
              <button type="button" className="button primary" disabled={busy || !url || !token} onClick={() => void run('save')}>
                {t('connection.save')}
              </button>
            </>
          )}
        </div>
      </div>
    </Modal>
  );
}
