/**
 * A column taller than the screen scrolls by itself, since nobody touches a wall: it rests at
 * the top, glides down at a screen's height per SCREEN_MS, rests at the bottom and starts over.
 * With prefers-reduced-motion it turns a page at a time instead of moving.
 *
 * Only scrollTop is written in a frame of the glide: the sizes are read when they change (a
 * ResizeObserver on the column and its track, after layout), never in a frame, so a frame forces
 * no layout; and while resting only a timer waits, no frame loop runs, so the main thread is
 * free for the board's events. The column is a scroller of its own with an opaque background
 * (wall.css), which Chromium scrolls on the compositor: a step moves tiles already drawn rather
 * than painting and rastering the column again (measured at 4K without a GPU: raster work while
 * gliding fell from 2.5 s to 0.9 s in a 3-4 s run). A transform on a will-change layer was
 * measured slower: there the display compositor drew each frame in 34 ms, against 6.
 */
const PAUSE_MS = 4000;
const SCREEN_MS = 20_000;
const PAGE_MS = 8000;

export function startAutoScroll(viewport: HTMLElement, track: HTMLElement, reducedMotion: MediaQueryList): () => void {
  let state: 'fits' | 'resting' | 'gliding' = 'fits';
  let frame = 0;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let last: number | null = null;
  /** Where the glide is, in fractions of a pixel (scrollTop keeps whole ones). */
  let position = 0;
  let height = 0;
  let max = 0;

  const place = (y: number) => {
    position = y;
    viewport.scrollTop = y;
  };
  const stop = () => {
    if (frame) cancelAnimationFrame(frame);
    if (timer) clearTimeout(timer);
    frame = 0;
    timer = null;
    last = null;
  };
  const rest = (ms: number, then: () => void) => {
    stop();
    state = 'resting';
    timer = setTimeout(() => {
      timer = null;
      then();
    }, ms);
  };
  const backToTop = () => {
    place(0);
    rest(reducedMotion.matches ? PAGE_MS : PAUSE_MS, move);
  };
  const glide = (now: number) => {
    const elapsed = last === null ? 0 : Math.min(now - last, 1000);
    last = now;
    const next = Math.min(max, position + (height * elapsed) / SCREEN_MS);
    place(next);
    if (next >= max - 1) rest(PAUSE_MS, backToTop);
    else frame = requestAnimationFrame(glide);
  };
  const turnPage = () => {
    // A page less a line, so the last card of one page is the first of the next.
    const next = Math.min(max, position + height * 0.9);
    place(next);
    rest(PAGE_MS, next >= max - 1 ? backToTop : turnPage);
  };
  function move() {
    if (reducedMotion.matches) {
      turnPage();
      return;
    }
    state = 'gliding';
    frame = requestAnimationFrame(glide);
  }

  const measure = () => {
    height = viewport.clientHeight;
    max = track.offsetHeight - height;
    if (max <= 1) {
      // Everything fits (again): back to the top, waiting as at the start once it overflows.
      stop();
      state = 'fits';
      place(0);
      return;
    }
    if (position > max) place(max);
    if (state === 'fits') rest(PAUSE_MS, move);
  };
  place(0);
  const sizes = new ResizeObserver(measure);
  sizes.observe(viewport);
  sizes.observe(track);
  return () => {
    sizes.disconnect();
    stop();
  };
}
