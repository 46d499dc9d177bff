import { resolve } from 'node:path';
import { Kysely, SqliteDialect, sql } from 'kysely';
import { MIGRATIONS } from '../migrations';
import { openStore } from '../store-database';
import { dialectOf } from './dialect';
import { StoreDatabase } from './store-database';

/**
 * The connections open in this process, one per file. A second store opened on a file (a
 * command beside a running backend, a test's second "process") shares the connection, so
 * its transactions queue behind the first's: two connections in one process would deadlock,
 * since SQLite's wait for a lock blocks the one thread the holder needs to finish.
 */
const open = new Map<string, { kysely: Kysely<unknown>; users: number }>();

/**
 * The embedded engine: one SQLite file, opened and migrated as before (WAL, 0600, migrations
 * in one transaction, a file from the future refused). Kysely serialises its one connection:
 * a transaction holds it, and other queries wait for it.
 */
export function openSqliteDatabase(file: string): StoreDatabase {
  const key = file === ':memory:' ? null : resolve(file);
  let shared = key ? open.get(key) : undefined;
  if (!shared) {
    shared = { kysely: new Kysely<unknown>({ dialect: new SqliteDialect({ database: openStore(file) }) }), users: 0 };
    if (key) open.set(key, shared);
  }
  shared.users += 1;
  const connection = shared;
  const close = async () => {
    connection.users -= 1;
    if (connection.users > 0) return;
    if (key) open.delete(key);
    await connection.kysely.destroy();
  };
  const db: StoreDatabase = new StoreDatabase('sqlite', connection.kysely, dialectOf('sqlite'), close, async () => {
    const row = await db.get(sql<{ user_version: number }>`PRAGMA user_version`);
    return { applied: row?.user_version ?? 0, known: MIGRATIONS.length };
  });
  return db;
}
