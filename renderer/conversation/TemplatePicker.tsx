import { useCallback, useId, useState } from 'react';
import type { AppointmentDetails } from '../../src/api/appointment';
import { TEMPLATE_VALUE_LIMITS, type TemplateUse } from '../../src/api/v2/message';
import type { ParameterSource, WaTemplate } from '../../src/api/v2/template';
import { bodyParameterCount } from '../../src/domain/template-rules';
import { takesHeaderValue, urlValueButtons, valueProblem, type ValueProblem } from '../../src/domain/template-values';
import { useI18n, useLocale } from '../i18n';
import { TemplatePreview } from '../templates/TemplatePreview';
import '../templates/templates.css';

/** What the advisor filled in: the body's values, the header's and the links' when the template takes them. */
export type PickedValues = Pick<TemplateUse, 'parameters' | 'headerParameter' | 'urlParameters'>;

/** The values being typed: every field of the chosen template, the header's empty when it takes none. */
interface Fill {
  body: string[];
  header: string;
  urls: string[];
}

/**
 * The chevron's menu: the organisation's approved templates by their titles, available at any
 * time. The chosen one's fields are labelled as the manager named them and start from the
 * appointment (each parameter's source, the header's too), editable; a link's end is typed
 * by the advisor. The preview is what the customer will read. A template in another language
 * than the inbox's is still offered, marked.
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
  onSend: (template: WaTemplate, values: PickedValues) => Promise<void>;
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
  const proposed = (template: WaTemplate): Fill => {
    const known = facts(template);
    return {
      body: Array.from({ length: bodyParameterCount(template.body) }, (_, i) => known[template.parameters[i]?.source ?? 'none']),
      header: takesHeaderValue(template) ? known[template.headerParameter?.source ?? 'none'] : '',
      urls: urlValueButtons(template).map(() => ''),
    };
  };
  const [fill, setFill] = useState<Fill>(() => (chosen ? proposed(chosen) : { body: [], header: '', urls: [] }));
  const [sending, setSending] = useState(false);

  const choose = (template: WaTemplate) => {
    setChosen(template);
    setFill(proposed(template));
  };

  if (approved.length === 0) {
    return (
      <div className="template-picker" role="dialog" aria-label={t('template.title')}>
        <p className="muted">{t('template.none')}</p>
      </div>
    );
  }
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
          {takesHeaderValue(chosen) && (
            <ValueField
              label={chosen.headerParameter?.label ?? t('template.headerValue')}
              value={fill.header}
              part="header"
              max={TEMPLATE_VALUE_LIMITS.header}
              onChange={(header) => setFill({ ...fill, header })}
            />
          )}
          {fill.body.map((value, i) => (
            <ValueField
              key={`body-${i}`}
              label={chosen.parameters[i]?.label ?? `{{${i + 1}}}`}
              value={value}
              part="body"
              max={TEMPLATE_VALUE_LIMITS.body}
              onChange={(next) => setFill({ ...fill, body: fill.body.map((v, j) => (j === i ? next : v)) })}
            />
          ))}
          {urlValueButtons(chosen).map((index, i) => {
            const button = chosen.buttons[index]!;
            const address = button.type === 'url' ? button.url.replace('{{1}}', '') : '';
            return (
              <ValueField
                key={`url-${index}`}
                label={t('template.linkValue', { button: button.text })}
                hint={address}
                placeholder={button.type === 'url' ? (button.example ?? '') : ''}
                value={fill.urls[i] ?? ''}
                part="url"
                max={TEMPLATE_VALUE_LIMITS.url}
                onChange={(next) => setFill({ ...fill, urls: fill.urls.map((v, j) => (j === i ? next : v)) })}
              />
            );
          })}
          <TemplatePreview header={chosen.header} headerValue={fill.header} body={chosen.body} values={fill.body} footer={chosen.footer} buttons={chosen.buttons} />
          <div className="form-actions">
            <button type="button" className="button" onClick={onClose}>
              {t('template.cancel')}
            </button>
            <button
              type="button"
              className="button primary"
              disabled={sending || !complete(chosen, fill)}
              onClick={() => {
                setSending(true);
                onSend(chosen, valuesOf(chosen, fill)).finally(() => setSending(false));
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

/** Whether every field the template takes is filled and within WhatsApp's length: only then can it be sent. */
function complete(template: WaTemplate, fill: Fill): boolean {
  const filled = (part: ValueProblem['part'], value: string, max: number) => valueProblem(part, value) === null && value.length <= max;
  return (
    fill.body.every((v) => filled('body', v, TEMPLATE_VALUE_LIMITS.body)) &&
    (!takesHeaderValue(template) || filled('header', fill.header, TEMPLATE_VALUE_LIMITS.header)) &&
    fill.urls.every((v) => filled('url', v, TEMPLATE_VALUE_LIMITS.url))
  );
}

/** The values as the template use carries them: the header's and the links' only when the template takes them. */
function valuesOf(template: WaTemplate, fill: Fill): PickedValues {
  return {
    parameters: fill.body,
    ...(takesHeaderValue(template) ? { headerParameter: fill.header } : {}),
    ...(fill.urls.length ? { urlParameters: fill.urls } : {}),
  };
}

/** One labelled value; an empty one is marked, a too long one says its limit in the advisor's words. */
function ValueField({
  label,
  hint,
  placeholder,
  value,
  part,
  max,
  onChange,
}: {
  label: string;
  part: ValueProblem['part'];
  /** What comes before the value (a link's address), shown beside the field. */
  hint?: string;
  placeholder?: string;
  value: string;
  max: number;
  onChange: (value: string) => void;
}) {
  const { t } = useI18n();
  const errorId = useId();
  const tooLong = value.length > max;
  // An empty field is only not yet filled in; what WhatsApp would refuse in a typed value is said at once.
  const problem = value === '' ? null : valueProblem(part, value);
  const shown = tooLong || (problem !== null && problem !== 'blank');
  return (
    <div className="template-value">
      <label>
        {label}
        {hint && <span className="muted small template-value-hint">{hint}</span>}
        <input
          value={value}
          placeholder={placeholder}
          aria-invalid={!value.trim() || tooLong || problem !== null}
          aria-describedby={shown ? errorId : undefined}
          onChange={(e) => onChange(e.target.value)}
        />
      </label>
      {shown && (
        <span id={errorId} className="field-error">
          {tooLong ? t('template.valueTooLong', { max, length: value.length }) : t(`template.valueProblem.${problem as Exclude<ValueProblem['problem'], 'blank'>}`)}
        </span>
      )}
    </div>
  );
}
