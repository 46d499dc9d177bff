import type { Database } from 'better-sqlite3';
import type { z } from 'zod';

/** Per-user preferences, each stored as JSON and read back through its schema. */
export class PreferencesRepo {
  constructor(private readonly db: Database) {}

  get<T>(userId: string, key: string, schema: z.ZodType<T>): T | undefined {
    const row = this.db
      .prepare<[string, string], { value: string }>('SELECT value FROM preferences WHERE user_id = ? AND key = ?')
      .get(userId, key);
    if (!row) return undefined;
    const parsed = schema.safeParse(JSON.parse(row.value));
    return parsed.success ? parsed.data : undefined;
  }

  set(userId: string, key: string, value: unknown): void {
    this.db
      .prepare(
        `INSERT INTO preferences (user_id, key, value) VALUES (?, ?, ?)
         ON CONFLICT (user_id, key) DO UPDATE SET value = excluded.value`,
      )
      .run(userId, key, JSON.stringify(value));
  }
}
