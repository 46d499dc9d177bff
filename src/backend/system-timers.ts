import type { Timers } from '../ports/timers';

/** The process's own timers, on a monotonic scale: a change of the wall clock does not move a deadline. */
export const systemTimers: Timers = {
  now: () => performance.now(),
  after(ms, callback) {
    const timer = setTimeout(callback, ms);
    timer.unref();
    return () => clearTimeout(timer);
  },
};
