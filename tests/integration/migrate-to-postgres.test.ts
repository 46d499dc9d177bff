import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import BetterSqlite3, { type Database } from 'better-sqlite3';
import pg from 'pg';
import { openPostgresDatabase } from '../../src/backend/store/postgres/postgres-engine';
import { openStore } from '../../src/backend/store/store-database';
import { freshDatabase } from '../support/engine';

const ROOT = join(import.meta.dirname, '..', '..');
const NOW = Date.now();

/** The real command, as an operator runs it. */
function migrate(folder: string, databaseUrl: string): Promise<{ code: number; out: string; err: string }> {
  return new Promise((done) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'src/backend/cli/backend.ts', 'migrate-to-postgres', '--from', folder],
      { cwd: ROOT, env: { ...process.env, DATABASE_URL: databaseUrl } },
      (error, out, err) => done({ code: error ? Number(error.code ?? 1) : 0, out, err }),
    );
  });
}

/** Values the CHECK constraints allow, per row (1: nullable columns NULL, 2: every column set). */
const CHOSEN: Record<string, (n: number) => unknown> = {
  'channels.kind': (n) => (n === 1 ? 'whatsapp' : 'sms'),
  'inboxes.kind': (n) => (n === 1 ? 'dealership' : 'workshop'),
  'inboxes.reminder_hour': () => 17,
  'users.role': (n) => (n === 1 ? 'advisor' : 'manager'),
  'messages.role': () => 'agent',
  'messages.type': () => 'template',
  'messages.touchpoint': () => 'whatsapp',
  'messages.status': () => 'delivered',
  'messages.author_kind': () => 'user',
  'watemplates.category': () => 'UTILITY',
  'watemplates.status': () => 'APPROVED',
  'sends.state': () => 'sending',
  'appointments.column_id': () => 'in_service',
  'reminders.outcome': () => 'sent',
  'reminder_settings.mode': () => 'hours_before',
  'reminder_settings.hours_before': () => 24,
  'rejected_webhooks.channel': () => 'sms',
  'devices.role': () => 'wall',
  'integrations.system': () => 'keyloop',
  'audit.actor_kind': () => 'device',
  // A device's session has no user; a person's has one (and here a device too, which the schema allows).
  'sessions.token_kind': (n) => (n === 1 ? 'integration' : 'refresh'),
  'sessions.integration_id': (n) => (n === 1 ? 'integrations-a' : null),
  // Flags and counts: PostgreSQL keeps them as INTEGER (32 bits), not BIGINT like the times.
  'contacts.name_from_channel': (n) => n - 1,
  'conversations.waiting': (n) => n - 1,
  'messages.is_backchannel': (n) => n - 1,
  'messages.failure_code': (n) => (n === 1 ? null : 131047),
  'sends.attempts': (n) => n + 2,
  'appointments.cancelled': (n) => n - 1,
  'reminder_settings.enabled': (n) => n - 1,
};

/** Row n's key: 'B' sorts before 'a' byte by byte, after it in most locales. */
const idOf = (table: string, n: number) => `${table}-${n === 1 ? 'a' : 'B'}`;

/**
 * Two rows in every table of the store, whatever its tables are: row 1 with every nullable
 * column NULL, row 2 with every column set; texts in Unicode, integers like Date.now(), a BLOB
 * with every byte value, explicit rowids far from 1.
 */
