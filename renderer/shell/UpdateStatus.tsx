import { lazy, Suspense, useEffect, useState } from 'react';
import { createPortal } from 'react-dom';
import { useI18n } from '../i18n';
import { isManager, useSession } from '../people/session-state';
import { followUpdates, useUpdate } from './update-client';
import { updateLine, updateRefusalText } from './update-status-text';
import { useNarrow } from './use-narrow';
import './update-status.css';

const UpdateSettingsDialog = lazy(() => import('../settings/UpdateSettingsDialog').then((m) => ({ default: m.UpdateSettingsDialog })));

/**
 * The top bar's word on updates, in the installed app only (a browser on the headless host has
 * no shell and shows nothing): "Update 1.3.0 downloading 45%", "ready: installs at 19:00 or when
 * you quit" with Restart now, a failure in words. On a narrow screen a word or two, which opens
 * the whole account. A manager (or whoever runs a standalone desktop) also gets the update settings.
 */
export function UpdateStatus() {
  const { t, time } = useI18n();
  const status = useUpdate((s) => s.status);
  const client = useUpdate((s) => s.client);
  const manages = useSession((s) => s.session?.mode === 'standalone' || isManager(s.session));
  const narrow = useNarrow();
  const [dialog, setDialog] = useState(false);
  const [refusal, setRefusal] = useState<string | null>(null);
  useEffect(followUpdates, []);
  if (!client || !status) return null;
  const line = updateLine(status, { t, time });
  const restart = () => {
    setRefusal(null);
    client.installUpdateNow({}).catch((error: unknown) => setRefusal(updateRefusalText(error, t)));
  };
  const open = () => setDialog(true);
  return (
    <div className={`update-status${line ? ` is-${line.tone}` : ''}`}>
      {line && narrow && (
        <button type="button" className="button secondary update-chip" title={line.text} aria-haspopup="dialog" onClick={open}>
          {line.short}
        </button>
      )}
      {line && !narrow && (
        <span className="update-line" role={line.tone === 'failed' ? 'alert' : 'status'} title={line.text}>
          {line.text}
        </span>
      )}
      {status.state === 'ready' && !narrow && (
        <button type="button" className="button primary update-restart" onClick={restart}>
          {t('update.restartNow')}
        </button>
      )}
      {refusal && (
        <span className="update-line is-failed" role="alert">
          {refusal}
        </span>
      )}
      {manages && !(line && narrow) && (
        <button type="button" className="button secondary" aria-haspopup="dialog" onClick={open}>
          {t('update.settings.open')}
        </button>
      )}
      {/* Out of the top bar, whose white text and buttons are not the dialog's. */}
      {dialog &&
        createPortal(
          <Suspense>
            <UpdateSettingsDialog manages={manages} onClose={() => setDialog(false)} />
          </Suspense>,
          document.body,
        )}
    </div>
  );
}
