/** The part of a column's cards to draw: cards[first, end), with the room the others take above and below. */
export interface CardWindow {
  first: number;
  end: number;
  /** Pixels the cards before `first` take. */
  before: number;
  /** Pixels the cards from `end` on take. */
  after: number;
}

/**
 * Which cards of a column to draw: those in its scrolled view plus `overscanPx` above and below,
 * and at least one card beyond each edge of the view, so that the drag library can tell there
 * are more (it needs one) and Tab from the last drawn card reaches the next. `heights` are the
 * cards' heights with their gap, in board order. A 500-card board draws a few dozen cards: a
 * drop reconciles and lays out those only.
 */
export function cardWindow(
  heights: readonly number[],
  scrollTop: number,
  viewport: number,
  overscanPx: number,
  focused: number = -1,
): CardWindow {
  const n = heights.length;
  const top = Math.max(0, scrollTop) - overscanPx;
  const bottom = Math.max(0, scrollTop) + Math.max(0, viewport) + overscanPx;
  let y = 0;
  let i = 0;
  while (i < n && y + heights[i]! <= top) y += heights[i++]!;
  // One more above the view than overscan alone gives.
  if (i > 0) y -= heights[--i]!;
  const first = i;
  const before = y;
  while (i < n && y < bottom) y += heights[i++]!;
  // And one more below.
  let end = Math.min(n, i + 1);
  let start = first;
  let room = before;
  // The neighbours of a focused card near the drawn ones: Tab and Shift+Tab reach the next card
  // before the scroll that follows the focus has drawn it. The view it is measured against may
  // be a few frames behind the focus (a loaded PC, fast keys), so "near" is within a view's
  // height; a focused card the view was scrolled further away from keeps no cards drawn.
  if (focused >= 0 && focused < n) {
    let focusedTop = 0;
    for (let k = 0; k < focused; k++) focusedTop += heights[k]!;
    const reach = Math.max(0, viewport);
    if (focusedTop + heights[focused]! >= top - reach && focusedTop <= bottom + reach) {
      while (start > Math.max(0, focused - 1)) room -= heights[--start]!;
      end = Math.max(end, Math.min(n, focused + 2));
    }
  }
  i = end;
  let after = 0;
  for (; i < n; i++) after += heights[i]!;
  return { first: start, end, before: room, after };
}
