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
