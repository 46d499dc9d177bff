import { useEffect, useState } from 'react';
import type { WaTemplate } from '../../src/api/v2/template';
import { useI18n, useLocale } from '../i18n';
import { FormActions } from '../shell/FormActions';
import { InboxSelect } from '../shell/InboxSelect';
import { Modal } from '../shell/Modal';
import { Outcome } from '../shell/Outcome';
import { useAction } from '../shell/use-action';
import { api, useBoard } from '../state/store';
import { ApiCallError } from '../api/api-call-error';
import { draftOf, draftProblems, settingsOf, templateChoices, templateKey, type ReminderDraft } from './reminder-draft';
import { reminderErrorText, templateLabel } from './reminder-words';
import { ReminderPreviewLines } from './ReminderPreviewLines';
import './reminders.css';

/**
 * Settings → Reminder bot (managers): per inbox, on or off, the approved template it sends, and
 * when — at a time on the last open day before, or a number of hours before — with what its
 * next run does as saved, every skipped customer reachable by name.
 */
export function ReminderBotDialog() {
  const { t } = useI18n();
  const inboxes = useBoard((s) => s.inboxes);
  const backend = useBoard((s) => s.backend);
  const [inbox, setInbox] = useState(inboxes[0]?.id ?? '');
  const close = () => useBoard.setState({ dialog: null });
  const offline = backend !== null && backend.mode === 'connected' && !backend.online;
  return (
    <Modal title={t('reminders.title')} onClose={close}>
      <div className="form reminder-bot">
        <p className="muted small">{t('reminders.intro')}</p>
        <InboxSelect name="reminder-inbox" value={inbox} onChange={setInbox} />
        {offline ? (
          <p className="form-error" role="alert">
            {t('reminders.needsConnection')}
          </p>
        ) : (
          inbox !== '' && <InboxReminders key={inbox} inbox={inbox} />
        )}
        <FormActions leave={t('import.close')} onLeave={close} />
      </div>
    </Modal>
  );
}

function InboxReminders({ inbox }: { inbox: string }) {
  const words = useI18n();
  const { t } = words;
  const zone = useLocale((s) => s.zone);
  const inboxName = useBoard((s) => s.inboxes.find((i) => i.id === inbox)?.name ?? inbox);
  const [draft, setDraft] = useState<ReminderDraft | null>(null);
  const [templates, setTemplates] = useState<WaTemplate[]>([]);
  const [shown, setShown] = useState(false);
  // A refusal of the template by the backend (not approved, gone), shown under that field.
  const [templateRefusal, setTemplateRefusal] = useState<string | null>(null);
  const [saves, setSaves] = useState(0);
  const { busy, notice, setNotice, run } = useAction();
  const worded = (error: unknown) => new Error(reminderErrorText(error, words, Date.now(), zone), { cause: error });

  useEffect(() => {
    void run(async () => {
      try {
        const [settings, all] = await Promise.all([api().getReminderSettings({ inbox }), api().listTemplates({})]);
        setTemplates(all);
        setDraft(draftOf(settings.settings));
        return null;
      } catch (error) {
        throw worded(error);
      }
    });
  }, [inbox]);

  if (!draft) return <Outcome notice={notice} />;
  const problems = draftProblems(draft);
  const problem = (field: keyof typeof problems) => (shown && problems[field] ? t(problems[field]) : null);
  const set = (patch: Partial<ReminderDraft>) => {
    setDraft({ ...draft, ...patch });
    if (patch.template !== undefined) setTemplateRefusal(null);
  };
  const choices = templateChoices(templates, draft.template);
  const save = () => {
    setShown(true);
    setTemplateRefusal(null);
    const parsed = settingsOf(draft);
    // The fields' problems are this try's outcome: an earlier "Saved" must not stay beside them.
    if (!parsed.success) {
      setNotice(null);
      return;
    }
    void run(async () => {
      try {
        const saved = await api().saveReminderSettings({ inbox, settings: parsed.data });
        setDraft(draftOf(saved.settings));
        setSaves((n) => n + 1);
        return t(saved.settings.enabled ? 'reminders.savedOn' : 'reminders.savedOff', { inbox: inboxName });
      } catch (error) {
        if (error instanceof ApiCallError && error.error.code === 'REMINDER_TEMPLATE') {
          setTemplateRefusal(reminderErrorText(error, words, Date.now(), zone));
          return null;
        }
        throw worded(error);
      }
    });
  };
  const templateProblem = templateRefusal ?? problem('template');
  return (
    <>
      <fieldset className="settings-form">
        <legend>{inboxName}</legend>
        <label className="checkbox">
          <input type="checkbox" name="reminders-enabled" checked={draft.enabled} onChange={(e) => set({ enabled: e.target.checked })} />
          {t('reminders.enabled')}
        </label>
        <label>
          <span>
            {t('reminders.template')} <span className="hint">{t('reminders.templateHint')}</span>
          </span>
          <select name="reminder-template" value={draft.template} aria-invalid={templateProblem !== null} onChange={(e) => set({ template: e.target.value })}>
            <option value="">{t('reminders.templateNone')}</option>
            {choices.map((template) => (
              <option key={templateKey(template)} value={templateKey(template)}>
                {templateLabel(words, template)}
              </option>
            ))}
          </select>
          {templateProblem !== null && <span className="field-error">{templateProblem}</span>}
          {!templates.some((template) => template.status === 'APPROVED') && <span className="hint">{t('reminders.noApproved')}</span>}
        </label>
        <div role="radiogroup" aria-label={t('reminders.when')} className="reminder-when">
          <span className="reminder-when-title">{t('reminders.when')}</span>
          <div className="reminder-when-choice">
            <div>
              <label className="checkbox">
                <input type="radio" name="reminder-kind" value="day_before" checked={draft.kind === 'day_before'} onChange={() => set({ kind: 'day_before' })} />
                {t('reminders.dayBefore')}
              </label>
              <span className="hint reminder-when-hint">{t('reminders.dayBeforeHint')}</span>
            </div>
            <label className="reminder-when-field">
              <input
                type="time"
                name="reminder-at"
                aria-label={t('reminders.at')}
                value={draft.at}
                disabled={draft.kind !== 'day_before'}
                aria-invalid={draft.kind === 'day_before' && problem('at') !== null}
                onChange={(e) => set({ at: e.target.value })}
              />
              {draft.kind === 'day_before' && problem('at') !== null && <span className="field-error">{problem('at')}</span>}
            </label>
          </div>
          <div className="reminder-when-choice">
            <label className="checkbox">
              <input type="radio" name="reminder-kind" value="hours_before" checked={draft.kind === 'hours_before'} onChange={() => set({ kind: 'hours_before' })} />
              {t('reminders.hoursBefore')}
            </label>
            <label className="reminder-when-field">
              <input
                type="number"
                name="reminder-hours"
                aria-label={t('reminders.hours')}
                title={t('reminders.hours')}
                min={1}
                max={168}
                step={1}
                value={draft.hours}
                disabled={draft.kind !== 'hours_before'}
                aria-invalid={draft.kind === 'hours_before' && problem('hours') !== null}
                onChange={(e) => set({ hours: e.target.value })}
              />
              {draft.kind === 'hours_before' && problem('hours') !== null && <span className="field-error">{problem('hours')}</span>}
            </label>
          </div>
        </div>
        <Outcome notice={notice} />
        <div className="form-actions">
          <button type="button" className="button primary" disabled={busy} onClick={save}>
            {t('reminders.save')}
          </button>
        </div>
      </fieldset>
      <ReminderPreviewLines inbox={inbox} revision={saves} />
    </>
  );
}
