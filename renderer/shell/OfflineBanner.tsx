import { useI18n } from '../i18n';
import { deviceRevoked } from '../people/device-revoked';
import { DeviceRevokedAdvice } from '../people/DeviceRevokedAdvice';
import { useSession } from '../people/session-state';
import { useBoard } from '../state/store';

/** Whether the organisation's backend can be reached, and what waits to be sent when it can. */
export function OfflineBanner() {
  const { t, time } = useI18n();
  const backend = useBoard((s) => s.backend);
  const revoked = useSession((s) => deviceRevoked(s.session));
  if (!backend || backend.mode === 'standalone') return null;
  // A revoked registration (a wall screen keeps its last board) is not offline: nothing is
  // sent when the connection is back, only once a new device token is given.
  if (revoked) {
    return (
      <div className="banner banner-offline banner-revoked" role="status" data-testid="offline-banner">
        <span>
          {t('backend.deviceRevoked')}
          {backend.pending > 0 && <strong> · {t('backend.pending', { count: backend.pending })}</strong>}
        </span>
        <DeviceRevokedAdvice />
      </div>
    );
  }
  // Changes of people whose session ended here wait for them, online or not: say whose.
  const waitingFor = backend.waitingFor.length > 0 && (
    <span className="small" data-testid="waiting-for">
      {t('backend.waitingFor', { names: backend.waitingFor.join(', ') })}
    </span>
  );
  if (backend.online) {
    return waitingFor ? (
      <div className="banner banner-offline" role="status" data-testid="offline-banner">
        {waitingFor}
      </div>
    ) : null;
  }
  return (
    <div className="banner banner-offline" role="status" data-testid="offline-banner">
      <span>
        {backend.offlineSince === null
          ? t('backend.connecting')
          : t('backend.offline', { time: time(backend.offlineSince) })}
        {backend.pending > 0 && <strong> · {t('backend.pending', { count: backend.pending })}</strong>}
      </span>
      {waitingFor}
      {backend.lastError && <span className="small">{backend.lastError}</span>}
    </div>
  );
}
