import { createHash } from 'node:crypto';
import type { SourceConfig } from '../../api/sources';
import type { StoredSource } from '../cache/sources-repo';
import type { LeaseAnswer, SyncPort } from '../handlers/context';
import { identityOf } from './connector-factory';

/** The lease name of a source: the same system configured on two desktops gets the same name. */
export function leaseNameOf(config: SourceConfig): string {
  return `source.${createHash('sha256').update(identityOf(config)).digest('hex').slice(0, 32)}`;
}

/**
 * Which desktop pulls each source: the one holding its lease (through the backend; standalone,
 * always this one). A lease is taken or renewed at each tick and before each run, notification
 * or Sync now, and lapses `seconds` after a desktop stops renewing it, so another takes over.
 * For the sources another desktop holds, why not is kept for the health view ("waiting").
 */
export class SourceLeases {
  private readonly waiting = new Map<string, string>();

  constructor(
    private readonly sync: SyncPort,
    private readonly seconds: number,
  ) {}

  /** Takes or renews the lease of a source for one job (a run, a notified record, Sync now). */
  take(config: SourceConfig): Promise<LeaseAnswer> {
    return this.sync.lease(leaseNameOf(config), this.seconds);
  }

  /**
   * Takes or renews the lease at a tick, and remembers why not. `changed`: whether the source
   * started or stopped waiting for another desktop, which the windows are told.
   */
  async keep(source: StoredSource): Promise<{ granted: boolean; changed: boolean }> {
    const lease = await this.take(source.config);
    const before = this.waiting.get(source.id);
    if (lease.granted) this.waiting.delete(source.id);
    else this.waiting.set(source.id, lease.reason);
    return { granted: lease.granted, changed: before !== this.waiting.get(source.id) };
  }

  /** Granted for a job outside the ticks: the source no longer waits for another desktop. */
  held(id: string): void {
    this.waiting.delete(id);
  }

  /** Why this desktop does not pull the source now (another desktop does); null: it does. */
  waitingFor(id: string): string | null {
    return this.waiting.get(id) ?? null;
  }
}