function fill(db: Database): void {
  db.pragma('foreign_keys = OFF');
  const tables = db.prepare("SELECT name, wr FROM pragma_table_list WHERE schema = 'main' AND type = 'table' AND name NOT LIKE 'sqlite%'").all() as Array<{ name: string; wr: number }>;
  for (const { name: table, wr } of tables) {
    const columns = db.prepare('SELECT name, type, "notnull" AS required, pk FROM pragma_table_info(?)').all(table) as Array<{ name: string; type: string; required: number; pk: number }>;
    const references = new Map((db.prepare('SELECT "from", "table" FROM pragma_foreign_key_list(?)').all(table) as Array<{ from: string; table: string }>).map((f) => [f.from, f.table]));
    const hasIntegerKey = columns.some((c) => c.pk === 1 && c.type === 'INTEGER');
    for (const n of [1, 2]) {
      const row: Record<string, unknown> = {};
      for (const column of columns) {
        const chosen = CHOSEN[`${table}.${column.name}`];
        const nullable = column.required === 0 && column.pk === 0;
        if (chosen) row[column.name] = chosen(n);
        else if (nullable && n === 1) row[column.name] = null;
        else if (references.has(column.name)) row[column.name] = idOf(references.get(column.name)!, n);
        else if (column.name === 'id' && column.type === 'TEXT') row[column.name] = idOf(table, n);
        else if (column.type === 'INTEGER') row[column.name] = NOW + n;
        else if (column.type === 'REAL') row[column.name] = NOW + n + 0.25;
        else if (column.type === 'BLOB') row[column.name] = Buffer.from([0, 255, n, 0x80, 0x0a, 0x5c, 0x27]);
        else row[column.name] = `Ünïcødé 🚗 “${table}.${column.name}” ${n} — ñ 中文`;
      }
      const names = Object.keys(row);
      if (wr === 0 && !hasIntegerKey) names.push('rowid');
      const values = names.map((c) => (c === 'rowid' ? NOW * 10 + n : row[c]));
      db.prepare(`INSERT INTO "${table}" (${names.map((c) => `"${c}"`).join(', ')}) VALUES (${names.map(() => '?').join(', ')})`).run(...values);
    }
  }
  db.pragma('foreign_keys = ON');
  assert.deepEqual(db.prepare('PRAGMA foreign_key_check').all(), [], 'the fixture keeps every foreign key');
}

type Canonical = string;
/** One value as text, the same whichever driver read it: integers whole, BLOBs in hex. */
const canonical = (value: unknown): Canonical =>
  value === null ? 'null' : Buffer.isBuffer(value) ? `hex:${value.toString('hex')}` : `${typeof value === 'string' ? 's' : 'n'}:${String(value)}`;

/** A table's rows from SQLite, rowid included where PostgreSQL keeps it; sorted, order-free. */
function sqliteRows(db: Database, table: string, columns: string[]): Canonical[] {
  const rows = db.prepare(`SELECT ${columns.map((c) => `"${c}"`).join(', ')} FROM "${table}"`).safeIntegers(true).raw(true).all() as unknown[][];
  return rows.map((row) => JSON.stringify(row.map(canonical))).sort();
}

async function postgresRows(client: pg.Client, table: string, columns: string[]): Promise<Canonical[]> {
  const result = await client.query({ text: `SELECT ${columns.map((c) => `"${c}"`).join(', ')} FROM "${table}"`, rowMode: 'array' });
  // pg gives BIGINTs as strings and INTEGER / DOUBLE PRECISION as numbers: both canonical as digits.
  const numeric = new Set(result.fields.filter((f) => [20, 21, 23, 700, 701, 1700].includes(f.dataTypeID)).map((f) => f.name));
  return (result.rows as unknown[][])
    .map((row) => JSON.stringify(row.map((v, i) => (v !== null && numeric.has(result.fields[i]!.name) ? `n:${String(Number(v))}` : canonical(v)))))
    .sort();
}

