/** Where a backoff starts and where it stops growing. */
export interface Backoff {
  /** The wait's ceiling after the first failure. */
  baseMs: number;
  /** The ceiling never grows past this. */
  maxMs: number;
}

/**
 * How long to wait before the next try after `failures` failures in a row: a ceiling doubling
 * from `baseMs` up to `maxMs`, and the wait drawn in its upper half ("full jitter" kept from
 * falling to zero), so that many desktops coming back after an outage do not all knock at the
 * same moment. `random` is the draw in [0, 1]: Math.random, or a fixed one where the wait must
 * be known in advance (and spreading comes from elsewhere). Every backoff of the product uses
 * this one rule, desktop and backend alike.
 */
export function retryDelay(failures: number, backoff: Backoff, random: () => number = Math.random): number {
  const ceiling = Math.min(backoff.maxMs, backoff.baseMs * 2 ** Math.max(0, failures - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}
