import { sql } from 'kysely';
import type { StoreDatabase } from './sql/store-database';

/** Answers kept under the client's idempotency key, per organisation. */
export class IdempotencyRepo {
  constructor(private readonly db: StoreDatabase) {}

  async recall<T>(organizationId: string, key: string): Promise<T | undefined> {
    const row = await this.db.get(
      sql<{ response: string }>`SELECT response FROM idempotency_keys WHERE organization_id = ${organizationId} AND key = ${key}`,
    );
    return row && (JSON.parse(row.response) as T);
  }

  /** Within the write that made the change, so the key and the change commit together. */
  async remember(organizationId: string, key: string, response: unknown, now: number): Promise<void> {
    await this.db.run(
      sql`INSERT INTO idempotency_keys (organization_id, key, response, created_at) VALUES (${organizationId}, ${key}, ${JSON.stringify(response)}, ${now})`,
    );
  }
}
