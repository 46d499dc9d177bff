import type { Database } from 'better-sqlite3';
import type { OutboxJob, OutboxRepo } from '../cache/outbox-repo';
import { retryDelay, type Backoff } from '../../domain/retry-delay';
import type { Logger } from '../../ports/logger';
import type { Timers } from '../../ports/timers';
import { BackendAuthRefused, BackendRefusal, BackendUnavailable } from './backend-client';
import type { Commit } from './outbox-commands';

export interface DrainerDeps {
  db: Database;
  outbox: OutboxRepo;
  send(job: OutboxJob): Promise<Commit>;
  /** Within the transaction that drops the job: show the refusal (or the error that made it unsendable) where the change was made. */
  refused(job: OutboxJob, error: unknown): void;
  /** After every job that left the outbox (answered or refused), and after every failed try. */
  progress(result: { ok: true; job: OutboxJob; refused: boolean } | { ok: false; error: string }): void;
  logger: Logger;
  timers: Timers;
  /** The authors whose sessions this desktop holds: only their jobs (and the desktop's own) are sent. */
  held(): string[];
  /**
   * The backend refused the token of the job's author (401). `ended`: that session is over
   * here, so the job waits for its author and the next one goes; `renewed`: tried again later;
   * `stop`: the desktop's own token was refused, nothing more is sent; `refused`: it will never
   * be sent (its author was removed from the organisation), so it is settled as refused.
   */
  authRefused(job: OutboxJob, error: BackendAuthRefused): Promise<'ended' | 'renewed' | 'stop' | 'refused'>;
}

/** A backend away for long is tried every 15 to 30 seconds; a wake (a new change, the stream back) tries at once. */
const RETRY: Backoff = { baseMs: 500, maxMs: 30_000 };

/**
 * Sends the outbox in order, one job at a time. A job leaves the outbox in the transaction
 * that stores the backend's answer. When the backend cannot be reached the drainer waits
 * (doubling, with jitter) and starts again from the same job, so order is kept; a job the
 * backend refuses is settled with its reason and the next one goes. A job whose author this
 * desktop holds no session for waits, and so do later changes of the same card (OutboxRepo.next).
 */
export class OutboxDrainer {
  private running = false;
  private again = false;
  private cancelRetry: (() => void) | null = null;
  private failures = 0;
  private stopped = false;
  /** The key of the job whose answer is awaited: it is settled by that answer, not by anyone else. */
  private inFlight: string | null = null;

  constructor(private readonly deps: DrainerDeps) {}

  /** The job being sent now, if any. */
  sending(): string | null {
    return this.inFlight;
  }

  /** Something was added, or the backend is back: send now rather than at the next retry. */
  wake(): void {
    if (this.stopped) return;
    this.cancelRetry?.();
    this.cancelRetry = null;
    if (this.running) {
      this.again = true;
      return;
    }
    void this.run();
  }

  stop(): void {
    this.stopped = true;
    this.cancelRetry?.();
  }

  /** Sends until the outbox is empty or a try failed; a wake meanwhile makes it look again. */
  private async run(): Promise<void> {
    this.running = true;
    try {
      do {
        this.again = false;
        if (!(await this.drain())) return;
      } while (this.again);
    } finally {
      this.running = false;
    }
  }

  private async drain(): Promise<boolean> {
    const { db, outbox } = this.deps;
    for (let job = outbox.next(this.deps.held()); job && !this.stopped; job = outbox.next(this.deps.held())) {
      const current = job;
      let refused = false;
      this.inFlight = current.key;
      try {
        const commit = await this.deps.send(current);
        // Closed meanwhile: the job stays and is sent again, with its key, at the next start.
        if (this.stopped) return false;
        db.transaction(() => {
          commit();
          outbox.done(current.key);
        })();
      } catch (error) {
        if (this.stopped) return false;
        if (error instanceof BackendAuthRefused) {
          const outcome = await this.deps.authRefused(current, error);
          if (outcome === 'stop' || this.stopped) return false;
          // Its author's session ended: their jobs wait for them, and the others go on.
          if (outcome === 'ended') continue;
          if (outcome === 'renewed') return this.failed(current, `The backend refused a token and it was renewed: ${error.message}`);
        }
        if (!(error instanceof BackendUnavailable)) {
          // A refusal, or a job this desktop cannot send at all: either way trying again would
          // block every change behind it, so it is settled with its reason.
          if (error instanceof BackendRefusal || error instanceof BackendAuthRefused) this.deps.logger.warn({ kind: current.kind, code: error.code }, 'the backend refused a change');
          else this.deps.logger.error({ err: error, kind: current.kind }, 'an outbox job could not be sent');
          db.transaction(() => {
            this.deps.refused(current, error);
            outbox.done(current.key);
          })();
          refused = true;
        } else {
          return this.failed(current, error.message);
        }
      } finally {
        this.inFlight = null;
      }
      this.failures = 0;
      this.deps.progress({ ok: true, job: current, refused });
    }
    return true;
  }

  /** A try that may pass later: the job stays first, and the drainer waits longer each time. */
  private failed(job: OutboxJob, message: string): false {
    this.deps.outbox.failedAttempt(job.key, message);
    this.failures++;
    this.deps.progress({ ok: false, error: message });
    if (!this.stopped) {
      this.cancelRetry = this.deps.timers.after(retryDelay(this.failures, RETRY), () => this.wake());
    }
    return false;
  }
}
