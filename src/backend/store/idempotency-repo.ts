import type { Database } from 'better-sqlite3';

/** Answers kept under the client's idempotency key, per organisation. */
export class IdempotencyRepo {
  constructor(private readonly db: Database) {}

  recall<T>(organizationId: string, key: string): T | undefined {
    const row = this.db
      .prepare<[string, string], { response: string }>('SELECT response FROM idempotency_keys WHERE organization_id = ? AND key = ?')
      .get(organizationId, key);
    return row && (JSON.parse(row.response) as T);
  }

  /** Within the write that made the change, so the key and the change commit together. */
  remember(organizationId: string, key: string, response: unknown, now: number): void {
    this.db
      .prepare('INSERT INTO idempotency_keys (organization_id, key, response, created_at) VALUES (?, ?, ?, ?)')
      .run(organizationId, key, JSON.stringify(response), now);
  }
}
