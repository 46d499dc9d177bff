import { useEffect, useState } from 'react';
import type { AppointmentDetails } from '../../src/api/appointment';
import type { Colleague } from '../../src/api/people';
import { useI18n } from '../i18n';
import { usePeopleAction } from '../people/use-people-action';
import { api } from '../state/store';

/**
 * The card's service advisor, chosen among the colleagues; without one the planning system's
 * owner text stands. The change shows on every desktop and in the card's history.
 */
export function AdvisorPicker({ appointment }: { appointment: AppointmentDetails }) {
  const { t } = useI18n();
  const [colleagues, setColleagues] = useState<Colleague[] | null>(null);
  const { busy, notice, run } = usePeopleAction();
  useEffect(() => {
    void run(async () => {
      setColleagues(await api().listColleagues({}));
      return null;
    });
  }, []);
  const current = appointment.advisor;
  // Someone removed since keeps their name on the cards they had.
  const choices = [...(colleagues ?? [])];
  if (current && !choices.some((c) => c.id === current.id)) choices.push({ id: current.id, name: current.name, role: 'advisor' });
  choices.sort((a, b) => a.name.localeCompare(b.name));
  return (
    <div className="detail-row">
      <dt>
        <label htmlFor="advisor-picker">{t('field.owner')}</label>
      </dt>
      <dd>
        <select
          id="advisor-picker"
          className="advisor-picker"
          value={current?.id ?? ''}
          disabled={busy || colleagues === null}
          onChange={(e) => {
            const userId = e.target.value === '' ? null : e.target.value;
            void run(async () => {
              await api().setAdvisor({ appointmentId: appointment.id, userId });
              return null;
            });
          }}
        >
          <option value="">{appointment.owner ? t('advisor.fromSource', { owner: appointment.owner }) : t('advisor.none')}</option>
          {choices.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
            </option>
          ))}
        </select>
        {current && appointment.owner && appointment.owner !== current.name && (
          <div className="muted small">{t('advisor.sourceSaid', { owner: appointment.owner })}</div>
        )}
        {notice && !notice.ok && (
          <div className="field-error" role="alert">
            {notice.text}
          </div>
        )}
      </dd>
    </div>
  );
}
