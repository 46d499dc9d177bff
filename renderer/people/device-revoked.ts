import type { ConnectionSettings } from '../../src/api/connection-settings';
import type { SessionState } from '../../src/api/people';
import type { MessageKey } from '../i18n/en';

/**
 * The backend refused this registered desktop's own token: nothing it holds is sent, and nobody
 * signs in on it, until it has a new device token. Until then no screen may promise that
 * changes "will be sent when the connection is back".
 */
export function deviceRevoked(session: SessionState | null): boolean {
  return session?.signedOut === 'device-revoked';
}

/**
 * Where the new device token goes depends on who chose this desktop's backend: Connection takes
 * it when it was set there; a backend set by the environment has no token field in Connection,
 * so the app is started with the token in AFTERSALES_BACKEND_TOKEN; otherwise (the built-in
 * demo, or not known) a manager registers the desktop again.
 */
export function revokedAdvice(managedBy: ConnectionSettings['managedBy']): { key: MessageKey; openConnection: boolean } {
  if (managedBy === 'settings') return { key: 'signin.deviceRevoked.settings', openConnection: true };
  if (managedBy === 'environment') return { key: 'signin.deviceRevoked.environment', openConnection: false };
  return { key: 'signin.deviceRevoked.other', openConnection: false };
}
