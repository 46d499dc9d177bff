import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { DatabaseFromTheFutureError } from '../../../sqlite/database';
import { dialectOf } from '../sql/dialect';
import { StoreDatabase } from '../sql/store-database';
import { POSTGRES_MIGRATIONS } from './migrations';

const INT8 = 20;
const NUMERIC = 1700;

/**
 * Rows read the same from both engines: counts, sums and BIGINT columns (times in ms, seq)
 * are numbers, as SQLite gives them, rather than the strings `pg` makes of 64-bit values
 * (every one the store keeps is far below 2^53).
 */
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8 || oid === NUMERIC ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

export interface PostgresOptions {
  /** Connections this process keeps open at most (each backend process has its own pool). */
  poolSize?: number;
  /** Name shown in pg_stat_activity, to tell the processes apart. */
  applicationName?: string;
}

/** The pool settings both the store and the event listener use. */
export function postgresConfig(url: string, options: PostgresOptions = {}): pg.PoolConfig {
  return { connectionString: url, types, max: options.poolSize ?? 10, application_name: options.applicationName ?? 'aftersales-backend' };
}

/** Opens PostgreSQL at `url` (DATABASE_URL) and brings its schema up to date. */
export async function openPostgresDatabase(url: string, options: PostgresOptions = {}): Promise<StoreDatabase> {
  const pool = new pg.Pool(postgresConfig(url, options));
  // An idle connection the server dropped (a restart, a failover) is replaced at the next query.
  pool.on('error', () => undefined);
  const kysely = new Kysely<unknown>({ dialect: new PostgresDialect({ pool }) });
  const db: StoreDatabase = new StoreDatabase('postgres', kysely, dialectOf('postgres'), () => kysely.destroy(), () => postgresSchemaState(db));
  try {
    await migratePostgres(db);
    return db;
  } catch (error) {
    await db.close();
    throw error;
  }
}

/**
 * Applies the steps not yet recorded in schema_migrations, all in one transaction, under an
 * advisory lock so that processes starting together migrate once. A database that records a
 * step this version does not know is refused untouched.
 */
export async function migratePostgres(db: StoreDatabase): Promise<void> {
  await db.transaction(async () => {
    await db.run(sql`SELECT pg_advisory_xact_lock(hashtext('aftersales schema'))`);
    await db.run(sql`CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)`);
    const row = await db.get(sql<{ version: number | null }>`SELECT max(version) AS version FROM schema_migrations`);
    const current = row?.version ?? 0;
    const known = POSTGRES_MIGRATIONS.length;
    if (current > known) throw new DatabaseFromTheFutureError(current, known);
    for (const step of POSTGRES_MIGRATIONS.slice(current)) {
      await db.run(sql.raw(step.sql));
      await db.run(sql`INSERT INTO schema_migrations (version, name, applied_at) VALUES (${step.version}, ${step.name}, ${Date.now()})`);
    }
  });
}

/** The schema steps applied and known: the readiness check compares them. */
export async function postgresSchemaState(db: StoreDatabase): Promise<{ applied: number; known: number }> {
  const row = await db.get(sql<{ version: number | null }>`SELECT max(version) AS version FROM schema_migrations`);
  return { applied: row?.version ?? 0, known: POSTGRES_MIGRATIONS.length };
}
