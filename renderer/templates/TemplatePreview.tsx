import type { TemplateButton } from '../../src/api/v2/template';
import { fillParameters } from '../../src/domain/template-rules';
import { useI18n } from '../i18n';

/**
 * The template as the customer's WhatsApp shows it: header, body and footer in one bubble, the
 * buttons under it; each {{n}} filled with its value (an example, or what the advisor typed).
 */
export function TemplatePreview({
  header,
  headerValue,
  body,
  values,
  footer,
  buttons,
}: {
  header: string | null;
  headerValue: string;
  body: string;
  values: readonly string[];
  footer: string | null;
  buttons: ReadonlyArray<Pick<TemplateButton, 'type' | 'text'>>;
}) {
  const { t } = useI18n();
  return (
    <figure className="wa-preview" aria-label={t('template.preview')}>
      <figcaption className="small muted">{t('template.preview')}</figcaption>
      <div className="wa-bubble">
        {header && <div className="wa-header">{fillParameters(header, [headerValue])}</div>}
        <div className="wa-body">{fillParameters(body, values)}</div>
        {footer && <div className="wa-footer">{footer}</div>}
      </div>
      {buttons.length > 0 && (
        <div className="wa-buttons">
          {buttons.map((b, i) => (
            <span key={i} className="wa-button">
              {b.type === 'url' ? '↗ ' : '↩ '}
              {b.text}
            </span>
          ))}
        </div>
      )}
    </figure>
  );
}
