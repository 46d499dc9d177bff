import { useEffect, useState } from 'react';
import type { ChannelView } from '../../src/api/v2/channels';
import { PARAMETER_SOURCES, TEMPLATE_CATEGORIES, TEMPLATE_LIMITS, TemplateChangeSchema, TemplateDraftSchema, type WaTemplate } from '../../src/api/v2/template';
import { useI18n } from '../i18n';
import { FormActions } from '../shell/FormActions';
import { useAction } from '../shell/use-action';
import { api, useBoard } from '../state/store';
import { libraryErrorText, rejectionText } from './library-errors';
import { contentOf, draftOf, headerTakesValue, inputOf, newDraft, problemsOf, withBody, type ButtonDraft, type ParameterDraft, type TemplateFormDraft, type TemplateProblem } from './template-draft';
import { TemplatePreview } from './TemplatePreview';

function FieldError({ problem }: { problem: TemplateProblem | undefined }) {
  const { t } = useI18n();
  return problem ? <span className="field-error">{t(problem.key, problem.vars)}</span> : null;
}

/**
 * A template's form: what Meta reviews (category, header, body with its parameters and their
 * examples, footer, buttons) and what only advisors see (the title, each parameter's label and
 * where its value comes from). The preview beside it is the bubble the customer will get, with
 * the examples. Name and language are fixed once submitted (Meta's rule).
 */
