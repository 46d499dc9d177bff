import { useEffect, useState, type FormEvent } from 'react';
import type { Contact } from '../../src/api/appointment';
import type { ManualAppointmentInput } from '../../src/api/board-api';
import { normalisePhone } from '../../src/domain/phone';
import { useI18n } from '../i18n';
import { InboxSelect } from '../shell/InboxSelect';
import { Modal } from '../shell/Modal';
import { api, useBoard } from '../state/store';
import { ContactSearch } from './ContactSearch';

type Fields = Required<Omit<ManualAppointmentInput, 'contactId' | 'time' | 'inboxId'>> & { time: string; inboxId: string };

/** Walk-ins and phone bookings: only the date is required. */
export function ManualAppointmentForm() {
  const { t } = useI18n();
  const { day, inboxes, settings } = useBoard();
  const close = () => useBoard.setState({ dialog: null });
  const [contact, setContact] = useState<Contact | null>(null);
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
    inboxId: settings?.inboxFilter?.[0] ?? inboxes[0]?.id ?? '',
  });
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const set = (name: keyof Fields) => (e: { target: { value: string } }) => setFields({ ...fields, [name]: e.target.value });

  const phoneError =
    !contact && fields.phone.trim() !== '' && settings
      ? (() => {
          const p = normalisePhone(fields.phone, settings.country);
          return p.ok ? null : p.reason;
        })()
      : null;

  useEffect(() => setError(null), [fields, contact]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (phoneError) return;
    setSaving(true);
    try {
      const { customerName, phone, email, time, ...rest } = fields;
      await api().createManualAppointment({
        ...rest,
        time: time || undefined,
        ...(contact ? { contactId: contact.id } : { customerName, phone, email }),
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
              <input name="customerName" value={fields.customerName} onChange={set('customerName')} autoComplete="off" />
            </label>
            <label>
              {t('field.phone')}
              <input
                name="phone"
                type="tel"
                value={fields.phone}
                onChange={set('phone')}
                aria-invalid={!!phoneError}
                autoComplete="off"
              />
              {phoneError && <span className="field-error">{phoneError}</span>}
            </label>
            <label>
              {t('field.email')}
              <input name="email" type="email" value={fields.email} onChange={set('email')} autoComplete="off" />
            </label>
          </fieldset>
        )}
        <fieldset className="grid-3">
          <legend>{t('details.title')}</legend>
          <label>
            {t('field.date')} *
            <input name="date" type="date" required value={fields.date} onChange={set('date')} />
          </label>
          <label>
            {t('field.time')}
            <input name="time" type="time" value={fields.time} onChange={set('time')} title={t('manual.timeHint')} />
            <span className="hint">{t('manual.timeHint')}</span>
          </label>
          <InboxSelect name="inboxId" value={fields.inboxId} onChange={(inboxId) => setFields({ ...fields, inboxId })} />
          <label>
            {t('field.plate')}
            <input name="plate" value={fields.plate} onChange={set('plate')} autoComplete="off" />
          </label>
          <label>
            {t('field.make')}
            <input name="make" value={fields.make} onChange={set('make')} />
          </label>
          <label>
            {t('field.model')}
            <input name="model" value={fields.model} onChange={set('model')} />
          </label>
          <label className="span-2">
            {t('field.work')}
            <input name="work" value={fields.work} onChange={set('work')} />
          </label>
          <label>
            {t('field.owner')}
            <input name="owner" value={fields.owner} onChange={set('owner')} />
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
          <button type="submit" className="button primary" disabled={saving || !fields.date || !!phoneError}>
            {t('manual.save')}
          </button>
        </footer>
      </form>
    </Modal>
  );
}
