import type { Database } from 'better-sqlite3';
import type { z } from 'zod';

/** Small facts of the link to the backend, each a JSON value under a name. */
export class SyncStateRepo {
  constructor(private readonly db: Database) {}

  get<T extends z.ZodType>(key: string, schema: T): z.infer<T> | undefined {
    const raw = this.db.prepare<[string], string>('SELECT value FROM sync_state WHERE key = ?').pluck().get(key);
    if (raw === undefined) return undefined;
    const parsed = schema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : undefined;
  }

  set(key: string, value: unknown): void {
    this.db
      .prepare('INSERT INTO sync_state (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value')
      .run(key, JSON.stringify(value));
  }
}
