import type { AppointmentDetails } from '../../src/api/appointment';
import { useI18n } from '../i18n';
import { useSession } from '../people/session-state';
import { useBoard } from '../state/store';
import { AdvisorPicker } from './AdvisorPicker';

function Row({ label, value }: { label: string; value: string | null | undefined }) {
  return (
    <div className="detail-row">
      <dt>{label}</dt>
      <dd>{value || '—'}</dd>
    </div>
  );
}

/** The contact's and the vehicle's details, as the planning system or the advisor gave them. */
export function AppointmentFacts({ appointment }: { appointment: AppointmentDetails }) {
  const { t } = useI18n();
  const inboxes = useBoard((s) => s.inboxes);
  // Colleagues are the organisation's: a desktop on its own has the planning system's owner text only.
  const withColleagues = useSession((s) => s.session !== null && s.session.mode !== 'standalone');
  return (
    <>
      <h3>{t('details.contact')}</h3>
      <dl>
        <Row label={t('field.customerName')} value={appointment.contact?.name} />
        <Row label={t('field.phone')} value={appointment.contact?.phone} />
        <Row label={t('field.email')} value={appointment.contact?.email} />
      </dl>
      <h3>{t('details.vehicle')}</h3>
      <dl>
        <Row label={t('field.plate')} value={appointment.plate} />
        <Row label={t('field.make')} value={appointment.make} />
        <Row label={t('field.model')} value={appointment.model} />
        <Row label={t('field.work')} value={appointment.work} />
        <Row label={t('field.workOrder')} value={appointment.workOrder} />
        {withColleagues ? <AdvisorPicker appointment={appointment} /> : <Row label={t('field.owner')} value={appointment.owner} />}
        <Row label={t('field.inbox')} value={inboxes.find((i) => i.id === appointment.inboxId)?.name} />
      </dl>
      <p className="muted small">
        {/* Made here by hand its id is this app's own, of no use to anyone; the sample is named as such. */}
        {appointment.source === 'manual'
          ? t('details.origin.manual')
          : appointment.source === 'sample'
            ? t('details.origin.sample', { id: appointment.sourceId })
            : t('details.origin', { source: appointment.source, id: appointment.sourceId })}
      </p>
    </>
  );
}
