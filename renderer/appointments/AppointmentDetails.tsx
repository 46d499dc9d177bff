import { useEffect, useState } from 'react';
import type { AppointmentDetails as Details } from '../../src/api/appointment';
import { useI18n } from '../i18n';
import { api, showError, useBoard } from '../state/store';

function Row({ label, value }: { label: string; value: string | null | undefined }) {
  return (
    <div className="detail-row">
      <dt>{label}</dt>
      <dd>{value || '—'}</dd>
    </div>
  );
}

/** The side panel with everything known of one appointment; closed with × or Esc. */
export function AppointmentDetails({ id }: { id: string }) {
  const { t, time, longDate } = useI18n();
  const revision = useBoard((s) => s.revision);
  const inboxes = useBoard((s) => s.inboxes);
  const [details, setDetails] = useState<Details | null>(null);
  const close = () => useBoard.setState({ detailsId: null });

  useEffect(() => {
    api().getAppointment({ id }).then(setDetails, showError);
  }, [id, revision]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') close();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  return (
    <aside className="details" aria-label={t('details.title')}>
      <header className="details-header">
        <h2>{details?.contact?.name ?? t('details.title')}</h2>
        <button type="button" className="icon-button" aria-label={t('details.close')} onClick={close}>
          ×
        </button>
      </header>
      {details && (
        <div className="details-body">
          <p className="details-when">
            {longDate(details.localDate)} · {time(details.startsAt)}
            <span className={`status status-${details.column}`}>{t(`column.${details.column}`)}</span>
            {details.cancelled && <span className="badge badge-cancelled">{t('card.cancelled')}</span>}
          </p>
          <h3>{t('details.contact')}</h3>
          <dl>
            <Row label={t('field.customerName')} value={details.contact?.name} />
            <Row label={t('field.phone')} value={details.contact?.phone} />
            <Row label={t('field.email')} value={details.contact?.email} />
          </dl>
          <h3>{t('details.vehicle')}</h3>
          <dl>
            <Row label={t('field.plate')} value={details.plate} />
            <Row label={t('field.make')} value={details.make} />
            <Row label={t('field.model')} value={details.model} />
            <Row label={t('field.work')} value={details.work} />
            <Row label={t('field.workOrder')} value={details.workOrder} />
            <Row label={t('field.owner')} value={details.owner} />
            <Row label={t('field.inbox')} value={inboxes.find((i) => i.id === details.inboxId)?.name} />
          </dl>
          <p className="muted small">{t('details.origin', { source: details.source, id: details.sourceId })}</p>
        </div>
      )}
    </aside>
  );
}
