import { useEffect, useState } from 'react';
import type { AuditEntry } from '../../src/api/v2/audit';
import { useI18n } from '../i18n';
import { Modal } from '../shell/Modal';
import { api, useBoard } from '../state/store';
import { usePeopleAction } from './use-people-action';

/** Settings → Audit (managers): who signed in where, failed sign-ins, tokens and people changed; newest first, a page at a time. */
export function AuditDialog() {
  const { t, dateAt, time } = useI18n();
  const [entries, setEntries] = useState<AuditEntry[]>([]);
  const [next, setNext] = useState<string | null>(null);
  const { busy, notice, run } = usePeopleAction();
  const close = () => useBoard.setState({ dialog: null });

  const load = (before?: string) =>
    run(async () => {
      const page = await api().listAudit(before === undefined ? {} : { before });
      setEntries((current) => (before === undefined ? page.data : [...current, ...page.data]));
      setNext(page.next);
      return null;
    });
  useEffect(() => {
    void load();
  }, []);

  return (
    <Modal title={t('audit.title')} onClose={close} wide>
      <div className="form">
        <p className="muted">{t('audit.lead')}</p>
        {notice && !notice.ok && (
          <p className="form-error" role="alert">
            {notice.text}
          </p>
        )}
        <div className="table-wrap">
          <table className="report-table audit-table">
            <thead>
              <tr>
                <th>{t('audit.when')}</th>
                <th>{t('audit.what')}</th>
                <th>{t('audit.who')}</th>
                <th>{t('devices.device')}</th>
                <th>{t('audit.address')}</th>
                <th>{t('audit.detail')}</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((entry) => (
                <tr key={entry.id} data-action={entry.action} className={entry.action === 'signin.failed' ? 'is-failed' : undefined}>
                  <td className="nowrap">
                    <time dateTime={new Date(entry.at).toISOString()}>
                      {dateAt(entry.at)} {time(entry.at)}
                    </time>
                  </td>
                  <td>{t(`audit.action.${entry.action}`)}</td>
                  <td className="nowrap">{entry.actor ? entry.actor.name : <span className="muted">{t('audit.nobody')}</span>}</td>
                  <td className="nowrap">{entry.device ?? '—'}</td>
                  <td>{entry.address ?? '—'}</td>
                  <td className="audit-detail">{entry.detail}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {entries.length === 0 && !busy && <p className="list-empty">{t('audit.none')}</p>}
        </div>
        {next !== null && (
          <button type="button" className="button more" disabled={busy} onClick={() => void load(next)}>
            {t('settings.more')}
          </button>
        )}
      </div>
    </Modal>
  );
}
