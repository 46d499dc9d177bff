import { createHash } from 'node:crypto';
import type { Logger } from '../../ports/logger';
import type { StoredSource } from '../cache/sources-repo';
import type { CoreContext } from '../handlers/context';
import type { SourceNotification } from '../relay/event-applier';
import type { Connector } from './connector';
import { failureWords } from './failure-words';
import type { SourceLeases } from './source-leases';
import { storeBatch } from './source-runner';

export interface NotificationRoutingDeps {
  ctx: CoreContext;
  leases: SourceLeases;
  logger: Logger;
  /** The connector for a source, with its secret (`secret` is what the source's key is now). */
  connector(source: StoredSource, secret: string): Connector;
  secretOf(source: StoredSource): string;
  /** A notified record was stored: the windows look again. */
  changed(): void;
}

/**
 * A planning system named a changed record (relayed by the backend's event stream): each
 * enabled source whose connector takes the notification fetches just that record, on the
 * desktop that holds the source's lease, so the card changes within seconds rather than at the
 * next hourly run. A failure here is only logged: the next run reads the record anyway.
 */
export class NotificationRouting {
  /** Kept between notifications (until the source's settings or secret change), so a token is reused. */
  private readonly kept = new Map<string, { key: string; connector: Connector }>();

  constructor(private readonly deps: NotificationRoutingDeps) {}

  async route(notification: SourceNotification): Promise<void> {
    const { ctx, leases, logger } = this.deps;
    const enabled = ctx.sources.list().filter((source) => source.config.enabled);
    this.forgetAllBut(new Set(enabled.map((source) => source.id)));
    for (const source of enabled) {
      const connector = this.connectorOf(source);
      if (!connector.takes?.(notification) || !connector.fetchRecord) continue;
      const lease = await leases.take(source.config);
      if (!lease.granted) continue;
      try {
        const batch = await connector.fetchRecord(notification.record);
        if (!batch) {
          logger.info({ source: source.id, event: notification.eventId }, 'a notified record is not one the board shows');
          continue;
        }
        storeBatch(ctx, source, batch);
        this.deps.changed();
      } catch (error) {
        logger.warn({ source: source.id, event: notification.eventId, reason: failureWords(error) }, 'a notified record could not be fetched');
      }
    }
  }

  /** Closes the connections of the connectors kept. */
  async close(): Promise<void> {
    await Promise.allSettled([...this.kept.values()].map(({ connector }) => connector.close?.()));
    this.kept.clear();
  }

  private connectorOf(source: StoredSource): Connector {
    const secret = this.deps.secretOf(source);
    const key = createHash('sha256').update(JSON.stringify(source.config)).update('\u0000').update(secret).digest('hex');
    const kept = this.kept.get(source.id);
    if (kept?.key === key) return kept.connector;
    if (kept) this.dismiss(kept.connector);
    const connector = this.deps.connector(source, secret);
    this.kept.set(source.id, { key, connector });
    return connector;
  }

  /** Sources removed or switched off: their connectors are closed, not kept for ever. */
  private forgetAllBut(ids: Set<string>): void {
    for (const [id, { connector }] of this.kept) {
      if (ids.has(id)) continue;
      this.dismiss(connector);
      this.kept.delete(id);
    }
  }

  private dismiss(connector: Connector): void {
    connector.close?.().catch((error: unknown) => this.deps.logger.warn({ reason: failureWords(error) }, 'a source connection did not close cleanly'));
  }
}
