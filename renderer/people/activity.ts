/** How often a window tells the core that someone is using it: enough for an idle lock counted in minutes. */
export const ACTIVITY_EVERY_MS = 30_000;

/**
 * Passes a window's many input events on as at most one note per `everyMs`: the first at
 * once, then none until that much time has gone by. `now` is the caller's clock.
 */
export function throttledNotes(send: () => void, now: () => number, everyMs = ACTIVITY_EVERY_MS): () => void {
  let last: number | null = null;
  return () => {
    const at = now();
    if (last !== null && at - last < everyMs) return;
    last = at;
    send();
  };
}
