import type { AuditEntry } from '../../src/api/v2/audit';
import { useI18n } from '../i18n';
import { Modal } from '../shell/Modal';
import { api, useBoard } from '../state/store';
import { auditDetail } from './audit-detail';
import { PagedTable } from './PagedTable';
import { usePages } from './use-pages';

/** Settings → Audit (managers): who signed in where, failed sign-ins, tokens and people changed; newest first, a page at a time. */
export function AuditDialog() {
  const { t, tp, dateAt, time } = useI18n();
  const inboxes = useBoard((s) => s.inboxes);
  const inboxName = (id: string) => inboxes.find((inbox) => inbox.id === id)?.name ?? id;
  const entries = usePages<AuditEntry>((before) => api().listAudit(before === undefined ? {} : { before }), []);
  const close = () => useBoard.setState({ dialog: null });

  return (
    <Modal title={t('audit.title')} onClose={close} wide>
      <div className="form">
        <p className="muted">{t('audit.lead')}</p>
        <PagedTable
          pages={entries}
          className="audit-table"
          heads={[t('audit.when'), t('audit.what'), t('audit.who'), t('devices.device'), t('audit.address'), t('audit.detail')]}
          empty={t('audit.none')}
        >
          {entries.items.map((entry) => (
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
              <td className="audit-detail">{auditDetail(entry, { t, tp }, inboxName)}</td>
            </tr>
          ))}
        </PagedTable>
      </div>
    </Modal>
  );
}
