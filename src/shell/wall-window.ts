import { isWallMethod, type WallSettings } from '../api/wall';

/**
 * Which window a desktop opens: the wall, full screen and read-only, when it was started as a
 * wall (`--wall`) or when the backend knows it as a wall device (the token it joined with is a
 * wall's, whatever its command line says); otherwise the board.
 */
export type WindowKind = 'wall' | 'board';

export function windowKindFor(start: { wallFlag: boolean; deviceRole: string | null }): WindowKind {
  return start.wallFlag || start.deviceRole === 'wall' ? 'wall' : 'board';
}

/**
 * What to do when the desktop's session changes (it joined, or its device was re-registered):
 * a board that became a wall device opens the wall and closes its boards; a wall that is no
 * longer one (and was not started as one) goes back to a board.
 */
export function windowChange(showing: WindowKind, start: { wallFlag: boolean; deviceRole: string | null }): WindowKind | null {
  const wanted = windowKindFor(start);
  return wanted === showing ? null : wanted;
}

/**
 * The kiosk window's address: the wall's page with the device's settings in its query, which
 * the page reads back (renderer/wall/wall-connection.ts) and hands to getWall. Only what
 * differs from the defaults is written, so a wall with defaults loads the bare page.
 */
export function wallAddress(wallPage: string, settings: WallSettings): string {
  const url = new URL(wallPage);
  if (settings.names !== 'initials') url.searchParams.set('names', settings.names);
  if (settings.rotateSeconds !== 20) url.searchParams.set('rotate', String(settings.rotateSeconds));
  if (settings.inboxIds) url.searchParams.set('inboxes', settings.inboxIds.join(','));
  if (settings.locale) url.searchParams.set('language', settings.locale);
  return url.toString();
}

/**
 * What a desktop process offers around its windows. A wall is a kiosk nobody works at, but a
 * keyboard may be plugged into it: it offers no tray (Show Board, New Window), no application
 * menu (File → New Window, Ctrl+N, which Windows and Linux put back on every window each time
 * the menu is set) and opens no board window, so nobody standing at it reaches conversations.
 */
export interface ShellOffer {
  tray: boolean;
  applicationMenu: boolean;
  boardWindows: boolean;
}

export function shellOfferFor(showing: WindowKind): ShellOffer {
  const board = showing === 'board';
  return { tray: board, applicationMenu: board, boardWindows: board };
}

export type IpcCall =
  | { allowed: true; method: unknown; params: unknown }
  | { allowed: false; error: { code: 'WALL_READ_ONLY'; message: string } };

/**
 * A BoardApi call over IPC, told by the window that sent it (the wall window's web contents),
 * not by the address its page claims: the wall's window may only read its board, and reads it
 * with the settings the wall was started with, whatever its page asks (as over the headless host).
 */
export function ipcCallFrom(fromWallWindow: boolean, method: unknown, params: unknown, wallSettings: WallSettings): IpcCall {
  if (!fromWallWindow) return { allowed: true, method, params };
  if (!isWallMethod(method)) {
    return { allowed: false, error: { code: 'WALL_READ_ONLY', message: `A wall screen only shows the board: it may not call ${String(method)}.` } };
  }
  return { allowed: true, method, params: wallSettings };
}
