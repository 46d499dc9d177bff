import { useState } from 'react';
import { useI18n } from '../i18n';

/**
 * A one-time invitation code or a new token: shown this once (only its hash is kept), to be
 * copied and passed on. The field is selectable for a copy by hand where the clipboard is refused.
 * It stays until `onDone` (the manager says it was passed on), whatever else is done meanwhile.
 */
export function IssuedSecret({ title, secret, lead, until, onDone }: { title: string; secret: string; lead: string; until: number | null; onDone: () => void }) {
  const { t, time, dateAt } = useI18n();
  const [copied, setCopied] = useState<{ ok: boolean; text: string } | null>(null);
  const copy = () => {
    navigator.clipboard.writeText(secret).then(
      () => setCopied({ ok: true, text: t('secret.copied') }),
      () => setCopied({ ok: false, text: t('secret.copyFailed') }),
    );
  };
  return (
    <section className="issued-secret" aria-label={title}>
      <h3>{title}</h3>
      <p>{lead}</p>
      <div className="issued-secret-row">
        <input className="issued-secret-value" readOnly value={secret} aria-label={title} onFocus={(e) => e.target.select()} />
        <button type="button" className="button" onClick={copy}>
          {t('secret.copy')}
        </button>
      </div>
      {until !== null && <p className="muted small">{t('secret.until', { date: dateAt(until), time: time(until) })}</p>}
      <p className="warning small">{t('secret.once')}</p>
      {copied && (
        <p className={copied.ok ? 'connection-ok small' : 'field-error'} role="status">
          {copied.text}
        </p>
      )}
      <button type="button" className="button issued-secret-done" onClick={onDone}>
        {t('secret.done')}
      </button>
    </section>
  );
}
