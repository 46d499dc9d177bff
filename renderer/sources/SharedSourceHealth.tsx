import type { SharedSource } from '../../src/api/v2/source-status';
import { useI18n } from '../i18n';
import { useAction } from '../shell/use-action';
import { api } from '../state/store';
import { HealthFacts } from './HealthFacts';
import { SourceStatus } from './SourceStatus';

/**
 * A source another desktop of the dealership pulls: its health as that desktop last told it.
 * Sync now asks that desktop; settings and the quarantined rows are there, where it is set up.
 */
export function SharedSourceHealth({ shared }: { shared: SharedSource }) {
  const { t, time, dayMonthAt } = useI18n();
  const { busy, notice, run: act } = useAction();
  const { status } = shared;
  return (
    <div className="source-health">
      <div className="health-head">
        <SourceStatus source={{ enabled: status.enabled, health: status }} />
        <button
          type="button"
          className="button primary"
          disabled={busy || !status.enabled}
          onClick={() =>
            void act(async () => {
              await api().syncSharedSource({ key: shared.key });
              return t('sources.shared.asked');
            })
          }
        >
          {t('sources.syncNow')}
        </button>
      </div>
      {notice && (
        <p className={notice.ok ? 'connection-ok' : 'form-error'} role={notice.ok ? 'status' : 'alert'}>
          {notice.text}
        </p>
      )}
      <p className="muted small">{t('sources.shared.where', { desktop: status.pulledBy, at: `${dayMonthAt(shared.updatedAt)} ${time(shared.updatedAt)}` })}</p>
      <HealthFacts health={status} />
      {status.quarantinedOpen > 0 && <p className="small">{t('sources.shared.quarantined', { count: status.quarantinedOpen })}</p>}
    </div>
  );
}
