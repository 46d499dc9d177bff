import type { SourceConfig, SourceHealth } from '../../api/sources';
import type { SourceStatus } from '../../api/v2/source-status';
import type { Logger } from '../../ports/logger';
import type { SourcesRepo, StoredSource } from '../cache/sources-repo';
import type { SyncPort } from '../handlers/context';
import { leaseNameOf } from './source-leases';

/** What the other desktops are told of a source pulled here. */
export function sharedStatus(source: StoredSource, health: SourceHealth, pulledBy: string): SourceStatus {
  return {
    name: source.config.name,
    pulledBy,
    kind: source.config.settings.kind,
    enabled: source.config.enabled,
    lastRun: health.lastRun,
    nextRunAt: health.nextRunAt,
    failuresInARow: health.failuresInARow,
    lastError: health.lastError,
    quarantinedOpen: health.quarantinedOpen,
  };
}

/**
 * Tells the organisation's other desktops how each source pulled here goes, under its lease
 * name. They are told again only of a change, and of a removal only by the desktop that told
 * them of the source. What the backend cannot take now is told the next time. One message at a
 * time, each read when its turn comes: two runs ending close together must not reach the
 * backend in the wrong order and leave the older state as the last word.
 */
export class StatusSharing {
  /** What was last told, by lease name (as JSON). */
  private readonly told = new Map<string, string>();
  private queue: Promise<void> = Promise.resolve();

  /** `statusOf`: the source's status as it is now. */
  constructor(
    private readonly sync: SyncPort,
    private readonly sources: SourcesRepo,
    private readonly logger: Logger,
    private readonly statusOf: (source: StoredSource) => SourceStatus,
  ) {}

  /**
   * Tells how the source goes, if that changed. Its status is read when this message's turn
   * comes, so that it is the latest; a source gone by then (removed, or given other settings,
   * while a run or a tick was under way) is not told of: its removal stays the last word.
   */
  share(source: StoredSource): Promise<void> {
    const key = leaseNameOf(source.config);
    return this.inTurn(async () => {
      const current = this.sources.get(source.id);
      if (!current || leaseNameOf(current.config) !== key) return;
      const status = this.statusOf(current);
      const json = JSON.stringify(status);
      if (this.told.get(key) === json) return;
      try {
        await this.sync.shareSourceStatus(key, status);
        this.told.set(key, json);
      } catch (error) {
        this.logger.warn({ key, reason: error instanceof Error ? error.message : String(error) }, 'the source status could not be shared now');
      }
    });
  }

  /**
   * A source's settings changed here: the other desktops learn its new name or that it was
   * switched off, if this desktop is the one that told them of it; set to read another system,
   * it is removed for them under its old name.
   */
  async edited(before: SourceConfig, after: StoredSource): Promise<void> {
    if (leaseNameOf(before) !== leaseNameOf(after.config)) await this.removed(before);
    else if (this.told.has(leaseNameOf(before))) await this.share(after);
  }

  /** A source removed here: the other desktops drop it, if this desktop told them of it. */
  removed(config: SourceConfig): Promise<void> {
    const key = leaseNameOf(config);
    return this.inTurn(async () => {
      if (!this.told.delete(key)) return;
      await this.sync.shareSourceStatus(key, null).catch((error: unknown) =>
        this.logger.warn({ key, reason: error instanceof Error ? error.message : String(error) }, 'the removal of a source could not be shared now'),
      );
    });
  }

  private inTurn(message: () => Promise<void>): Promise<void> {
    const turn = this.queue.then(message);
    this.queue = turn.catch(() => undefined);
    return turn;
  }
}
