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

/** Whether a page may call a BoardApi method over IPC: the wall's page only reads its board, as over the headless host. */
export function pageMayCall(pageUrl: string, wallPage: string, method: unknown): boolean {
  const page = new URL(pageUrl);
  const wall = new URL(wallPage);
  // app:// is not a special scheme: its origin reads "null", so the page is told by scheme, host and path.
  const isWall = page.protocol === wall.protocol && page.host === wall.host && page.pathname === wall.pathname;
  return !isWall || isWallMethod(method);
}
