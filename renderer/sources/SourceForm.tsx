import { useState } from 'react';
import { IMPORT_FIELDS, type ColumnMapping } from '../../src/api/import';
import type { CertificateInfo, SaveSourceInput, SourceView } from '../../src/api/sources';
import { CertificateShown, CertificateTrusted } from './CertificateTrust';
import { useI18n } from '../i18n';
import type { MessageKey } from '../i18n/en';
import { InboxSelect } from '../shell/InboxSelect';
import { useAction } from '../shell/use-action';
import { api } from '../state/store';
import { SECRET_LABEL, SETTING_FIELDS, type SettingField } from './source-kinds';

/**
 * A source's settings: where it is, its secret (write-only: kept in the computer's secure
 * storage, never shown again), how often it runs, and the mapping of its records to the card's
 * fields. "Test connection" reads a little of it before anything is saved.
 */
export function SourceForm({
  initial,
  hasSecret,
  defaultMapping,
  onSaved,
  onDeleted,
}: {
  initial: SaveSourceInput;
  hasSecret: boolean;
  defaultMapping: ColumnMapping;
  onSaved: (view: SourceView) => void;
  onDeleted: () => void;
}) {
  const { t } = useI18n();
  const [draft, setDraft] = useState<SaveSourceInput>(initial);
  const [shownCertificate, setShownCertificate] = useState<CertificateInfo | null>(null);
  const { busy, notice: check, setNotice: setCheck, run: act } = useAction();
  const kind = draft.settings.kind;
  const settings = draft.settings as unknown as Record<string, unknown>;
  const byHeader = (kind === 'sftp' || kind === 'ftp') && draft.settings.fileFormat === 'csv';

  const setSetting = (field: SettingField, raw: string) => {
    const value = field.type === 'number' ? Number(raw) : field.type === 'list' ? raw.split(',').map((v) => v.trim()).filter(Boolean) : raw;
    setDraft((d) => ({ ...d, settings: { ...d.settings, [field.key]: value } as SaveSourceInput['settings'] }));
  };
  const setTrusted = (trustedCertificate: CertificateInfo | undefined) =>
    setDraft((d) => ({ ...d, settings: { ...d.settings, trustedCertificate } as SaveSourceInput['settings'] }));
  const test = (input: SaveSourceInput) =>
    act(async () => {
      const result = await api().testSource(input);
      setCheck({ ok: result.ok, text: result.message });
      setShownCertificate(result.certificate ?? null);
      return null;
    });
  const setMapping = (field: string, value: string) =>
    setDraft((d) => {
      const mapping: ColumnMapping = { ...d.mapping };
      if (value.trim()) mapping[field as keyof ColumnMapping] = value.trim();
      else delete mapping[field as keyof ColumnMapping];
      return { ...d, mapping };
    });


  return (
    <form className="form source-form" onSubmit={(e) => e.preventDefault()}>
      <div className="form-grid">
        <label>
          {t('sources.name')}
          <input name="name" value={draft.name} onChange={(e) => setDraft({ ...draft, name: e.target.value })} />
        </label>
        <InboxSelect name="inbox" value={draft.inboxId} onChange={(inboxId) => setDraft({ ...draft, inboxId })} />
        {SETTING_FIELDS[kind].map((field) => (
          <label key={field.key}>
            {t(`sources.setting.${field.key}` as MessageKey)}
            {field.type === 'choice' ? (
              <select name={field.key} value={String(settings[field.key])} onChange={(e) => setSetting(field, e.target.value)}>
                {field.choices!.map((choice) => (
                  <option key={choice} value={choice}>
                    {t(`sources.choice.${choice}` as MessageKey)}
                  </option>
                ))}
              </select>
            ) : (
              <input
                name={field.key}
                type={field.type === 'number' ? 'number' : field.type === 'url' ? 'url' : 'text'}
                value={field.type === 'list' ? (settings[field.key] as string[]).join(', ') : String(settings[field.key] ?? '')}
                onChange={(e) => setSetting(field, e.target.value)}
              />
            )}
          </label>
        ))}
        <label>
          <span>
            {t(SECRET_LABEL[kind])} <span className="hint">{t(hasSecret ? 'sources.secretKept' : 'sources.secretHint')}</span>
          </span>
          <input name="secret" type="password" autoComplete="off" value={draft.secret ?? ''} onChange={(e) => setDraft({ ...draft, secret: e.target.value })} />
        </label>
        <label>
          {t('sources.interval')}
          <input name="interval" type="number" min={5} max={1440} value={draft.intervalMinutes} onChange={(e) => setDraft({ ...draft, intervalMinutes: Number(e.target.value) })} />
        </label>
      </div>
      {kind === 'sftp' && draft.settings.hostKey && (
        <p className="muted small">
          {t('sources.hostKey', { key: draft.settings.hostKey })}{' '}
          <button type="button" className="link-button" onClick={() => setDraft({ ...draft, settings: { ...draft.settings, hostKey: null } as SaveSourceInput['settings'] })}>
            {t('sources.hostKeyForget')}
          </button>
        </p>
      )}
      {draft.settings.kind !== 'sftp' && draft.settings.trustedCertificate && (
        <CertificateTrusted certificate={draft.settings.trustedCertificate} onForget={() => setTrusted(undefined)} />
      )}
      <label className="checkbox">
        <input type="checkbox" name="enabled" checked={draft.enabled} onChange={(e) => setDraft({ ...draft, enabled: e.target.checked })} />
        {t('sources.enabled')}
      </label>
      <details className="mapping">
        <summary>{t('sources.mapping')}</summary>
        <p className="muted small">{t(byHeader ? 'sources.mappingHeaders' : 'sources.mappingPaths')}</p>
        <div className="mapping-grid">
          {IMPORT_FIELDS.map((field) => (
            <label key={field}>
              {t(`field.${field}` as MessageKey)}
              <input
                name={`mapping-${field}`}
                value={draft.mapping[field] ?? ''}
                placeholder={defaultMapping[field] ?? (byHeader ? t('sources.byName') : '')}
                onChange={(e) => setMapping(field, e.target.value)}
              />
            </label>
          ))}
        </div>
      </details>
      {check && (
        <p className={check.ok ? 'connection-ok' : 'form-error'} role={check.ok ? 'status' : 'alert'}>
          {check.text}
        </p>
      )}
      {shownCertificate && (
        <CertificateShown
          certificate={shownCertificate}
          onTrust={() => {
            setTrusted(shownCertificate);
            void test({ ...draft, settings: { ...draft.settings, trustedCertificate: shownCertificate } as SaveSourceInput['settings'] });
          }}
        />
      )}
      <div className="form-actions">
        {draft.id && (
          <button
            type="button"
            className="button danger muted-left"
            disabled={busy}
            onClick={() => {
              if (window.confirm(t('sources.deleteConfirm', { name: draft.name })))
                void act(async () => {
                  await api().deleteSource({ id: draft.id! });
                  onDeleted();
                  return null;
                });
            }}
          >
            {t('sources.delete')}
          </button>
        )}
        <button
          type="button"
          className="button"
          disabled={busy}
          onClick={() => void test(draft)}
        >
          {t('connection.test')}
        </button>
        <button
          type="button"
          className="button primary"
          disabled={busy}
          onClick={() =>
            void act(async () => {
              const saved = await api().saveSource(draft);
              setDraft({ ...draft, id: saved.id, secret: '' });
              onSaved(saved);
              return null;
            })
          }
        >
          {t('sources.save')}
        </button>
      </div>
    </form>
  );
}
