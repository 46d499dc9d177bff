import type { Clock } from '../../src/ports/clock';
import type { Timers } from '../../src/ports/timers';

/**
 * Time a test moves by hand: one clock and the timers that count on it. `advance` calls every
 * timer that falls due on the way, in order, with the clock at its moment; nothing sleeps.
 */
export function manualTime(start: number): { clock: Clock; timers: Timers; advance(ms: number): void } {
  let now = start;
  let order = 0;
  const pending = new Map<number, { at: number; callback: () => void }>();
  const timers: Timers = {
    now: () => now,
    after(ms, callback) {
      const id = order++;
      pending.set(id, { at: now + Math.max(0, ms), callback });
      return () => void pending.delete(id);
    },
  };
  return {
    clock: { now: () => now },
    timers,
    advance(ms) {
      const until = now + ms;
      for (;;) {
        let next: [number, { at: number; callback: () => void }] | undefined;
        // Map order is the order of setting, so timers due at the same moment run in that order.
        for (const entry of pending) if (entry[1].at <= until && (!next || entry[1].at < next[1].at)) next = entry;
        if (!next) break;
        pending.delete(next[0]);
        now = Math.max(now, next[1].at);
        next[1].callback();
      }
      now = until;
    },
  };
}
