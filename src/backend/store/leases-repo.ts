import { sql } from 'kysely';
import type { Lease } from '../../api/v2/lease';
import type { StoreDatabase } from './sql/store-database';

/**
 * Leases: one holder at a time per name and organisation. A holder renews its own lease; an
 * expired one goes to whoever asks next. One statement decides, so two callers cannot both
 * win, in one process or several.
 */
export class LeasesRepo {
  constructor(private readonly db: StoreDatabase) {}

  async acquire(organizationId: string, name: string, holder: string, ttlMs: number, now: number): Promise<Lease> {
    const row = await this.db.transaction(async () => {
      await this.db.run(
        sql`INSERT INTO leases (organization_id, name, holder, expires_at) VALUES (${organizationId}, ${name}, ${holder}, ${now + ttlMs})
            ON CONFLICT (organization_id, name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
            WHERE leases.holder = excluded.holder OR leases.expires_at <= ${now}`,
      );
      return this.db.get(
        sql<{ holder: string; expires_at: number }>`SELECT holder, expires_at FROM leases WHERE organization_id = ${organizationId} AND name = ${name}`,
      );
    });
    return { name, holder: row!.holder, granted: row!.holder === holder, expiresAt: row!.expires_at };
  }

  async release(organizationId: string, name: string, holder: string): Promise<void> {
    await this.db.run(sql`DELETE FROM leases WHERE organization_id = ${organizationId} AND name = ${name} AND holder = ${holder}`);
  }
}
