/**
 * A column taller than the screen scrolls by itself, since nobody touches a wall: it rests at
 * the top, glides down at a screen's height per SCREEN_MS, rests at the bottom and starts over.
 * With prefers-reduced-motion it turns a page at a time instead of moving. Only scrollTop is
 * written (the compositor scrolls; nothing is laid out again) and the frame loop stops when the
 * column goes (or shows another inbox, which starts again at its top).
 */
const PAUSE_MS = 4000;
const SCREEN_MS = 20_000;
const PAGE_MS = 8000;

export function startAutoScroll(element: HTMLElement, reducedMotion: MediaQueryList): () => void {
  let frame = 0;
  let last: number | null = null;
  /** Where the glide is, in fractions of a pixel (scrollTop keeps whole ones). */
  let position = 0;
  let resting = PAUSE_MS;
  let atEnd = false;
  element.scrollTop = 0;

  const step = (now: number) => {
    const elapsed = last === null ? 0 : Math.min(now - last, 1000);
    last = now;
    frame = requestAnimationFrame(step);
    const max = element.scrollHeight - element.clientHeight;
    if (max <= 1) {
      // Everything fits (again): back to the top, waiting as at the start.
      if (element.scrollTop !== 0) element.scrollTop = 0;
      position = 0;
      resting = PAUSE_MS;
      atEnd = false;
      return;
    }
    if (resting > 0) {
      resting -= elapsed;
      return;
    }
    if (atEnd) {
      position = 0;
      element.scrollTop = 0;
      atEnd = false;
      resting = reducedMotion.matches ? PAGE_MS : PAUSE_MS;
      return;
    }
    if (reducedMotion.matches) {
      // A page less a line, so the last card of one page is the first of the next.
      position = Math.min(max, element.scrollTop + element.clientHeight * 0.9);
      resting = PAGE_MS;
    } else {
      position = Math.min(max, position + (element.clientHeight * elapsed) / SCREEN_MS);
    }
    element.scrollTop = position;
    if (position >= max - 1) {
      atEnd = true;
      resting = reducedMotion.matches ? PAGE_MS : PAUSE_MS;
    }
  };
  frame = requestAnimationFrame(step);
  return () => cancelAnimationFrame(frame);
}
