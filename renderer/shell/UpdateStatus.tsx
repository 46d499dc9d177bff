import { lazy, Suspense, useEffect, useState } from 'react';
import { useI18n } from '../i18n';
import { isManager, useSession } from '../people/session-state';
import { followUpdates, useUpdate } from './update-client';
import { updateLine } from './update-status-text';
import './update-status.css';

const UpdateSettingsDialog = lazy(() => import('../settings/UpdateSettingsDialog').then((m) => ({ default: m.UpdateSettingsDialog })));

/**
 * The top bar's word on updates, in the installed app only (a browser on the headless host has
 * no shell and shows nothing): the download's progress, "ready — Restart now", a failure in
 * words. A manager (or whoever runs a standalone desktop) also gets the way to the update settings.
 */
export function UpdateStatus() {
  const { t, time } = useI18n();
  const status = useUpdate((s) => s.status);
  const client = useUpdate((s) => s.client);
  const manages = useSession((s) => s.session?.mode === 'standalone' || isManager(s.session));
  const [dialog, setDialog] = useState(false);
  const [refusal, setRefusal] = useState<string | null>(null);
  useEffect(followUpdates, []);
  if (!client || !status) return null;
  const line = updateLine(status, { t, time });
  const restart = () => {
    setRefusal(null);
    client.installUpdateNow({}).catch((error: Error) => setRefusal(error.message));
  };
  return (
    <div className={`update-status${line ? ` is-${line.tone}` : ''}`}>
      {line && (
        <span className="update-line" role={line.tone === 'failed' ? 'alert' : 'status'} title={line.text}>
          {line.text}
        </span>
      )}
      {status.state === 'ready' && (
        <button type="button" className="button primary update-restart" onClick={restart}>
          {t('update.restartNow')}
        </button>
      )}
      {refusal && (
        <span className="update-line is-failed" role="alert">
          {refusal}
        </span>
      )}
      {manages && (
        <button type="button" className="button secondary" aria-haspopup="dialog" onClick={() => setDialog(true)}>
          {t('update.settings.open')}
        </button>
      )}
      {dialog && (
        <Suspense>
          <UpdateSettingsDialog onClose={() => setDialog(false)} />
        </Suspense>
      )}
    </div>
  );
}
