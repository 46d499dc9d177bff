import { useEffect, useState } from 'react';
import type { WaTemplate } from '../../src/api/v2/template';
import { useI18n } from '../i18n';
import { FormActions } from '../shell/FormActions';
import { Modal } from '../shell/Modal';
import { useAction } from '../shell/use-action';
import { api, useBoard } from '../state/store';
import { libraryErrorText, rejectionText } from './library-errors';
import { StatusBadge } from './StatusBadge';
import { syncReport } from './sync-report';
import { TemplateForm } from './TemplateForm';
import './templates.css';

type Editing = { kind: 'new' } | { kind: 'edit'; template: WaTemplate } | null;

/**
 * Settings → Content Library (managers): the organisation's WhatsApp templates with Meta's
 * review status (pending, approved, rejected with its reason, paused, disabled, or missing from
 * the account), a form to add or edit one with a live preview, delete, and a sync with the
 * business accounts for templates made in Meta's own manager.
 */
export function ContentLibraryDialog() {
  const words = useI18n();
  const { t, tp } = words;
  const [templates, setTemplates] = useState<WaTemplate[] | null>(null);
  const [editing, setEditing] = useState<Editing>(null);
  const { busy, notice, run } = useAction();
  // A review decided at Meta reaches this desktop as an event; the settings refresh it causes reloads the list.
  const settings = useBoard((s) => s.settings);
  const close = () => useBoard.setState({ dialog: null });
  const reload = () => api().listTemplates({}).then(setTemplates);
  const act = (work: () => Promise<string | null>) =>
    run(async () => {
      try {
        return await work();
      } catch (error) {
        throw new Error(libraryErrorText(error, words), { cause: error });
      }
    });

  useEffect(() => {
    void act(async () => {
      await reload();
      return null;
    });
  }, [settings]);

  const sync = () =>
    act(async () => {
      const result = await api().syncTemplates({});
      await reload();
      return syncReport(result, words);
    });
  const remove = (template: WaTemplate) => {
    if (!window.confirm(t('library.confirmDelete', { title: template.title }))) return;
    void act(async () => {
      await api().deleteTemplate({ id: template.id });
      await reload();
      return t('library.deleted', { title: template.title });
    });
  };

  return (
    <Modal title={t('library.title')} onClose={close} wide>
      <div className="form">
        {editing ? (
          <TemplateForm
            editing={editing.kind === 'edit' ? editing.template : null}
            onDone={(saved) => {
              setEditing(null);
              void act(async () => {
                await reload();
                return t(saved.status === 'PENDING' ? 'library.submitted' : 'library.saved', { title: saved.title });
              });
            }}
            onCancel={() => setEditing(null)}
          />
        ) : (
          <>
            <div className="settings-head">
              <p className="muted">{t('library.lead')}</p>
              <div className="settings-head-actions">
                <button type="button" className="button" disabled={busy} onClick={() => void sync()}>
                  {t('library.sync')}
                </button>
                <button type="button" className="button primary" onClick={() => setEditing({ kind: 'new' })}>
                  {t('library.add')}
                </button>
              </div>
            </div>
            {templates && templates.length === 0 && <p className="muted">{t('library.empty')}</p>}
            {templates && templates.length > 0 && (
              <table className="library-table">
                <thead>
                  <tr>
                    <th>{t('library.field.title')}</th>
                    <th>{t('library.field.name')}</th>
                    <th>{t('library.field.language')}</th>
                    <th>{t('library.field.category')}</th>
                    <th>{t('library.status')}</th>
                    <th aria-label={t('library.actions')} />
                  </tr>
                </thead>
                <tbody>
                  {templates.map((template) => (
                    <tr key={template.id} data-template={template.name}>
                      <td>{template.title}</td>
                      <td className="mono">{template.name}</td>
                      <td>{template.language}</td>
                      <td>{t(`library.category.${template.category}`)}</td>
                      <td>
                        <StatusBadge template={template} />
                        {template.rejectionReason && <span className="reason">{rejectionText(template.rejectionReason, { t })}</span>}
                      </td>
                      <td className="row-actions">
                        <button type="button" className="button small" onClick={() => setEditing({ kind: 'edit', template })}>
                          {t('library.edit')}
                        </button>
                        <button type="button" className="button small danger" disabled={busy} onClick={() => remove(template)}>
                          {t('library.delete')}
                        </button>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
            {templates && <p className="small muted">{tp('library.count', templates.length)}</p>}
            <FormActions notice={notice} leave={t('import.close')} onLeave={close} />
          </>
        )}
      </div>
    </Modal>
  );
}
