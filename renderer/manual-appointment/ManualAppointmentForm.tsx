import { useEffect, useMemo, useState, type FormEvent } from 'react';
import type { AppointmentDetails, Contact } from '../../src/api/appointment';
import type { ManualAppointmentInput } from '../../src/api/board-api';
import { normaliseRow } from '../../src/api/normalise-row';
import { problemWords } from '../import/problem-words';
import { useI18n } from '../i18n';
import { InboxSelect } from '../shell/InboxSelect';
import { Modal } from '../shell/Modal';
import { api, useBoard } from '../state/store';
import { ContactSearch } from './ContactSearch';

type Fields = Required<Omit<ManualAppointmentInput, 'contactId' | 'time' | 'inboxId' | 'fromConversation'>> & { time: string; inboxId: string };

/**
 * Walk-ins and phone bookings: only the date is required. Opened from a card's conversation
 * (`from`), it is filled in with that customer and the submitted form shows in the stream.
 */
export function ManualAppointmentForm({ from, onClose }: { from?: AppointmentDetails; onClose?: () => void } = {}) {
  const i18n = useI18n();
  const { t } = i18n;
  const { day, inboxes, settings } = useBoard();
  const close = onClose ?? (() => useBoard.setState({ dialog: null }));
  const [contact, setContact] = useState<Contact | null>(from?.contact ?? null);
  const [fields, setFields] = useState<Fields>({
    date: day,
    time: '',
    customerName: '',
    phone: '',
    email: '',
    plate: '',
    make: '',
    model: '',
    work: '',
    owner: '',
    inboxId: from?.inboxId ?? settings?.inboxFilter?.[0] ?? inboxes[0]?.id ?? '',
  });
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const set = (name: keyof Fields) => (e: { target: { value: string } }) => setFields({ ...fields, [name]: e.target.value });

  // The same rules as an imported row (src/api/normalise-row): the limits, the date range, the
  // phone and e-mail, worded beside their fields in the user's language before anything is sent.
  const problems = useMemo(() => {
    const { date, time, customerName, phone, email, plate, make, model, work, owner } = fields;
    const customer = contact ? {} : { customerName, phone, email };
    const checked = normaliseRow(
      { sourceId: 'manual', date, time, plate, make, model, work, owner, ...customer },
      { zone: 'UTC', country: settings?.country ?? 'NL', defaultTime: '08:00' },
    );
    const byField = new Map<string, string>();
    if (!checked.ok) {
      for (const problem of checked.problems) {
        if (problem.field && !byField.has(problem.field)) byField.set(problem.field, problemWords(problem, i18n).text);
      }
    }
    return byField;
  }, [fields, contact, settings, i18n]);
  const problemOf = (field: string) => {
    const text = problems.get(field);
    return text ? <span className="field-error">{text}</span> : null;
  };

  useEffect(() => setError(null), [fields, contact]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (problems.size > 0) return;
    setSaving(true);
    try {
      const { customerName, phone, email, time, ...rest } = fields;
      await api().createManualAppointment({
        ...rest,
        time: time || undefined,
        ...(contact ? { contactId: contact.id } : { customerName, phone, email }),
        ...(from ? { fromConversation: from.id } : {}),
      });
      close();
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal title={t('manual.title')} onClose={close}>
      <form className="form" onSubmit={submit} noValidate>
        <ContactSearch chosen={contact} onChoose={setContact} />
        {!contact && (
          <fieldset className="grid-3">
            <legend>{t('manual.newContact')}</legend>
            <label>
              {t('field.customerName')}
              <input name="customerName" aria-invalid={problems.has('customerName')} value={fields.customerName} onChange={set('customerName')} autoComplete="off" />
              {problemOf('customerName')}
            </label>
            <label>
              {t('field.phone')}
              <input
                name="phone"
                type="tel"
                value={fields.phone}
                onChange={set('phone')}
                aria-invalid={problems.has('phone')}
                autoComplete="off"
              />
              {problemOf('phone')}
            </label>
            <label>
              {t('field.email')}
              <input name="email" aria-invalid={problems.has('email')} type="email" value={fields.email} onChange={set('email')} autoComplete="off" />
              {problemOf('email')}
            </label>
          </fieldset>
        )}
        <fieldset className="grid-3">
          <legend>{t('details.title')}</legend>
          <label>
            {t('field.date')} *
            <input name="date" aria-invalid={problems.has('date')} type="date" required value={fields.date} onChange={set('date')} />
              {problemOf('date')}
          </label>
          <label>
            {t('field.time')}
            <input name="time" aria-invalid={problems.has('time')} type="time" value={fields.time} onChange={set('time')} title={t('manual.timeHint')} />
              {problemOf('time')}
            <span className="hint">{t('manual.timeHint')}</span>
          </label>
          <InboxSelect name="inboxId" value={fields.inboxId} onChange={(inboxId) => setFields({ ...fields, inboxId })} />
          <label>
            {t('field.plate')}
            <input name="plate" aria-invalid={problems.has('plate')} value={fields.plate} onChange={set('plate')} autoComplete="off" />
              {problemOf('plate')}
          </label>
          <label>
            {t('field.make')}
            <input name="make" aria-invalid={problems.has('make')} value={fields.make} onChange={set('make')} />
              {problemOf('make')}
          </label>
          <label>
            {t('field.model')}
            <input name="model" aria-invalid={problems.has('model')} value={fields.model} onChange={set('model')} />
              {problemOf('model')}
          </label>
          <label className="span-2">
            {t('field.work')}
            <input name="work" aria-invalid={problems.has('work')} value={fields.work} onChange={set('work')} />
              {problemOf('work')}
          </label>
          <label>
            {t('field.owner')}
            <input name="owner" aria-invalid={problems.has('owner')} value={fields.owner} onChange={set('owner')} />
              {problemOf('owner')}
          </label>
        </fieldset>
        {error && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
        <footer className="form-actions">
          <span className="muted">{t('manual.required')}</span>
          <button type="button" className="button secondary" onClick={close}>
            {t('manual.cancel')}
          </button>
          <button type="submit" className="button primary" disabled={saving || !fields.date || problems.size > 0}>
            {t('manual.save')}
          </button>
        </footer>
      </form>
    </Modal>
  );
}
