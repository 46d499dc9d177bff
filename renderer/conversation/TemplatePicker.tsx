import { useCallback, useState } from 'react';
import type { AppointmentDetails } from '../../src/api/appointment';
import type { ParameterSource, WaTemplate } from '../../src/api/v2/template';
import { bodyParameterCount, parameterNumbers } from '../../src/domain/template-rules';
import { useI18n, useLocale } from '../i18n';
import { TemplatePreview } from '../templates/TemplatePreview';
import '../templates/templates.css';

/**
 * The chevron's menu: the organisation's approved templates by their titles, available at any
 * time. The chosen one's fields are labelled as the manager named them and start from the
 * appointment (each parameter's source), editable; the preview is what the customer will read.
 * A template in another language than the inbox's is still offered, marked.
 */
export function TemplatePicker({
  templates,
  appointment,
  organisation,
  inboxLanguage,
  onSend,
  onClose,
}: {
  templates: WaTemplate[];
  appointment: AppointmentDetails;
  organisation: string;
  /** The inbox's template language; null when this desktop does not know it. */
  inboxLanguage: string | null;
  onSend: (template: WaTemplate, parameters: string[]) => Promise<void>;
  onClose: () => void;
}) {
  const { t } = useI18n();
  const zone = useLocale((s) => s.zone);
  const approved = templates.filter((template) => template.status === 'APPROVED' && template.missingSince === null);
  const [chosen, setChosen] = useState<WaTemplate | null>(approved.length === 1 ? approved[0]! : null);
  // The customer reads the template in its own language, whatever the advisor's screens are in.
  const facts = useCallback(
    (template: WaTemplate): Record<ParameterSource, string> => {
      const language = template.language.replace('_', '-');
      const date = new Intl.DateTimeFormat(language, { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
      const clock = new Intl.DateTimeFormat(language, { hour: '2-digit', minute: '2-digit', timeZone: zone });
      return {
        customerName: appointment.contact?.name ?? appointment.customerName ?? '',
        date: date.format(new Date(`${appointment.localDate}T12:00:00Z`)),
        time: clock.format(appointment.startsAt),
        plate: appointment.plate ?? '',
        make: appointment.make ?? '',
        model: appointment.model ?? '',
        workOrder: appointment.workOrder ?? '',
        // The card's advisor (a colleague); else the planning system's owner text.
        advisor: appointment.advisor?.name ?? appointment.owner ?? '',
        organisation,
        none: '',
      };
    },
    [appointment, organisation, zone],
  );
  const proposed = (template: WaTemplate) => {
    const known = facts(template);
    return Array.from({ length: bodyParameterCount(template.body) }, (_, i) => known[template.parameters[i]?.source ?? 'none']);
  };
  const [values, setValues] = useState<string[]>(() => (chosen ? proposed(chosen) : []));
  const [sending, setSending] = useState(false);

  const choose = (template: WaTemplate) => {
    setChosen(template);
    setValues(proposed(template));
  };

  if (approved.length === 0) {
    return (
      <div className="template-picker" role="dialog" aria-label={t('template.title')}>
        <p className="muted">{t('template.none')}</p>
      </div>
    );
  }
  // Header and URL-button values are not sent yet: such a template is shown, not offered for sending.
  const takesMore = (template: WaTemplate) =>
    (template.header !== null && parameterNumbers(template.header).length > 0) || template.buttons.some((b) => b.type === 'url' && parameterNumbers(b.url).length > 0);

  return (
    <div className="template-picker" role="dialog" aria-label={t('template.title')}>
      <div className="template-list" role="listbox" aria-label={t('template.title')}>
        {approved.map((template) => (
          <button
            key={template.id}
            type="button"
            role="option"
            aria-selected={chosen?.id === template.id}
            className={chosen?.id === template.id ? 'template-option chosen' : 'template-option'}
            onClick={() => choose(template)}
          >
            <span className="template-name">{template.title}</span>
            <span className="muted small">
              {template.language}
              {inboxLanguage !== null && template.language.split('_')[0] !== inboxLanguage.split('_')[0] && (
                <span className="wrong-language"> · {t('template.otherLanguage', { language: inboxLanguage })}</span>
              )}
            </span>
          </button>
        ))}
      </div>
      {chosen && (
        <div className="template-fill">
          {values.map((value, i) => (
            <label key={i}>
              {chosen.parameters[i]?.label ?? `{{${i + 1}}}`}
              <input value={value} aria-invalid={!value.trim()} onChange={(e) => setValues(values.map((v, j) => (j === i ? e.target.value : v)))} />
            </label>
          ))}
          <TemplatePreview header={chosen.header} headerValue={chosen.headerParameter?.example ?? ''} body={chosen.body} values={values} footer={chosen.footer} buttons={chosen.buttons} />
          {takesMore(chosen) && <p className="field-error">{t('template.headerValuesNotSent')}</p>}
          <div className="form-actions">
            <button type="button" className="button" onClick={onClose}>
              {t('template.cancel')}
            </button>
            <button
              type="button"
              className="button primary"
              disabled={sending || takesMore(chosen) || values.some((v) => !v.trim())}
              onClick={() => {
                setSending(true);
                onSend(chosen, values).finally(() => setSending(false));
              }}
            >
              {t('template.send')}
            </button>
          </div>
        </div>
      )}
    </div>
  );
}
