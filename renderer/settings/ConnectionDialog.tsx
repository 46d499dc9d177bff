import { useEffect, useState } from 'react';
import type { Locale } from '../../src/api/board-api';
import type { ConnectionSettings } from '../../src/api/connection-settings';
import type { StandaloneWork } from '../../src/api/first-run';
import { ApiCallError } from '../api/client';
import { leaveDemo } from '../first-run/FirstRun';
import { downloadStandaloneWork, useStart } from '../first-run/start-state';
import { useI18n, useLocale, type Formatters } from '../i18n';
import { FormActions } from '../shell/FormActions';
import { Modal } from '../shell/Modal';
import type { Notice } from '../shell/use-action';
import { deviceRevoked, revokedAdvice } from '../people/device-revoked';
import { useSession } from '../people/session-state';
import { api, useBoard } from '../state/store';

/** The core's refusals this dialog can word in the user's language; others keep the core's words. */
function failureText(error: unknown, t: Formatters['t']): string {
  if (error instanceof ApiCallError) {
    if (error.error.code === 'DEMO') return t('connection.inDemo');
    if (error.error.code === 'NO_INBOX_TO_JOIN') return t('connection.noInbox');
    if (error.error.code === 'MANAGER_ONLY') return t('connection.managerOnly');
  }
  return (error as Error).message;
}

/** "3 appointments and 1 comment": what a standalone desktop made, in the locale's words. */
function madeHere(work: StandaloneWork, locale: Locale, tp: Formatters['tp']): string {
  const parts = [tp('connection.appointments', work.appointments)];
  if (work.comments > 0) parts.push(tp('connection.comments', work.comments));
  if (work.messages > 0) parts.push(tp('connection.messages', work.messages));
  return new Intl.ListFormat(locale === 'nl' ? 'nl-NL' : 'en-GB', { type: 'conjunction' }).format(parts);
}

/**
 * Which backend this desktop works with: its state, and for the IT person the address and
 * token of the organisation's backend ("Test connection" before "Save"). A backend set by the
 * environment or the built-in demo is shown, not edited. A standalone desktop says what it
 * will upload when it joins, and offers a copy in a file first; the demo offers the way out.
 */
export function ConnectionDialog() {
  const { t, tp, time } = useI18n();
  const locale = useLocale((s) => s.locale);
  const backend = useBoard((s) => s.backend);
  const start = useStart((s) => s.start);
  const revoked = useSession((s) => deviceRevoked(s.session));
  const [settings, setSettings] = useState<ConnectionSettings | null>(null);
  const [work, setWork] = useState<StandaloneWork | null>(null);
  const [url, setUrl] = useState('');
  const [token, setToken] = useState('');
  const [check, setCheck] = useState<Notice>(null);
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
  const standalone = settings?.managedBy === null && start?.choice !== 'demo';
  useEffect(() => {
    if (standalone) api().getStandaloneWork({}).then(setWork, (error: Error) => setCheck({ ok: false, text: error.message }));
  }, [standalone]);

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
      setCheck({ ok: false, text: failureText(error, t) });
    } finally {
      setBusy(false);
    }
  };
  const saveCopy = async () => {
    setCheck(null);
    try {
      await downloadStandaloneWork();
    } catch (error) {
      setCheck({ ok: false, text: failureText(error, t) });
    }
  };
  const leave = async () => {
    setBusy(true);
    try {
      await leaveDemo();
    } catch (error) {
      setCheck({ ok: false, text: failureText(error, t) });
      setBusy(false);
    }
  };

  let state: string;
  if (start?.choice === null) state = t('connection.notYet');
  else if (!backend || backend.mode === 'standalone') state = t('connection.standalone');
  else if (revoked) state = t('backend.deviceRevoked');
  else if (backend.online) state = t('connection.online', { organisation: settings?.organisation ?? '' });
  else if (backend.offlineSince !== null) state = t('backend.offline', { time: time(backend.offlineSince) });
  else state = t('backend.connecting');
  const inDemo = start?.choice === 'demo';
  const editable = !inDemo && settings !== null && (settings.managedBy === null || settings.managedBy === 'settings');
  const hasWork = work !== null && work.appointments + work.comments + work.messages > 0;

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
        {/* No keyring protects a token here (Linux's basic_text): it lasts this session only, and IT is told how to change that. */}
        {settings?.secretsKept === 'session' && (
          <div className="standalone-work banner-offline" role="alert" data-testid="secrets-session-only">
            <p>{t('connection.sessionOnly')}</p>
            <p className="small">{t('connection.sessionOnlyHow')}</p>
          </div>
        )}
        {/* Set here, the new token goes in the fields below; set elsewhere, the words say where. */}
        {revoked && settings && settings.managedBy !== 'settings' && <p>{t(revokedAdvice(settings.managedBy).key)}</p>}
        {inDemo && (
          <div className="standalone-work">
            <p>{t('connection.inDemo')}</p>
            {start.canLeaveDemo && (
              <button type="button" className="button" disabled={busy} onClick={() => void leave()}>
                {t('demo.leave')}
              </button>
            )}
          </div>
        )}
        {editable && (
          <>
            {standalone && hasWork && (
              <div className="standalone-work">
                <p>{t('connection.uploads', { work: madeHere(work, locale, tp) })}</p>
                <p className="muted small">{t('connection.copyFirst')}</p>
                <button type="button" className="button" onClick={() => void saveCopy()}>
                  {t('connection.saveCopy')}
                </button>
              </div>
            )}
            <label>
              {t('connection.url')}
              <input name="url" type="url" value={url} placeholder="https://board.example.nl" onChange={(e) => setUrl(e.target.value)} />
            </label>
            <label>
              <span>
                {t('connection.token')} <span className="hint">{t(settings?.secretsKept === 'session' ? 'connection.tokenHintSession' : 'connection.tokenHint')}</span>
              </span>
              <input name="token" type="password" autoComplete="off" value={token} onChange={(e) => setToken(e.target.value)} />
            </label>
          </>
        )}
        <FormActions notice={check} leave={t('import.close')} onLeave={close}>
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
        </FormActions>
      </div>
    </Modal>
  );
}
