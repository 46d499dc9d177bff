import type { SourceStatus } from '../../api/v2/source-status';
import type { Logger } from '../../ports/logger';
import type { SyncPort } from '../handlers/context';

/**
 * What the organisation's other desktops were last told of each source pulled here (by lease
 * name), so that they are told again only of a change, and told of a removal only by the
 * desktop that told them of the source. What the backend cannot take now is told the next time.
 * One message at a time, each read when its turn comes: two runs ending close together must not
 * reach the backend in the wrong order and leave the older state as the last word.
 */
export class StatusSharing {
  private readonly told = new Map<string, string>();
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly sync: SyncPort,
    private readonly logger: Logger,
  ) {}

  has(key: string): boolean {
    return this.told.has(key);
  }

  /**
   * `status` is read when this message's turn comes, so that it is the latest; null: the source
   * is gone by then (removed while a run or a tick was under way), and nothing is told.
   */
  tell(key: string, status: () => SourceStatus | null): Promise<void> {
    return this.inTurn(async () => {
      const now = status();
      if (!now) return;
      const json = JSON.stringify(now);
      if (this.told.get(key) === json) return;
      try {
        await this.sync.shareSourceStatus(key, now);
        this.told.set(key, json);
      } catch (error) {
        this.logger.warn({ key, reason: error instanceof Error ? error.message : String(error) }, 'the source status could not be shared now');
      }
    });
  }

  remove(key: string): Promise<void> {
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
