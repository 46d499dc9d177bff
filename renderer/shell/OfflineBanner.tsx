import { useI18n } from '../i18n';
import { useBoard } from '../state/store';

/** Whether the organisation's backend can be reached, and what waits to be sent when it can. */
export function OfflineBanner() {
  const { t, time } = useI18n();
  const backend = useBoard((s) => s.backend);
  if (!backend || backend.mode === 'standalone' || backend.online) return null;
  return (
    <div className="banner banner-offline" role="status" data-testid="offline-banner">
      <span>
        {backend.offlineSince === null
          ? t('backend.connecting')
          : t('backend.offline', { time: time(backend.offlineSince) })}
        {backend.pending > 0 && <strong> · {t('backend.pending', { count: backend.pending })}</strong>}
      </span>
      {backend.lastError && <span className="small">{backend.lastError}</span>}
    </div>
  );
}
