import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import pg from 'pg';
import { openPostgresDatabase } from '../../src/backend/store/postgres/postgres-engine';
import { POSTGRES_MIGRATIONS } from '../../src/backend/store/postgres/migrations';
import { openStore } from '../../src/backend/store/store-database';
import { tempDataFile } from '../support/desktop';
import { freshDatabase } from '../support/engine';

async function query<T extends pg.QueryResultRow>(url: string, text: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(text)).rows;
  } finally {
    await client.end();
  }
}

describe('the store’s schema on PostgreSQL', () => {
  it('has every table and column the SQLite store has, so one set of repositories serves both', async () => {
    const url = await freshDatabase('schema');
    await (await openPostgresDatabase(url)).close();
    const sqlite = openStore(tempDataFile());
    const expected = new Map<string, string[]>();
    for (const { name } of sqlite.prepare<[], { name: string }>("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").all()) {
      expected.set(name, sqlite.prepare<[], { name: string }>(`SELECT name FROM pragma_table_info('${name}')`).all().map((c) => c.name).sort());
    }
    sqlite.close();
    const columns = await query<{ table_name: string; column_name: string }>(
      url,
      "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'public' AND table_name <> 'schema_migrations'",
    );
    const actual = new Map<string, string[]>();
    // PostgreSQL's `rowid` is the column SQLite has without naming it.
    for (const c of columns.filter((c) => c.column_name !== 'rowid')) actual.set(c.table_name, [...(actual.get(c.table_name) ?? []), c.column_name]);
    for (const list of actual.values()) list.sort();
    assert.deepEqual(Object.fromEntries([...actual].sort()), Object.fromEntries([...expected].sort()));
  });

  it('records its steps once, however many processes start together', async () => {
    const url = await freshDatabase('schema');
    const opened = await Promise.all(Array.from({ length: 5 }, () => openPostgresDatabase(url, { poolSize: 2 })));
    await Promise.all(opened.map((db) => db.close()));
    const steps = await query<{ version: number; name: string }>(url, 'SELECT version, name FROM schema_migrations ORDER BY version');
    assert.deepEqual(steps, POSTGRES_MIGRATIONS.map((m) => ({ version: m.version, name: m.name })));
  });

  it('refuses a database a newer version migrated, untouched', async () => {
    const url = await freshDatabase('schema');
    await (await openPostgresDatabase(url)).close();
    await query(url, `INSERT INTO schema_migrations (version, name, applied_at) VALUES (${POSTGRES_MIGRATIONS.length + 1}, 'from the future', 0)`);
    await assert.rejects(openPostgresDatabase(url), /written by a newer version of Aftersales Board \(schema 2; this version knows up to 1\)/);
    const steps = await query<{ version: number }>(url, 'SELECT version FROM schema_migrations ORDER BY version');
    assert.deepEqual(steps.map((s) => s.version), [1, 2]);
  });

  it('applies a step in one transaction: one that fails leaves nothing of itself', async () => {
    const url = await freshDatabase('schema');
    // A table in the way of the baseline's: its step fails part-way, and nothing it made before stays.
    await query(url, 'CREATE TABLE sends (blocker INTEGER)');
    await assert.rejects(openPostgresDatabase(url), /relation "sends" already exists/);
    const tables = await query<{ table_name: string }>(url, "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name");
    assert.deepEqual(tables.map((t) => t.table_name), ['sends']);
  });
});
