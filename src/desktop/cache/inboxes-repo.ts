import type { Database } from 'better-sqlite3';
import type { Inbox } from '../../api/appointment';

export class InboxesRepo {
  constructor(private readonly db: Database) {}

  all(): Inbox[] {
    return this.db.prepare<[], Inbox>('SELECT id, name, kind FROM inboxes ORDER BY name').all();
  }

  exists(id: string): boolean {
    return this.db.prepare('SELECT 1 FROM inboxes WHERE id = ?').get(id) !== undefined;
  }

  upsert(inbox: Inbox): void {
    this.db
      .prepare(
        `INSERT INTO inboxes (id, name, kind) VALUES (@id, @name, @kind)
         ON CONFLICT (id) DO UPDATE SET name = excluded.name, kind = excluded.kind`,
      )
      .run(inbox);
  }
}
