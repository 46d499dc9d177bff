import { retryDelay, type Backoff } from '../domain/retry-delay';

/**
 * A wall's page that goes (a crash, out of memory) is loaded again, since nobody stands at a
 * wall to do it: after a wait that grows with each loss in a row, so a page that dies as it
 * loads does not reload in a tight loop and burn the PC, and back to a short wait once a
 * page has stayed up for a while.
 */
export const WALL_RELOAD: Backoff = { baseMs: 1000, maxMs: 5 * 60_000 };
/** A page that stayed up this long was well: the next loss starts the waits again from the first. */
export const WALL_STABLE_MS = 2 * 60_000;
/** A page that stops answering (a hung script) for this long is ended and loaded again, rather than frozen for the day. */
export const WALL_UNRESPONSIVE_MS = 30_000;

export class WallReloads {
  private lossesInRow = 0;
  private lastLoadAt: number | null = null;

  constructor(private readonly random: () => number = Math.random) {}

  /** The page went at `now`: how long to wait before loading it again. */
  gone(now: number): number {
    const stayedUp = this.lastLoadAt !== null && now - this.lastLoadAt >= WALL_STABLE_MS;
    this.lossesInRow = stayedUp ? 1 : this.lossesInRow + 1;
    return retryDelay(this.lossesInRow, WALL_RELOAD, this.random);
  }

  /** The page is being loaded (again) at `now`. */
  loading(now: number): void {
    this.lastLoadAt = now;
  }
}
