import type { Database } from 'better-sqlite3';
import type { Colleague } from '../../api/people';

/**
 * The organisation's people, as the backend names them (GET /v2/users when the desktop joins,
 * then user.upsert and user.remove events): the card's advisor picker, and the names of advisors
 * on cards and in their history. A removed person stays known by name, off the picker.
 */
export class ColleaguesRepo {
  constructor(private readonly db: Database) {}

  upsert(c: Colleague): void {
    this.db
      .prepare(
        `INSERT INTO colleagues (id, name, role, removed) VALUES (@id, @name, @role, 0)
         ON CONFLICT (id) DO UPDATE SET name = excluded.name, role = excluded.role, removed = 0`,
      )
      .run(c);
  }

  remove(id: string): void {
    this.db.prepare('UPDATE colleagues SET removed = 1 WHERE id = ?').run(id);
  }

  /**
   * The whole list the backend answered (GET /v2/users, every page): whoever it no longer names
   * was removed meanwhile. Returns the cards whose advisor is named anew or otherwise here, for
   * the windows to show again (until then they showed the planning system's owner text).
   */
  replaceAll(list: Colleague[]): string[] {
    return this.db.transaction(() => {
      const renamed = list.filter((c) => this.nameOf(c.id) !== c.name).map((c) => c.id);
      this.db.prepare('UPDATE colleagues SET removed = 1 WHERE id NOT IN (SELECT value FROM json_each(?))').run(JSON.stringify(list.map((c) => c.id)));
      for (const c of list) this.upsert(c);
      return this.db
        .prepare<[string], string>('SELECT id FROM appointments WHERE advisor IN (SELECT value FROM json_each(?))')
        .pluck()
        .all(JSON.stringify(renamed));
    })();
  }

  /** The people of the organisation now, by name. */
  active(): Colleague[] {
    return this.db
      .prepare<[], Colleague>('SELECT id, name, role FROM colleagues WHERE removed = 0 ORDER BY name COLLATE NOCASE, id')
      .all();
  }

  /** Someone the organisation has now (not removed); undefined: unknown here or removed. */
  activeOne(id: string): Colleague | undefined {
    return this.db.prepare<[string], Colleague>('SELECT id, name, role FROM colleagues WHERE id = ? AND removed = 0').get(id);
  }

  /** Whether the organisation removed this person (user.remove, or no longer in its list). */
  isRemoved(id: string): boolean {
    return this.db.prepare<[string], number>('SELECT removed FROM colleagues WHERE id = ?').pluck().get(id) === 1;
  }

  nameOf(id: string): string | undefined {
    return this.db.prepare<[string], string>('SELECT name FROM colleagues WHERE id = ?').pluck().get(id);
  }
}
