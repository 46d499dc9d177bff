import { createHash } from 'node:crypto';
import type { SourceConfig, SourceHealth, SourceRun, SourceTest } from '../../api/sources';
import { StatusSharing } from './status-sharing';
import { isUntrustedRoot } from './trusted-certificate';
import { ApiFailure } from '../../api/envelope';
import type { Logger } from '../../ports/logger';
import type { SecretStore } from '../../ports/secret-store';
import type { StoredSource } from '../cache/sources-repo';
import type { Connector } from './connector';
import { connectorFor, identityOf, type ConnectorDeps } from './connector-factory';
import { failureWords } from './failure-words';
import { DEFAULT_RETRY, type RetryPolicy } from './pull/source-http';
import { retryQuarantined } from './quarantine-retry';
import type { CoreContext } from '../handlers/context';
import { runSource, storeBatch } from './source-runner';
import type { SourceNotification, SourceSignal } from '../relay/event-applier';
import { keyloopTenant } from '../../api/v2/keyloop';

export interface SchedulerOptions {
  ctx: CoreContext;
  secrets: SecretStore | null;
  logger: Logger;
  /** How often to look which sources are due (and renew their leases). */
  tickMs?: number;
  /** How long a lease lasts unless renewed; a desktop that closes frees its sources after this. */
  leaseSeconds?: number;
  retry?: RetryPolicy;
  settleMs?: number;
  /** This computer's name, told with the status of the sources it pulls. */
  desktopName: string;
}

const FIRST_RETRY_MS = 5 * 60_000;

export function secretName(sourceId: string): string {
  return `source:${sourceId}`;
}

/** The lease name of a source: the same system configured on two desktops gets the same name. */
export function leaseNameOf(config: SourceConfig): string {
  return `source.${createHash('sha256').update(identityOf(config)).digest('hex').slice(0, 32)}`;
}

/**
 * Runs each enabled source at its interval (staggered, so that a dealership's desktops and
 * sources do not all knock at once) and on demand, one run at a time per source, and only on
 * the desktop that holds the source's lease.
 */
export class SourceScheduler {
  private timer: NodeJS.Timeout | null = null;
  private readonly running = new Map<string, Promise<SourceRun>>();
  private readonly waiting = new Map<string, string>();
  /** Per source, a fixed fraction of its interval added to each wait, so that sources spread out. */
  private readonly stagger = new Map<string, number>();
  private readonly notifiedConnectors = new Map<string, { key: string; connector: Connector }>();
  private readonly sharing: StatusSharing;

  constructor(private readonly options: SchedulerOptions) {
    this.sharing = new StatusSharing(options.ctx.sync, options.logger);
  }

