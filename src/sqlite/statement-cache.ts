import type { Database, Statement } from 'better-sqlite3';

/**
 * better-sqlite3 compiles a statement at every prepare(). The repositories prepare a statement
 * where they use it, which keeps each query beside its code; this makes that cheap: the
 * connection's prepare() answers the statement it compiled before for the same SQL. A cached
 * statement is handed out with its result mode reset (pluck, raw, expand), since callers set
 * those on what they get; one still busy in an iterate() is not shared.
 */
export function cacheStatements(db: Database): void {
  const compile = db.prepare.bind(db);
  const cache = new Map<string, Statement>();
  const prepare = (sql: string): Statement => {
    const known = cache.get(sql);
    if (known && !known.busy) return known.reader ? known.pluck(false).raw(false).expand(false) : known;
    const fresh = compile(sql);
    if (!known) cache.set(sql, fresh);
    return fresh;
  };
  db.prepare = prepare as Database['prepare'];
}