describe('backend migrate-to-postgres: a SQLite store moved into PostgreSQL', () => {
  const folder = mkdtempSync(join(tmpdir(), 'aftersales-move-'));
  const file = join(folder, 'backend.sqlite');
  let databaseUrl: string;
  let client: pg.Client;
  let first: { code: number; out: string; err: string };

  before(async () => {
    const store = openStore(file);
    fill(store);
    store.close();
    writeFileSync(join(folder, 'secret.key'), `${Buffer.alloc(32, 7).toString('base64')}\n`, { mode: 0o600 });
    databaseUrl = await freshDatabase('move');
    client = new pg.Client({ connectionString: databaseUrl });
    first = await migrate(folder, databaseUrl);
    await client.connect();
  });
  after(async () => {
    await client.end();
  });

  it('copies every table, says so per table, and says what to do next without printing a key', async () => {
    assert.equal(first.code, 0, first.err);
    const source = new BetterSqlite3(file, { readonly: true });
    const tables = (source.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite%'").pluck().all() as string[]).sort();
    assert.ok(tables.length >= 27, 'the fixture covers the whole store');
    for (const table of tables) {
      assert.match(first.out, new RegExp(`^${table}: 2 rows copied, all the same$`, 'm'));
    }
    assert.match(first.out, /SQLite backend must be stopped first/);
    assert.match(first.out, /secret\.key.*mode 0600/s);
    assert.match(first.out, /AFTERSALES_JWT_SECRET/);
    assert.match(first.out, /DATABASE_URL/);
    assert.ok(!first.out.includes(readFileSync(join(folder, 'secret.key'), 'utf8').trim()), 'the key itself is never printed');
    assert.ok(!first.out.includes('webhooks.secret'), 'no stored secret is printed');
    source.close();
  });

  it('keeps every row of every table the same, rowids and ids included', async () => {
    const source = new BetterSqlite3(file, { readonly: true });
    const tables = source.prepare("SELECT name, wr FROM pragma_table_list WHERE schema = 'main' AND type = 'table' AND name NOT LIKE 'sqlite%'").all() as Array<{ name: string; wr: number }>;
    for (const { name: table } of tables) {
      const pgColumns = (await client.query<{ column_name: string }>('SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1 ORDER BY ordinal_position', [table])).rows.map((r) => r.column_name);
      const sqliteColumns = (source.prepare('SELECT name FROM pragma_table_info(?)').pluck().all(table) as string[]).concat(pgColumns.includes('rowid') ? ['rowid'] : []);
      assert.deepEqual([...sqliteColumns].sort(), [...pgColumns].sort(), `${table}: the same columns`);
      const ours = sqliteRows(source, table, sqliteColumns);
      assert.equal(ours.length, 2, `${table} was filled`);
      assert.deepEqual(await postgresRows(client, table, sqliteColumns), ours, `${table}: the same rows`);
    }
    const blob = await client.query<{ secrets: Buffer }>('SELECT secrets FROM channels ORDER BY rowid');
    assert.deepEqual(blob.rows[0]!.secrets, Buffer.from([0, 255, 1, 0x80, 0x0a, 0x5c, 0x27]));
    const text = await client.query<{ text: string; failure_code: number | null }>("SELECT text, failure_code FROM messages ORDER BY id COLLATE \"C\"");
    assert.equal(text.rows[1]!.text, 'Ünïcødé 🚗 “messages.text” 1 — ñ 中文');
    assert.equal(text.rows[1]!.failure_code, null);
    source.close();
  });

  it('lets the identities continue after the copied ids', async () => {
    const identities = (await client.query<{ table_name: string; column_name: string }>("SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = current_schema() AND is_identity = 'YES'")).rows;
    assert.deepEqual(identities.map((i) => `${i.table_name}.${i.column_name}`).sort(), [
      'audit.id',
      'channels.rowid',
      'contacts.rowid',
      'messages.rowid',
      'rejected_webhooks.id',
      'sends.rowid',
      'sessions.rowid',
      'users.rowid',
    ]);
    const audit = await client.query<{ id: string }>("INSERT INTO audit (organization_id, at, action, detail) VALUES ('organizations-a', 1, 'test', '') RETURNING id");
    assert.equal(Number(audit.rows[0]!.id), NOW + 3);
    const contact = await client.query<{ rowid: string }>("INSERT INTO contacts (id, organization_id, created_at) VALUES ('new-contact', 'organizations-a', 1) RETURNING rowid");
    assert.equal(Number(contact.rows[0]!.rowid), NOW * 10 + 3);
    for (const { table_name: table, column_name: column } of identities) {
      const next = await client.query<{ next: string; copied: string }>(`SELECT nextval(pg_get_serial_sequence('"${table}"', '${column}')) AS next, (SELECT max("${column}") FROM "${table}") AS copied`);
      assert.ok(Number(next.rows[0]!.next) > Number(next.rows[0]!.copied), `${table}.${column} continues after the copied ids`);
    }
  });

  it('refuses a second move into the database that now holds data, and leaves it as it was', async () => {
    const before = (await client.query<{ n: string }>('SELECT count(*) AS n FROM messages')).rows[0]!.n;
    const again = await migrate(folder, databaseUrl);
    assert.notEqual(again.code, 0);
    assert.match(again.err, /PostgreSQL already holds data \(2 organisation\(s\); rows in .*organizations/);
    assert.match(again.err, /empty database/);
    assert.equal((await client.query<{ n: string }>('SELECT count(*) AS n FROM messages')).rows[0]!.n, before);
  });

  it('refuses a column only SQLite has, and commits nothing', async () => {
    const other = mkdtempSync(join(tmpdir(), 'aftersales-move-'));
    copyFileSync(file, join(other, 'backend.sqlite'));
    const db = new BetterSqlite3(join(other, 'backend.sqlite'));
    db.exec('ALTER TABLE contacts ADD COLUMN nickname TEXT');
    db.close();
    const target = await freshDatabase('move');
    const refused = await migrate(other, target);
    assert.notEqual(refused.code, 0);
    assert.match(refused.err, /column contacts\.nickname is in SQLite but not in PostgreSQL/);
    assert.match(refused.err, /drops no column/);
    const check = new pg.Client({ connectionString: target });
    await check.connect();
    try {
      assert.equal((await check.query<{ n: string }>('SELECT count(*) AS n FROM organizations')).rows[0]!.n, '0');
    } finally {
      await check.end();
    }
  });

  it('rolls back and names the row when what PostgreSQL kept differs from SQLite', async (t) => {
    const target = await freshDatabase('move');
    // The target's schema made as the backend makes it, then a trigger that changes one value as it is copied.
    await (await openPostgresDatabase(target)).close();
    const check = new pg.Client({ connectionString: target });
    await check.connect();
    t.after(() => check.end());
    await check.query(`CREATE FUNCTION garble() RETURNS trigger AS $$ BEGIN IF NEW.id = 'messages-B' THEN NEW.text := NEW.text || '!'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql`);
    await check.query('CREATE TRIGGER garble BEFORE INSERT ON messages FOR EACH ROW EXECUTE FUNCTION garble()');
    const refused = await migrate(folder, target);
    assert.notEqual(refused.code, 0);
    assert.match(refused.err, /messages row id="messages-B" differs in text between SQLite and PostgreSQL; nothing was committed/);
    assert.equal((await check.query<{ n: string }>('SELECT count(*) AS n FROM organizations')).rows[0]!.n, '0');
  });

  it('refuses a folder without a store, and a store from a newer version, in words', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'aftersales-move-'));
    const none = await migrate(empty, databaseUrl);
    assert.notEqual(none.code, 0);
    assert.match(none.err, /holds no backend store \(backend\.sqlite is not there\)/);

    const future = mkdtempSync(join(tmpdir(), 'aftersales-move-'));
    copyFileSync(file, join(future, 'backend.sqlite'));
    const db = new BetterSqlite3(join(future, 'backend.sqlite'));
    db.pragma('user_version = 999');
    db.close();
    const refused = await migrate(future, await freshDatabase('move'));
    assert.notEqual(refused.code, 0);
    assert.match(refused.err, /written by a newer version of Aftersales Board \(schema 999/);

    const noUrl = await migrate(folder, '');
    assert.notEqual(noUrl.code, 0);
    assert.match(noUrl.err, /DATABASE_URL must start with postgres:\/\//);
  });
});
