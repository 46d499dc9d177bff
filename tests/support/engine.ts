import { randomUUID } from 'node:crypto';
import pg from 'pg';

/**
 * Which engine the backends of this test run use: AFTERSALES_TEST_ENGINE=postgres runs the
 * backend's suite on PostgreSQL (`npm test` runs it once on each engine), each backend on a
 * database of its own in the cluster at AFTERSALES_TEST_POSTGRES_URL.
 */
export const TEST_ENGINE: 'sqlite' | 'postgres' = process.env.AFTERSALES_TEST_ENGINE === 'postgres' ? 'postgres' : 'sqlite';

/** The cluster the tests may make databases in; a run that needs it and lacks it fails, in words. */
export function testCluster(): string {
  const url = process.env.AFTERSALES_TEST_POSTGRES_URL;
  if (!url) throw new Error('AFTERSALES_TEST_POSTGRES_URL is not set: run the tests with `npm test` (which starts a throw-away PostgreSQL) or set it.');
  return url;
}

/** A new, empty database in the test cluster; its URL. */
export async function freshDatabase(prefix = 'test'): Promise<string> {
  const cluster = new URL(testCluster());
  const name = `${prefix}_${randomUUID().replaceAll('-', '')}`;
  const admin = new pg.Client({ connectionString: cluster.toString() });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  cluster.pathname = `/${name}`;
  return cluster.toString();
}

const databases = new Map<string, Promise<string>>();

/**
 * Where the store named by a SQLite file path lives in this run: that file, or (on
 * PostgreSQL) a database made for that path the first time it is named, so a test that
 * reopens "the same file" (a restart, a seed before the start) reopens the same database.
 */
export async function storeLocation(dataFile: string): Promise<{ dataFile: string; databaseUrl?: string }> {
  if (TEST_ENGINE === 'sqlite') return { dataFile };
  let database = databases.get(dataFile);
  if (!database) databases.set(dataFile, (database = freshDatabase()));
  return { dataFile, databaseUrl: await database };
}
