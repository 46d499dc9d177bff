/**
 * How long to wait before the next try after `attempts` failures: doubling from `baseMs` up to
 * `maxMs`, with "full jitter" so that many desktops coming back after an outage do not knock
 * on the backend at the same moment.
 */
export function retryDelay(attempts: number, random: () => number = Math.random, baseMs = 500, maxMs = 30_000): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempts - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}
