import type { SourceStatus } from '../../api/v2/source-status';
import type { Logger } from '../../ports/logger';
import type { SyncPort } from '../handlers/context';

/**
 * What the organisation's other desktops were last told of each source pulled here (by lease
 * name), so that they are told again only of a change, and told of a removal only by the
 * desktop that told them of the source. What the backend cannot take now is told the next time.
 */
export class StatusSharing {
  private readonly told = new Map<string, string>();

  constructor(
    private readonly sync: SyncPort,
    private readonly logger: Logger,
  ) {}

  has(key: string): boolean {
    return this.told.has(key);
  }

  async tell(key: string, status: SourceStatus): Promise<void> {
    const json = JSON.stringify(status);
    if (this.told.get(key) === json) return;
    try {
      await this.sync.shareSourceStatus(key, status);
      this.told.set(key, json);
    } catch (error) {
      this.logger.warn({ key, reason: error instanceof Error ? error.message : String(error) }, 'the source status could not be shared now');
    }
  }

  async remove(key: string): Promise<void> {
    if (!this.told.delete(key)) return;
    await this.sync.shareSourceStatus(key, null).catch((error: unknown) =>
      this.logger.warn({ key, reason: error instanceof Error ? error.message : String(error) }, 'the removal of a source could not be shared now'),
    );
  }
}
