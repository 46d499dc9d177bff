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

/** The database a backend of this run should use: a fresh PostgreSQL one, or none (its SQLite file). */
export async function testDatabaseUrl(): Promise<string | undefined> {
  return TEST_ENGINE === 'postgres' ? freshDatabase() : undefined;
}
