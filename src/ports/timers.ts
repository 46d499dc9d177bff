/**
 * Waiting, as the core does it: deadlines, spacing and retries. Tests pass timers they move by
 * hand, so a timeout or a backoff is exercised without sleeping.
 */
export interface Timers {
  /** Milliseconds on the scale the timers count in: for spacing and deadlines, not a date. */
  now(): number;
  /** Calls `callback` once, `ms` from now; the answer cancels it. A pending call never keeps the process alive. */
  after(ms: number, callback: () => void): () => void;
}
