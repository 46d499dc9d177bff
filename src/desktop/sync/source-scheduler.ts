import type { SourceConfig, SourceHealth, SourceRun, SourceTest } from '../../api/sources';
import { ApiFailure } from '../../api/envelope';
import { retryDelay } from '../../domain/retry-delay';
import type { Logger } from '../../ports/logger';
import type { SecretStore } from '../../ports/secret-store';
import type { Timers } from '../../ports/timers';
import type { StoredSource } from '../cache/sources-repo';
import type { CoreContext } from '../handlers/context';
import type { SourceSignal } from '../relay/event-applier';
import type { Connector } from './connector';
import { connectorFor, type ConnectorDeps } from './connector-factory';
import { failureWords } from './failure-words';
import { hostKeyLearner } from './host-key-learning';
import { NotificationRouting } from './notification-routing';
import { DEFAULT_RETRY, type RetryPolicy } from './pull/source-http';
import { retryQuarantined } from './quarantine-retry';
import { leaseNameOf, SourceLeases } from './source-leases';
import { runSource } from './source-runner';
import { sharedStatus, StatusSharing } from './status-sharing';
import { isUntrustedRoot } from './trusted-certificate';

export interface SchedulerOptions {
  ctx: CoreContext;
  secrets: SecretStore | null;
  logger: Logger;
  timers: Timers;
  /** How often to look which sources are due (and renew their leases). */
  tickMs?: number;
  /** How long a lease lasts unless renewed; a desktop that closes frees its sources after this. */
  leaseSeconds?: number;
  retry?: RetryPolicy;
  settleMs?: number;
  /** This computer's name, told with the status of the sources it pulls. */
  desktopName: string;
}

/** After a failed run the next comes sooner than the interval: 5, 10, 20… minutes, never later than the interval. */
const FIRST_RETRY_MS = 5 * 60_000;
/**
 * The longest wait of retryDelay's range: the health view shows when the next run is, so the
 * wait must not change each time it is read; each source's stagger spreads the desktops instead.
 */
const NO_JITTER = () => 1;

export function secretName(sourceId: string): string {
  return `source:${sourceId}`;
}

/**
 * Runs each enabled source at its interval (staggered, so that a dealership's desktops and
 * sources do not all knock at once) and on demand, one run at a time per source, and only on
 * the desktop that holds the source's lease (SourceLeases). What the other desktops are told of
 * each source is StatusSharing's; the records planning systems notify of are
 * NotificationRouting's.
 */
export class SourceScheduler {
  private cancelTick: (() => void) | null = null;
  private readonly running = new Map<string, Promise<SourceRun>>();
  /** Per source, a fixed fraction of its interval added to each wait, so that sources spread out. */
  private readonly stagger = new Map<string, number>();
  private readonly leases: SourceLeases;
  private readonly sharing: StatusSharing;
  private readonly notifications: NotificationRouting;

  constructor(private readonly options: SchedulerOptions) {
    const { ctx, logger } = options;
    this.leases = new SourceLeases(ctx.sync, options.leaseSeconds ?? 90);
    this.sharing = new StatusSharing(ctx.sync, ctx.sources, logger, (source) => sharedStatus(source, this.health(source), options.desktopName));
    this.notifications = new NotificationRouting({
      ctx,
      leases: this.leases,
      logger,
      connector: (source, secret) => this.connector(source.config, secret, () => undefined),
      secretOf: (source) => this.secretOf(source),
      changed: () => this.changed(),
    });
  }

  start(): void {
    const tick = () => {
      void this.tick().catch((error) => this.options.logger.error({ err: error }, 'the source scheduler tick failed'));
      this.cancelTick = this.options.timers.after(this.options.tickMs ?? 20_000, tick);
    };
    tick();
  }

  async stop(): Promise<void> {
    this.cancelTick?.();
    this.cancelTick = null;
    await Promise.allSettled([...this.running.values(), this.notifications.close()]);
  }

  health(source: StoredSource): SourceHealth {
    const { sources } = this.options.ctx;
    const [lastRun] = sources.runs(source.id, 1);
    return {
      running: this.running.has(source.id),
      lastRun: lastRun ?? null,
      nextRunAt: source.config.enabled ? this.nextRunAt(source, lastRun ?? null) : null,
      failuresInARow: sources.failuresInARow(source.id),
      lastError: sources.lastError(source.id),
      waiting: source.config.enabled ? this.leases.waitingFor(source.id) : null,
      quarantinedOpen: sources.countOpenQuarantined(source.id),
    };
  }

  /** "Sync now": runs the source here, or asks the desktop that holds it to. */
  async syncNow(id: string): Promise<SourceRun> {
    const source = this.stored(id);
    const lease = await this.leases.take(source.config);
    if (!lease.granted) {
      const asked = await this.options.ctx.sync.requestSourceSync(leaseNameOf(source.config)).then(
        () => true,
        () => false,
      );
      throw new ApiFailure('PULLED_ELSEWHERE', asked ? `${lease.reason} It was asked to sync now.` : lease.reason);
    }
    this.leases.held(id);
    return this.run(source);
  }

