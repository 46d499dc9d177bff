import { useEffect, useState } from 'react';
import { UpdateSettingsSchema, type UpdateChannel, type UpdateSettings } from '../../src/api/shell-api';
import { useI18n } from '../i18n';
import type { MessageKey } from '../i18n/en';
import { FormActions } from '../shell/FormActions';
import { Modal } from '../shell/Modal';
import { useUpdate } from '../shell/update-client';
import { updateRefusalText, updateSummary } from '../shell/update-status-text';
import { useAction } from '../shell/use-action';

interface Draft {
  channel: UpdateChannel;
  /** Install at a set time too, or only on quit and when asked. */
  timed: boolean;
  installTime: string;
}

function draftOf(settings: UpdateSettings): Draft {
  return { channel: settings.channel, timed: settings.installTime !== null, installTime: settings.installTime ?? '19:00' };
}

function settingsOf(draft: Draft) {
  return UpdateSettingsSchema.safeParse({
    channel: draft.channel,
    installTime: draft.timed ? draft.installTime : null,
  });
}

const FIELD_PROBLEMS: Record<'installTime', MessageKey> = {
  installTime: 'update.settings.installTimeInvalid',
};

/**
 * The update's whole account for everyone (the version, the last check, what is downloading or
 * ready, a failure's reason), with Check now and Restart now; and for a manager how this
 * workstation updates: the channel (stable or beta) and the time at which a downloaded update may
 * install when nobody is using the workstation. The update server is IT's alone and not set here
 * (README). The shell checks the role again before it saves.
 */
export function UpdateSettingsDialog({ manages, onClose }: { manages: boolean; onClose: () => void }) {
  const f = useI18n();
  const { t } = f;
  const status = useUpdate((s) => s.status);
  const client = useUpdate((s) => s.client);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const { busy, notice, setNotice, run } = useAction();

  useEffect(() => {
    if (!manages) return;
    client?.getUpdateSettings({}).then(
      (settings) => setDraft(draftOf(settings)),
      (error: Error) => setLoadError(updateRefusalText(error, t)),
    );
  }, [client, manages, t]);

  const parsed = draft ? settingsOf(draft) : null;
  const problem = (field: 'installTime'): string | null =>
    parsed && !parsed.success && parsed.error.issues.some((issue) => issue.path[0] === field) ? t(FIELD_PROBLEMS[field]) : null;
  const set = (patch: Partial<Draft>) => {
    setNotice(null);
    setDraft((current) => (current ? { ...current, ...patch } : current));
  };
  const attempt = (action: () => Promise<string | null>) =>
    run(async () => {
      try {
        return await action();
      } catch (error) {
        throw new Error(updateRefusalText(error, t), { cause: error });
      }
    });
  const save = () =>
    attempt(async () => {
      if (!client || !parsed?.success) return null;
      setDraft(draftOf(await client.setUpdateSettings(parsed.data)));
      return t('update.settings.saved');
    });

  return (
    <Modal title={t('update.settings.title')} onClose={onClose}>
      <div className="form">
        {status && (
          <p className="connection-state" role="status">
            {updateSummary(status, f)}
          </p>
        )}
        {loadError && (
          <p className="form-error" role="alert">
            {loadError}
          </p>
        )}
        {draft && (
          <>
            <label>
              {t('update.settings.channel')}
              <select name="update-channel" value={draft.channel} onChange={(e) => set({ channel: e.target.value as UpdateChannel })}>
                <option value="stable">{t('update.settings.stable')}</option>
                <option value="beta">{t('update.settings.beta')}</option>
              </select>
            </label>
            <div>
              <label className="checkbox">
                <input type="checkbox" name="update-timed" checked={draft.timed} onChange={(e) => set({ timed: e.target.checked })} />
                {t('update.settings.timed')}
              </label>
              {draft.timed && (
                <label>
                  <span className="sr-only">{t('update.settings.installTime')}</span>
                  <input
                    type="time"
                    name="update-install-time"
                    value={draft.installTime}
                    aria-invalid={problem('installTime') !== null}
                    onChange={(e) => set({ installTime: e.target.value })}
                  />
                  {problem('installTime') && <span className="field-error">{problem('installTime')}</span>}
                </label>
              )}
              <p className="muted small">{t('update.settings.timedHint')}</p>
              <p className="muted small">{t('update.settings.consentHint')}</p>
            </div>
          </>
        )}
        <FormActions notice={notice} leave={t('import.close')} onLeave={onClose}>
          <button type="button" className="button" disabled={busy || !client} onClick={() => void attempt(async () => (await client?.checkForUpdates({}), null))}>
            {t('update.checkNow')}
          </button>
          {status?.state === 'ready' && (
            <button type="button" className="button" disabled={busy} onClick={() => void attempt(async () => (await client?.installUpdateNow({}), null))}>
              {t('update.restartNow')}
            </button>
          )}
          {manages && (
            <button type="button" className="button primary" disabled={busy || !parsed?.success} onClick={() => void save()}>
              {t('setup.save')}
            </button>
          )}
        </FormActions>
      </div>
    </Modal>
  );
}
