import type { MessageForm, MessageNotice } from '../../src/api/v2/message';
import { useI18n } from '../i18n';
import type { MessageKey } from '../i18n/en';

/** A clipboard: the form icon of the conversation header and the form card. */
export function FormIcon({ label }: { label?: string }) {
  return (
    <svg className="icon" width="16" height="16" viewBox="0 0 16 16" aria-hidden={label ? undefined : true} role={label ? 'img' : undefined} aria-label={label}>
      <rect x="3" y="2.5" width="10" height="12" rx="1.5" fill="none" stroke="currentColor" strokeWidth="1.4" />
      <rect x="5.5" y="1.2" width="5" height="2.6" rx="0.8" fill="currentColor" />
      <path d="M5.5 7h5M5.5 9.5h5M5.5 12h3" stroke="currentColor" strokeWidth="1.3" strokeLinecap="round" />
    </svg>
  );
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * A form filled in from the conversation, in the stream: its title and fields worded in the
 * reader's language from their keys, the values as they were entered, every one of them.
 */
export function FormCard({ form }: { form: MessageForm }) {
  const { t, longDate } = useI18n();
  return (
    <div className="form-card">
      <div className="form-card-title">
        <FormIcon /> {t(`formCard.${form.title}` as MessageKey)}
      </div>
      <dl className="form-card-fields">
        {form.fields.map((f) => (
          <div key={f.label} className="form-card-field">
            <dt>{t(`field.${f.label}` as MessageKey)}</dt>
            {/* The date as the reader's calendar says it; every other value as it was entered. */}
            <dd>{f.label === 'date' && ISO_DATE.test(f.value) ? longDate(f.value) : f.value}</dd>
          </div>
        ))}
      </dl>
    </div>
  );
}

/** The backend's note that the customer opted out (STOP) or in again (START), in the reader's language. */
export function NoticeLine({ notice }: { notice: MessageNotice }) {
  const { t } = useI18n();
  return <div className="notice-line">{t(notice.kind === 'optedOut' ? 'notice.optedOut' : 'notice.optedIn', { by: notice.by })}</div>;
}
