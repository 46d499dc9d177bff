import { useEffect, useState } from 'react';
import type { ConnectionSettings } from '../../src/api/connection-settings';
import { useI18n } from '../i18n';
import { api, showError, useBoard } from '../state/store';
import { revokedAdvice } from './device-revoked';

/**
 * What to do about a revoked desktop registration, read from who set its backend; with
 * "Open Connection" only where Connection takes the new token. Nothing until that is known,
 * so no wrong advice shows first.
 */
export function DeviceRevokedAdvice() {
  const { t } = useI18n();
  const [managedBy, setManagedBy] = useState<ConnectionSettings['managedBy'] | undefined>(undefined);
  useEffect(() => {
    api()
      .getConnectionSettings({})
      .then(
        (settings) => setManagedBy(settings.managedBy),
        (error: unknown) => {
          setManagedBy(null);
          showError(error);
        },
      );
  }, []);
  if (managedBy === undefined) return null;
  const advice = revokedAdvice(managedBy);
  return (
    <>
      <p>{t(advice.key)}</p>
      {advice.openConnection && (
        <button type="button" className="button" onClick={() => useBoard.setState({ dialog: 'connection' })}>
          {t('signin.openConnection')}
        </button>
      )}
    </>
  );
}
