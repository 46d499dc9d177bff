import type { Database } from 'better-sqlite3';
import { SourceStatusSchema, type SourceStatus } from '../../api/v2/source-status';

export interface SharedSourceStatus {
  key: string;
  status: SourceStatus;
  updatedAt: number;
}

/** The status of each source as the desktop that pulls it last told the organisation. */
export class SharedSourceStatusRepo {
  constructor(private readonly db: Database) {}

  /** null: the source was removed where it was set up. */
  set(key: string, status: SourceStatus | null, at: number): void {
    if (!status) {
      this.db.prepare('DELETE FROM shared_source_status WHERE key = ?').run(key);
      return;
    }
    this.db
      .prepare(
        `INSERT INTO shared_source_status (key, status, updated_at) VALUES (?, ?, ?)
         ON CONFLICT (key) DO UPDATE SET status = excluded.status, updated_at = excluded.updated_at`,
      )
      .run(key, JSON.stringify(status), at);
  }

  list(): SharedSourceStatus[] {
    return this.db
      .prepare<[], { key: string; status: string; updated_at: number }>('SELECT key, status, updated_at FROM shared_source_status ORDER BY key')
      .all()
      .map((r) => ({ key: r.key, status: SourceStatusSchema.parse(JSON.parse(r.status)), updatedAt: r.updated_at }));
  }
}
