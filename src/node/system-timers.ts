import type { Timers } from '../ports/timers';

/**
 * The process's own timers, for the desktop core and the backend alike: on a monotonic scale (a
 * change of the wall clock does not move a deadline), and never keeping the process alive.
 */
export const systemTimers: Timers = {
  now: () => performance.now(),
  after(ms, callback) {
    const timer = setTimeout(callback, ms);
    timer.unref();
    return () => clearTimeout(timer);
  },
};