export function TemplateForm({ editing, onDone, onCancel }: { editing: WaTemplate | null; onDone: (saved: WaTemplate) => void; onCancel: () => void }) {
  const words = useI18n();
  const { t } = words;
  const settings = useBoard((s) => s.settings);
  const [draft, setDraft] = useState<TemplateFormDraft>(() => (editing ? draftOf(editing) : newDraft(settings?.locale === 'en' ? 'en' : 'nl')));
  const [shown, setShown] = useState(false);
  const [accounts, setAccounts] = useState<ChannelView[]>([]);
  const { busy, notice, run } = useAction();

  useEffect(() => {
    if (editing) return;
    // Only a manager with several business accounts chooses; one account is taken without asking.
    api()
      .listChannels({})
      .then((list) => {
        const whatsapp = list.data.filter((c) => c.kind === 'whatsapp' && c.businessAccountId);
        setAccounts(new Set(whatsapp.map((c) => c.businessAccountId)).size > 1 ? whatsapp : []);
      })
      .catch(() => setAccounts([]));
  }, [editing]);

  const parsed = editing ? TemplateChangeSchema.safeParse(contentOf(draft)) : TemplateDraftSchema.safeParse(inputOf(draft));
  const problems = problemsOf(parsed);
  const problem = (path: string) => (shown ? problems.get(path) : undefined);
  const set = (patch: Partial<TemplateFormDraft>) => setDraft({ ...draft, ...patch });
  const setParameter = (i: number, patch: Partial<ParameterDraft>) => set({ parameters: draft.parameters.map((p, j) => (j === i ? { ...p, ...patch } : p)) });
  const setButton = (i: number, patch: Partial<ButtonDraft>) => set({ buttons: draft.buttons.map((b, j) => (j === i ? { ...b, ...patch } : b)) });
  const addButton = (type: ButtonDraft['type']) => set({ buttons: [...draft.buttons, { type, text: '', payload: '', url: type === 'url' ? 'https://' : '', example: '' }] });

  const save = () => {
    setShown(true);
    if (!parsed.success) return;
    void run(async () => {
      try {
        const saved = editing ? await api().updateTemplate({ id: editing.id, change: contentOf(draft) }) : await api().createTemplate(inputOf(draft));
        onDone(saved);
        return null;
      } catch (error) {
        throw new Error(libraryErrorText(error, words), { cause: error });
      }
    });
  };

  const parameterRow = (p: ParameterDraft, tag: string, path: string, onChange: (patch: Partial<ParameterDraft>) => void) => (
    <div className="param-row" key={path}>
      <span className="tag">{tag}</span>
      <label>
        {t('library.parameter.label')}
        <input value={p.label} placeholder={t('library.parameter.labelHint')} onChange={(e) => onChange({ label: e.target.value })} />
        <FieldError problem={problem(`${path}.label`)} />
      </label>
      <label>
        {t('library.parameter.source')}
        <select value={p.source} onChange={(e) => onChange({ source: e.target.value as ParameterDraft['source'] })}>
          {PARAMETER_SOURCES.map((s) => (
            <option key={s} value={s}>
              {t(`library.source.${s}`)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('library.parameter.example')}
        <input value={p.example} onChange={(e) => onChange({ example: e.target.value })} />
        <FieldError problem={problem(`${path}.example`)} />
      </label>
    </div>
  );

  return (
    <div className="library-form">
      <div className="fields">
        <h3>{editing ? t('library.editTitle', { title: editing.title }) : t('library.add')}</h3>
        {editing?.status === 'REJECTED' && editing.rejectionReason && (
          <p className="problem" role="note">
            {rejectionText(editing.rejectionReason, { t })}
          </p>
        )}
        <div className="row">
          <label>
            {t('library.field.title')}
            <input value={draft.title} placeholder={t('library.field.titleHint')} onChange={(e) => set({ title: e.target.value })} />
            <FieldError problem={problem('title')} />
          </label>
          <label>
            {t('library.field.category')}
            <select value={draft.category} onChange={(e) => set({ category: e.target.value as TemplateFormDraft['category'] })}>
              {TEMPLATE_CATEGORIES.map((c) => (
                <option key={c} value={c}>
                  {t(`library.category.${c}`)}
                </option>
              ))}
            </select>
          </label>
        </div>
        <div className="row">
          <label>
            {t('library.field.name')}
            <input value={draft.name} disabled={editing !== null} placeholder="car_ready" onChange={(e) => set({ name: e.target.value })} />
            <FieldError problem={problem('name')} />
          </label>
          <label>
            {t('library.field.language')}
            <input value={draft.language} disabled={editing !== null} placeholder="nl, en_GB" onChange={(e) => set({ language: e.target.value })} />
            <FieldError problem={problem('language')} />
          </label>
          {accounts.length > 0 && (
            <label>
              {t('library.field.channel')}
              <select value={draft.channel} onChange={(e) => set({ channel: e.target.value })}>
                <option value="">{t('library.field.channelChoose')}</option>
                {accounts.map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.label} ({c.businessAccountId})
                  </option>
                ))}
              </select>
            </label>
          )}
        </div>
        <label>
          {t('library.field.header', { max: TEMPLATE_LIMITS.header })}
          <input value={draft.header} onChange={(e) => set({ header: e.target.value })} />
          <FieldError problem={problem('header')} />
        </label>
        {headerTakesValue(draft.header) && parameterRow(draft.headerParameter, '{{1}}', 'headerParameter', (patch) => set({ headerParameter: { ...draft.headerParameter, ...patch } }))}
        <label>
          {t('library.field.body', { max: TEMPLATE_LIMITS.body })}
          <textarea value={draft.body} placeholder={t('library.field.bodyHint')} onChange={(e) => setDraft(withBody(draft, e.target.value))} />
          <FieldError problem={problem('body')} />
        </label>
        {draft.parameters.length > 0 && (
          <fieldset>
            <legend>{t('library.parameters')}</legend>
            {draft.parameters.map((p, i) => parameterRow(p, `{{${i + 1}}}`, `parameters.${i}`, (patch) => setParameter(i, patch)))}
            <FieldError problem={problem('parameters')} />
          </fieldset>
        )}
        <label>
          {t('library.field.footer', { max: TEMPLATE_LIMITS.footer })}
          <input value={draft.footer} onChange={(e) => set({ footer: e.target.value })} />
          <FieldError problem={problem('footer')} />
        </label>
        <fieldset>
          <legend>{t('library.buttons')}</legend>
          {draft.buttons.map((b, i) => (
            <div className="button-row" key={i}>
              <span className="small">{t(b.type === 'url' ? 'library.button.url' : 'library.button.quickReply')}</span>
              <label>
                {t('library.button.text', { max: TEMPLATE_LIMITS.buttonText })}
                <input value={b.text} onChange={(e) => setButton(i, { text: e.target.value })} />
                <FieldError problem={problem(`buttons.${i}.text`)} />
              </label>
              {b.type === 'quick_reply' ? (
                <label>
                  {t('library.button.payload')}
                  <input value={b.payload} placeholder={b.text} onChange={(e) => setButton(i, { payload: e.target.value })} />
                  <FieldError problem={problem(`buttons.${i}.payload`)} />
                </label>
              ) : (
                <label>
                  {t('library.button.address')}
                  <input value={b.url} onChange={(e) => setButton(i, { url: e.target.value })} />
                  <FieldError problem={problem(`buttons.${i}.url`)} />
                </label>
              )}
              {b.type === 'url' ? (
                <label>
                  {t('library.parameter.example')}
                  <input value={b.example} placeholder="{{1}}" onChange={(e) => setButton(i, { example: e.target.value })} />
                  <FieldError problem={problem(`buttons.${i}.example`)} />
                </label>
              ) : (
                <span />
              )}
              <button type="button" className="icon-button" aria-label={t('library.button.remove')} onClick={() => set({ buttons: draft.buttons.filter((_, j) => j !== i) })}>
                ×
              </button>
            </div>
          ))}
          <FieldError problem={problem('buttons')} />
          <div className="row">
            <button type="button" className="button small" disabled={draft.buttons.length >= TEMPLATE_LIMITS.buttons} onClick={() => addButton('quick_reply')}>
              {t('library.button.addQuickReply')}
            </button>
            <button type="button" className="button small" disabled={draft.buttons.length >= TEMPLATE_LIMITS.buttons} onClick={() => addButton('url')}>
              {t('library.button.addUrl')}
            </button>
          </div>
        </fieldset>
        <FormActions notice={notice} leave={t('template.cancel')} onLeave={onCancel}>
          <button type="button" className="button primary" disabled={busy || (shown && !parsed.success)} onClick={save}>
            {t(editing ? 'library.save' : 'library.submit')}
          </button>
        </FormActions>
      </div>
      <TemplatePreview
        header={draft.header.trim() || null}
        headerValue={draft.headerParameter.example}
        body={draft.body}
        values={draft.parameters.map((p) => p.example)}
        footer={draft.footer.trim() || null}
        buttons={draft.buttons}
      />
    </div>
  );
}