  /** Reads a little of a source as configured (not yet saved) and says what it found. */
  async test(config: SourceConfig, secret: string): Promise<SourceTest> {
    let learned: string | null = null;
    const connector = this.connector(config, secret, (key) => (learned = key));
    try {
      const message = await connector.test(this.options.ctx.clock.now());
      return { ok: true, message: learned ? `${message} Host key SHA256:${learned}.` : message };
    } catch (error) {
      const certificate = isUntrustedRoot(error) ? await connector.certificate?.() : null;
      return certificate ? { ok: false, message: failureWords(error), certificate } : { ok: false, message: failureWords(error) };
    } finally {
      await connector.close?.();
    }
  }

  retry(id: string): { retried: number; stillQuarantined: number } {
    const source = this.stored(id);
    const result = retryQuarantined(this.options.ctx, source, this.connector(source.config, this.secretOf(source), () => undefined));
    this.changed();
    return result;
  }

  /** What the backend's event stream asks of the sources this desktop pulls. */
  signal(signal: SourceSignal): Promise<void> {
    return signal.type === 'source.notified' ? this.notifications.route(signal.data) : this.syncRequested(signal.data.key);
  }

  /** A source's settings changed here: the other desktops hear of it (StatusSharing.edited). */
  async edited(before: SourceConfig, id: string): Promise<void> {
    await this.sharing.edited(before, this.stored(id));
  }

  /** A source removed here: the other desktops drop it, if this desktop told them of it. */
  removed(config: SourceConfig): Promise<void> {
    return this.sharing.removed(config);
  }

  /** Sync now, pressed on another desktop: the source runs here if this desktop pulls it. */
  private async syncRequested(key: string): Promise<void> {
    const source = this.options.ctx.sources.list().find((s) => s.config.enabled && leaseNameOf(s.config) === key);
    if (!source) return;
    const lease = await this.leases.take(source.config);
    if (!lease.granted) return;
    this.leases.held(source.id);
    await this.runLogged(source);
  }

  private async tick(): Promise<void> {
    for (const source of this.options.ctx.sources.list()) {
      if (!source.config.enabled || this.running.has(source.id)) continue;
      const lease = await this.leases.keep(source);
      if (lease.changed) this.changed();
      if (!lease.granted) continue;
      const [lastRun] = this.options.ctx.sources.runs(source.id, 1);
      if (this.options.ctx.clock.now() >= this.nextRunAt(source, lastRun ?? null)) void this.runLogged(source);
      else await this.sharing.share(source);
    }
  }

  /** A run nobody waits for: what goes wrong beyond the run's own record is logged. */
  private runLogged(source: StoredSource): Promise<unknown> {
    return this.run(source).catch((error: unknown) => this.options.logger.error({ err: error, source: source.id }, 'a source run failed'));
  }

  private run(source: StoredSource): Promise<SourceRun> {
    const already = this.running.get(source.id);
    if (already) return already;
    const { ctx } = this.options;
    const connector = this.connector(source.config, this.secretOf(source), hostKeyLearner(ctx.sources, ctx.clock, source.id));
    const run = runSource(ctx, source, connector).finally(() => {
      this.running.delete(source.id);
      this.changed();
      void this.sharing.share(source);
    });
    this.running.set(source.id, run);
    this.changed();
    return run;
  }

  /**
   * At the interval after the last run; after a failure sooner (5, 10, 20… minutes, never later
   * than the interval), so that a short outage does not cost an hour of appointments.
   */
  private nextRunAt(source: StoredSource, lastRun: SourceRun | null): number {
    if (!lastRun) return this.options.ctx.clock.now();
    let stagger = this.stagger.get(source.id);
    if (stagger === undefined) {
      stagger = Math.random() * 0.05;
      this.stagger.set(source.id, stagger);
    }
    const interval = source.config.intervalMinutes * 60_000;
    const failures = this.options.ctx.sources.failuresInARow(source.id);
    const wait = failures > 0 ? retryDelay(failures, { baseMs: FIRST_RETRY_MS, maxMs: interval }, NO_JITTER) : interval;
    return lastRun.startedAt + wait * (1 + stagger);
  }

  private connector(config: SourceConfig, secret: string, learnHostKey: ConnectorDeps['learnHostKey']): Connector {
    const { ctx } = this.options;
    return connectorFor(config, secret, {
      zone: ctx.inboxes.placeOf(config.inboxId, ctx.dealership).zone,
      clock: ctx.clock,
      retry: this.options.retry ?? DEFAULT_RETRY,
      settleMs: this.options.settleMs ?? 5000,
      learnHostKey,
    });
  }

  private stored(id: string): StoredSource {
    const source = this.options.ctx.sources.get(id);
    if (!source) throw new ApiFailure('NOT_FOUND', 'That source does not exist (any more).');
    return source;
  }

  private secretOf(source: StoredSource): string {
    return this.options.secrets?.get(secretName(source.id)) ?? '';
  }

  private changed(): void {
    this.options.ctx.emit({ type: 'sources.changed' });
  }
}
