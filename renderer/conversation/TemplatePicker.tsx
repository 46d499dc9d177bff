import { useCallback, useState } from 'react';
import type { AppointmentDetails } from '../../src/api/appointment';
import type { WaTemplate } from '../../src/api/v2/template';
import { proposeParameters, renderTemplate } from '../../src/domain/template-text';
import { useI18n, useLocale } from '../i18n';

/**
 * The chevron's menu: the organisation's approved templates, available at any time. The
 * chosen one's values start from the appointment and stay editable; the preview is what the
 * customer will read.
 */
export function TemplatePicker({
  templates,
  appointment,
  organisation,
  onSend,
  onClose,
}: {
  templates: WaTemplate[];
  appointment: AppointmentDetails;
  organisation: string;
  onSend: (template: WaTemplate, parameters: string[]) => Promise<void>;
  onClose: () => void;
}) {
  const { t } = useI18n();
  const zone = useLocale((s) => s.zone);
  const [chosen, setChosen] = useState<WaTemplate | null>(templates.length === 1 ? templates[0]! : null);
  // The customer reads the template in its own language, whatever the advisor's screens are in.
  const facts = useCallback(
    (template: WaTemplate) => {
      const language = template.language.replace('_', '-');
      const date = new Intl.DateTimeFormat(language, { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
      const clock = new Intl.DateTimeFormat(language, { hour: '2-digit', minute: '2-digit', timeZone: zone });
      return {
        customerName: appointment.contact?.name,
        date: date.format(new Date(`${appointment.localDate}T12:00:00Z`)),
        time: clock.format(appointment.startsAt),
        plate: appointment.plate,
        make: appointment.make,
        model: appointment.model,
        workOrder: appointment.workOrder,
        owner: appointment.owner,
        organisation,
      };
    },
    [appointment, organisation, zone],
  );
  const [values, setValues] = useState<string[]>(() => (chosen ? proposeParameters(chosen.body, chosen.parameterHints, facts(chosen)) : []));
  const [sending, setSending] = useState(false);

  const choose = (template: WaTemplate) => {
    setChosen(template);
    setValues(proposeParameters(template.body, template.parameterHints, facts(template)));
  };

  if (templates.length === 0) {
    return <div className="template-picker" role="dialog" aria-label={t('template.title')}><p className="muted">{t('template.none')}</p></div>;
  }

  return (
    <div className="template-picker" role="dialog" aria-label={t('template.title')}>
      <div className="template-list" role="listbox" aria-label={t('template.title')}>
        {templates.map((template) => (
          <button
            key={template.id}
            type="button"
            role="option"
            aria-selected={chosen?.id === template.id}
            className={chosen?.id === template.id ? 'template-option chosen' : 'template-option'}
            onClick={() => choose(template)}
          >
            <span className="template-name">{template.name}</span>
            <span className="muted small">{template.language} · {template.category}</span>
          </button>
        ))}
      </div>
      {chosen && (
        <div className="template-fill">
          {values.map((value, i) => (
            <label key={i}>
              {`{{${i + 1}}}`} {chosen.parameterHints[i] && <span className="hint">{t(`template.hint.${chosen.parameterHints[i]}`)}</span>}
              <input
                value={value}
                aria-invalid={!value.trim()}
                onChange={(e) => setValues(values.map((v, j) => (j === i ? e.target.value : v)))}
              />
            </label>
          ))}
          <div className="template-preview" aria-label={t('template.preview')}>
            <div className="small muted">{t('template.preview')}</div>
            {renderTemplate(chosen.body, values)}
            {chosen.buttons.length > 0 && (
              <div className="template-buttons">
                {chosen.buttons.map((b) => (
                  <span key={b.payload} className="template-button">{b.text}</span>
                ))}
              </div>
            )}
          </div>
          <div className="form-actions">
            <button type="button" className="button" onClick={onClose}>
              {t('template.cancel')}
            </button>
            <button
              type="button"
              className="button primary"
              disabled={sending || values.some((v) => !v.trim())}
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
