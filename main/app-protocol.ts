import { net, protocol } from 'electron';
import { APP_SCHEME } from '../src/shell/navigation';
import { appProtocolResponse } from '../src/shell/app-protocol';

export { APP_ENTRY, APP_ORIGIN, APP_SCHEME, isAppUrl } from '../src/shell/navigation';

/** Must run before the app is ready: app:// behaves as a secure, standard origin. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
}

/**
 * Serves the renderer bundle from app://board/ with the same security headers as the
 * headless host (src/shell/app-protocol.ts); paths outside the bundle folder are refused.
 */
export function serveRenderer(rendererDir: string): void {
  protocol.handle(APP_SCHEME, (request) => appProtocolResponse(rendererDir, request.url, (fileUrl) => net.fetch(fileUrl)));
}
