import type { Database } from 'better-sqlite3';
import type { OutboxJob, OutboxRepo } from '../cache/outbox-repo';
import type { Logger } from '../../ports/logger';
import { BackendRefusal, BackendUnavailable } from './backend-client';
import type { Commit } from './outbox-commands';
import { retryDelay } from './retry-delay';

export interface DrainerDeps {
  db: Database;
  outbox: OutboxRepo;
  send(job: OutboxJob): Promise<Commit>;
  /** Within the transaction that drops the job: show the refusal where the change was made. */
  refused(job: OutboxJob, reason: string): void;
  /** After every job that left the outbox (answered or refused), and after every failed try. */
  progress(result: { ok: true; job: OutboxJob; refused: boolean } | { ok: false; error: string }): void;
  logger: Logger;
}

/**
 * Sends the outbox in order, one job at a time. A job leaves the outbox in the transaction
 * that stores the backend's answer. When the backend cannot be reached the drainer waits
 * (doubling, with jitter) and starts again from the same job, so order is kept; a job the
 * backend refuses is settled with its reason and the next one goes.
 */
export class OutboxDrainer {
  private running = false;
  private again = false;
  private timer: NodeJS.Timeout | null = null;
  private failures = 0;
  private stopped = false;

  constructor(private readonly deps: DrainerDeps) {}

  /** Something was added, or the backend is back: send now rather than at the next retry. */
  wake(): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.running) {
      this.again = true;
      return;
    }
    void this.run();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
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
    for (let job = outbox.next(); job && !this.stopped; job = outbox.next()) {
      const current = job;
      let refused = false;
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
        if (!(error instanceof BackendUnavailable)) {
          // A refusal, or a job this desktop cannot send at all: either way trying again would
          // block every change behind it, so it is settled with its reason.
          if (error instanceof BackendRefusal) this.deps.logger.warn({ kind: current.kind, code: error.code }, 'the backend refused a change');
          else this.deps.logger.error({ err: error, kind: current.kind }, 'an outbox job could not be sent');
          const reason = error instanceof BackendRefusal ? error.message : 'This change could not be sent; the details are in the log.';
          db.transaction(() => {
            this.deps.refused(current, reason);
            outbox.done(current.key);
          })();
          refused = true;
        } else {
          const message = error.message;
          outbox.failedAttempt(current.key, message);
          this.failures++;
          this.deps.progress({ ok: false, error: message });
          if (!this.stopped) {
            this.timer = setTimeout(() => this.wake(), retryDelay(this.failures));
            this.timer.unref();
          }
          return false;
        }
      }
      this.failures = 0;
      this.deps.progress({ ok: true, job: current, refused });
    }
    return true;
  }
}
