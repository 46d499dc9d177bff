import { Kysely, SqliteDialect } from 'kysely';
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
  return new StoreDatabase('sqlite', kysely, dialectOf('sqlite'), () => kysely.destroy());
}
