import type { SharedSource } from '../../src/api/v2/source-status';
import { useI18n } from '../i18n';
import { HealthFacts } from './HealthFacts';
import { SourceStatus } from './SourceStatus';

/**
 * A source another desktop of the dealership pulls: its health as that desktop last told it.
 * Settings, Sync now and the quarantined rows are on that desktop, where the source is set up.
 */
export function SharedSourceHealth({ shared }: { shared: SharedSource }) {
  const { t, time, dayMonthAt } = useI18n();
  const { status } = shared;
  return (
    <div className="source-health">
      <div className="health-head">
        <SourceStatus source={{ enabled: status.enabled, health: status }} />
      </div>
      <p className="muted small">{t('sources.shared.where', { at: `${dayMonthAt(shared.updatedAt)} ${time(shared.updatedAt)}` })}</p>
      <HealthFacts health={status} />
      {status.quarantinedOpen > 0 && <p className="small">{t('sources.shared.quarantined', { count: status.quarantinedOpen })}</p>}
    </div>
  );
}
