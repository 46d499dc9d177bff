import type { Database } from 'better-sqlite3';
import type { Lease } from '../../api/v2/lease';

/**
 * Leases: one holder at a time per name and organisation. A holder renews its own lease; an
 * expired one goes to whoever asks next. One statement decides, so two callers cannot both win.
 */
export class LeasesRepo {
  constructor(private readonly db: Database) {}

  acquire(organizationId: string, name: string, holder: string, ttlMs: number, now: number): Lease {
    this.db
      .prepare(
        `INSERT INTO leases (organization_id, name, holder, expires_at) VALUES (@organizationId, @name, @holder, @expiresAt)
         ON CONFLICT (organization_id, name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
         WHERE leases.holder = excluded.holder OR leases.expires_at <= @now`,
      )
      .run({ organizationId, name, holder, expiresAt: now + ttlMs, now });
    const row = this.db
      .prepare<[string, string], { holder: string; expires_at: number }>(
        'SELECT holder, expires_at FROM leases WHERE organization_id = ? AND name = ?',
      )
      .get(organizationId, name)!;
    return { name, holder: row.holder, granted: row.holder === holder, expiresAt: row.expires_at };
  }

  release(organizationId: string, name: string, holder: string): void {
    this.db.prepare('DELETE FROM leases WHERE organization_id = ? AND name = ? AND holder = ?').run(organizationId, name, holder);
  }
}
