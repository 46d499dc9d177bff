import type { ConnectionSettings } from '../../src/api/connection-settings';
import type { SessionState } from '../../src/api/people';
import type { MessageKey } from '../i18n/en';

/**
 * The backend refused this desktop's own token — a registered desktop's, or the person's own
 * token it was joined with: nothing it holds is sent (and on a registered desktop nobody signs
 * in) until it has a new token. Until then no screen may promise that changes "will be sent
 * when the connection is back".
 */
export function deviceRevoked(session: SessionState | null): boolean {
  return session?.signedOut === 'device-revoked' || (session?.mode === 'personal' && session.signedOut === 'revoked');
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
