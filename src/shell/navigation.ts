import { externalLinkDecision, type AllowedOrigin, type LinkDecision } from './external-links';

/**
 * Where a page of the app may go. The app's pages hold the BoardApi (the preload's bridge): a
 * page that navigated elsewhere would hand it to whatever it loaded. So a web contents only
 * ever shows app://board/, a new window is never made from a page, and no <webview> is attached.
 */

export const APP_SCHEME = 'app';
export const APP_HOST = 'board';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY = `${APP_ORIGIN}/index.html`;

/**
 * An address of the app's own bundle. Parsed, not compared as text: app:// is registered as a
 * standard scheme, so the URL parser reads its host as Chromium does ("app://board@evil/",
 * "app://board.evil/", "app://board:8080/" are other origins).
 */
export function isAppUrl(address: string): boolean {
  let url: URL;
  try {
    url = new URL(address);
  } catch {
    return false;
  }
  return url.protocol === `${APP_SCHEME}:` && url.host === APP_HOST && url.username === '' && url.password === '';
}

/** will-navigate and will-redirect: a page moves within the app's bundle, never away from it (a link to elsewhere opens through window.open's rule). */
export function mayNavigate(address: string): boolean {
  return isAppUrl(address);
}

/**
 * window.open, target="_blank", a middle or shift click: no page ever gets a new window (a
 * window would have no preload or a preload it should not have, and its opener). An address on
 * the allow-list goes to the system browser instead; any other is refused and named.
 */
export function windowOpenDecision(address: string, allowed: readonly AllowedOrigin[]): { action: 'deny'; external: LinkDecision } {
  return { action: 'deny', external: externalLinkDecision(address, allowed) };
}
