import { APP_ORIGIN, isAppUrl } from './navigation';

/**
 * What a page may be granted. Electron grants every permission a page asks for unless the app
 * says otherwise (camera, microphone, location, the clipboard's contents, USB and serial
 * devices, opening other apps, full screen…). The board needs one: notifications of a
 * customer's reply, asked for on a person's click. Anything else, and anything asked by a page
 * or a frame that is not the app's own top-level page, is refused.
 */
export const GRANTED_PERMISSIONS: ReadonlySet<string> = new Set(['notifications']);

/** What Electron tells about a request or a check, reduced to what the rule reads. */
export interface PermissionAsk {
  /** Electron's name for it: 'notifications', 'media', 'geolocation', 'clipboard-read', 'openExternal', 'hid', … */
  permission: string;
  /** The address (or, for a check, the origin) of the frame that asks. */
  requestingUrl: string;
  /** False for an embedded frame. Unknown (a check without details) counts as not the top-level page. */
  isMainFrame: boolean | undefined;
}

/** Granted only for notifications, only to the app's own top-level page. */
export function mayGrant(ask: PermissionAsk): boolean {
  return GRANTED_PERMISSIONS.has(ask.permission) && ask.isMainFrame === true && fromApp(ask.requestingUrl);
}

/** A check names an origin ("app://board"), a request a page's address ("app://board/index.html"). */
function fromApp(address: string): boolean {
  return address === APP_ORIGIN || isAppUrl(address);
}
