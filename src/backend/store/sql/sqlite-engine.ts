import { Kysely, SqliteDialect, sql } from 'kysely';
import { MIGRATIONS } from '../migrations';
import { openStore } from '../store-database';
import { dialectOf } from './dialect';
import { StoreDatabase } from './store-database';

/**
 * The embedded engine: one SQLite file, opened and migrated as before (WAL, 0600, migrations
 * in one transaction, a file from the future refused). Kysely serialises its one connection:
 * a transaction holds it, and other queries wait for it.
 */
export function openSqliteDatabase(file: string): StoreDatabase {
  const raw = openStore(file);
  const kysely = new Kysely<unknown>({ dialect: new SqliteDialect({ database: raw }) });
  const db: StoreDatabase = new StoreDatabase('sqlite', kysely, dialectOf('sqlite'), () => kysely.destroy(), async () => {
    const row = await db.get(sql<{ user_version: number }>`PRAGMA user_version`);
    return { applied: row?.user_version ?? 0, known: MIGRATIONS.length };
  });
  return db;
}