  start(): void {
    const tick = () => void this.tick().catch((error) => this.options.logger.error({ err: error }, 'the source scheduler tick failed'));
    this.timer = setInterval(tick, this.options.tickMs ?? 20_000);
    this.timer.unref();
    tick();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await Promise.allSettled([...this.running.values(), ...[...this.notifiedConnectors.values()].map(({ connector }) => connector.close?.())]);
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
      waiting: source.config.enabled ? (this.waiting.get(source.id) ?? null) : null,
      quarantinedOpen: sources.countOpenQuarantined(source.id),
    };
  }

  /** "Sync now": runs the source here, or asks the desktop that holds it to. */
  async syncNow(id: string): Promise<SourceRun> {
    const source = this.stored(id);
    const key = leaseNameOf(source.config);
    const lease = await this.options.ctx.sync.lease(key, this.leaseSeconds());
    if (!lease.granted) {
      const asked = await this.options.ctx.sync.requestSourceSync(key).then(
        () => true,
        () => false,
      );
      throw new ApiFailure('PULLED_ELSEWHERE', asked ? `${lease.reason} It was asked to sync now.` : lease.reason);
    }
    this.waiting.delete(id);
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
    return signal.type === 'source.notified' ? this.notified(signal.data) : this.syncRequested(signal.data.key);
  }

  /** Sync now, pressed on another desktop: the source runs here if this desktop pulls it. */
  private async syncRequested(key: string): Promise<void> {
    const source = this.options.ctx.sources.list().find((s) => s.config.enabled && leaseNameOf(s.config) === key);
    if (!source) return;
    const lease = await this.options.ctx.sync.lease(key, this.leaseSeconds());
    if (!lease.granted) return;
    this.waiting.delete(source.id);
    await this.runLogged(source);
  }

  /**
   * A planning system named a changed record (through the backend's event stream): the desktop
   * that pulls that system fetches just that record, so the card changes within seconds rather
   * than at the next hourly run. A failure here is only logged: the next run reads it anyway.
   */
  private async notified(notification: SourceNotification): Promise<void> {
    const { ctx, logger } = this.options;
    for (const source of ctx.sources.list()) {
      const s = source.config.settings;
      if (!source.config.enabled || s.kind !== 'keyloop' || keyloopTenant(s.enterpriseId, s.storeId) !== notification.tenant) continue;
      const lease = await ctx.sync.lease(leaseNameOf(source.config), this.leaseSeconds());
      if (!lease.granted) continue;
      const connector = this.notifiedConnector(source);
      if (!connector.fetchRecord) continue;
      try {
        const batch = await connector.fetchRecord(notification.record);
        if (!batch) {
          logger.info({ source: source.id, event: notification.eventId }, 'a notified record is not one the board shows');
          continue;
        }
        storeBatch(ctx, source, batch);
        this.changed();
      } catch (error) {
        logger.warn({ source: source.id, event: notification.eventId, reason: failureWords(error) }, 'a notified record could not be fetched');
      }
    }
  }

  /** Kept between notifications (until the source's settings or secret change), so its token is reused. */
  private notifiedConnector(source: StoredSource): Connector {
    const secret = this.secretOf(source);
    const key = createHash('sha256').update(JSON.stringify(source.config)).update('\u0000').update(secret).digest('hex');
    const kept = this.notifiedConnectors.get(source.id);
    if (kept?.key === key) return kept.connector;
    void kept?.connector.close?.();
    const connector = this.connector(source.config, secret, () => undefined);
    this.notifiedConnectors.set(source.id, { key, connector });
    return connector;
  }

  private async tick(): Promise<void> {
    for (const source of this.options.ctx.sources.list()) {
      if (!source.config.enabled || this.running.has(source.id)) continue;
      const lease = await this.options.ctx.sync.lease(leaseNameOf(source.config), this.leaseSeconds());
      const before = this.waiting.get(source.id);
      if (lease.granted) this.waiting.delete(source.id);
      else this.waiting.set(source.id, lease.reason);
      if (before !== this.waiting.get(source.id)) this.changed();
      const [lastRun] = this.options.ctx.sources.runs(source.id, 1);
      const due = this.nextRunAt(source, lastRun ?? null);
      if (lease.granted && this.options.ctx.clock.now() >= due) {
        void this.runLogged(source);
      } else if (lease.granted) await this.share(source);
    }
  }

  /** A run nobody waits for: what goes wrong beyond the run's own record is logged. */
  private runLogged(source: StoredSource): Promise<unknown> {
    return this.run(source).catch((error: unknown) => this.options.logger.error({ err: error, source: source.id }, 'a source run failed'));
  }

  private run(source: StoredSource): Promise<SourceRun> {
    const already = this.running.get(source.id);
    if (already) return already;
    const connector = this.connector(source.config, this.secretOf(source), (hostKey) => this.learnHostKey(source.id, hostKey));
    const run = runSource(this.options.ctx, source, connector).finally(() => {
      this.running.delete(source.id);
      this.changed();
      void this.share(source);
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
    const wait = failures > 0 ? Math.min(interval, FIRST_RETRY_MS * 2 ** (failures - 1)) : interval;
    return lastRun.startedAt + wait * (1 + stagger);
  }

  private connector(config: SourceConfig, secret: string, learnHostKey: ConnectorDeps['learnHostKey']): Connector {
    const { ctx } = this.options;
    return connectorFor(config, secret, {
      zone: ctx.dealership.zone,
      clock: ctx.clock,
      retry: this.options.retry ?? DEFAULT_RETRY,
      settleMs: this.options.settleMs ?? 5000,
      learnHostKey,
    });
  }

  /** Tells the other desktops how a source pulled here goes (when that changed). */
  private share(source: StoredSource): Promise<void> {
    return this.sharing.tell(leaseNameOf(source.config), () => {
      const current = this.options.ctx.sources.get(source.id);
      if (!current || leaseNameOf(current.config) !== leaseNameOf(source.config)) return null;
      const health = this.health(current);
      return {
        name: current.config.name,
        pulledBy: this.options.desktopName,
        kind: current.config.settings.kind,
        enabled: current.config.enabled,
        lastRun: health.lastRun,
        nextRunAt: health.nextRunAt,
        failuresInARow: health.failuresInARow,
        lastError: health.lastError,
        quarantinedOpen: health.quarantinedOpen,
      };
    });
  }

  /**
   * A source's settings changed here: the other desktops learn its new name or that it was
   * switched off, if this desktop is the one that told them of it.
   */
  async edited(before: SourceConfig, id: string): Promise<void> {
    const after = this.stored(id);
    if (leaseNameOf(before) !== leaseNameOf(after.config)) await this.removed(before);
    else if (this.sharing.has(leaseNameOf(before))) await this.share(after);
  }

  /** A source removed here: the other desktops drop it, if this desktop told them of it. */
  removed(config: SourceConfig): Promise<void> {
    return this.sharing.remove(leaseNameOf(config));
  }

  /** Trust on first use: the host key of the first connection is required from then on. */
  private learnHostKey(id: string, hostKey: string): void {
    const source = this.options.ctx.sources.get(id);
    if (source?.config.settings.kind !== 'sftp' || source.config.settings.hostKey !== null) return;
    const config = { ...source.config, settings: { ...source.config.settings, hostKey } };
    this.options.ctx.sources.save(id, config, this.options.ctx.clock.now());
  }

  private stored(id: string): StoredSource {
    const source = this.options.ctx.sources.get(id);
    if (!source) throw new ApiFailure('NOT_FOUND', 'That source does not exist (any more).');
    return source;
  }

  private secretOf(source: StoredSource): string {
    return this.options.secrets?.get(secretName(source.id)) ?? '';
  }

  private leaseSeconds(): number {
    return this.options.leaseSeconds ?? 90;
  }

  private changed(): void {
    this.options.ctx.emit({ type: 'sources.changed' });
  }
}
