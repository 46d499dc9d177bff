import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import BetterSqlite3 from 'better-sqlite3';
import { openCache } from '../../src/desktop/cache/cache-database';
import { DatabaseFromTheFutureError, openDatabase, schemaVersion } from '../../src/sqlite/database';
import { MIGRATIONS } from '../../src/desktop/cache/migrations';
import { tempDataFile } from '../support/desktop';

/** One file import, 'r', as every cache version since 0001 stores it. */
function insertImportRun(db: ReturnType<typeof openDatabase>): void {
  db.prepare(
    `INSERT INTO import_runs (id, source, file_name, file_sha256, imported_at, total_rows, created, updated, unchanged, ignored_columns)
     VALUES ('r', 'csv', 'afspraken.csv', 'abc', 1, 2, 1, 0, 0, '[]')`,
  ).run();
}

describe('desktop cache migrations', () => {
  it('creates the schema on a new file, in WAL mode, and records the version', () => {
    const file = tempDataFile();
    const db = openCache(file);
    assert.equal(schemaVersion(db), MIGRATIONS.length);
    assert.equal(db.pragma('journal_mode', { simple: true }), 'wal');
    const tables = db.prepare("SELECT name, sql FROM sqlite_schema WHERE type = 'table'").all() as { name: string; sql: string }[];
    for (const t of tables) assert.match(t.sql, /STRICT$/, `${t.name} is STRICT`);
    db.close();
  });

  it('0001 keeps existing data on reopen and refuses values of the wrong type (STRICT)', () => {
    const file = tempDataFile();
    const db = openCache(file);
    db.prepare("INSERT INTO inboxes (id, name, kind) VALUES ('a', 'A', 'workshop')").run();
    assert.throws(
      () => db.prepare("INSERT INTO contacts (id, name, created_at) VALUES ('c', 'x', 'not a number')").run(),
      /cannot store TEXT value in INTEGER column/,
    );
    assert.throws(() => db.prepare("INSERT INTO inboxes (id, name, kind) VALUES ('b', 'B', 'garage')").run(), /CHECK/);
    db.close();
    const reopened = openCache(file);
    assert.deepEqual(reopened.prepare('SELECT id, name, kind FROM inboxes').all(), [{ id: 'a', name: 'A', kind: 'workshop' }]);
    reopened.close();
  });

  it('runs a later migration over existing rows, all in one transaction', () => {
    const file = tempDataFile();
    openCache(file).close();
    const seeded = new BetterSqlite3(file);
    seeded.prepare("INSERT INTO inboxes (id, name, kind) VALUES ('a', 'amsterdam', 'dealership')").run();
    seeded.close();
    const capitalise = (db: BetterSqlite3.Database) => db.exec('UPDATE inboxes SET name = upper(name)');
    const db = openDatabase(file, [...MIGRATIONS, capitalise]);
    assert.equal(schemaVersion(db), MIGRATIONS.length + 1);
    assert.equal((db.prepare('SELECT name FROM inboxes').get() as { name: string }).name, 'AMSTERDAM');
    db.close();
  });

  it('leaves the file as it was when a migration fails', () => {
    const file = tempDataFile();
    openCache(file).close();
    const broken = (db: BetterSqlite3.Database) => {
      db.exec("INSERT INTO inboxes (id, name, kind) VALUES ('x', 'X', 'workshop')");
      throw new Error('migration bug');
    };
    assert.throws(() => openDatabase(file, [...MIGRATIONS, broken]), /migration bug/);
    const db = openCache(file);
    assert.equal(schemaVersion(db), MIGRATIONS.length);
    assert.equal(db.prepare('SELECT count(*) AS n FROM inboxes').pluck().get(), 0);
    db.close();
  });

  it('0002 keeps the contacts and appointments of a version-1 cache, marks them as not yet on the backend', () => {
    const file = tempDataFile();
    const v1 = openDatabase(file, MIGRATIONS.slice(0, 1));
    v1.prepare("INSERT INTO inboxes (id, name, kind) VALUES ('i', 'Werkplaats', 'workshop')").run();
    v1.prepare("INSERT INTO contacts (id, name, phone, created_at) VALUES ('c', 'Eva', '+31612345678', 1)").run();
    v1.prepare(
      `INSERT INTO appointments (id, source, branch, source_id, inbox_id, contact_id, local_date, local_time, zone, starts_at,
         position, created_at, updated_at) VALUES ('a', 'csv', '', '1', 'i', 'c', '2026-11-25', '09:00', 'Europe/Amsterdam', 1, 1, 1, 1)`,
    ).run();
    v1.close();
    const db = openCache(file);
    assert.deepEqual(db.prepare('SELECT id, remote FROM contacts').all(), [{ id: 'c', remote: 0 }]);
    assert.deepEqual(db.prepare('SELECT id, sync_error FROM appointments').all(), [{ id: 'a', sync_error: null }]);
    assert.equal(db.prepare('SELECT count(*) FROM outbox').pluck().get(), 0);
    db.close();
  });

  it('0003 keeps the import log of a version-2 cache: its runs read as CSV without a header, its quarantined rows open', () => {
    const file = tempDataFile();
    const v2 = openDatabase(file, MIGRATIONS.slice(0, 2));
    insertImportRun(v2);
    v2.prepare("INSERT INTO quarantined_rows (import_id, row_number, reason, raw) VALUES ('r', 3, 'date is empty', '1;;')").run();
    v2.close();
    // Read at version 3: 0008 turned the reason into problems (its own test below).
    const db = openDatabase(file, MIGRATIONS.slice(0, 3));
    assert.deepEqual(db.prepare('SELECT id, file_name, record_format, header FROM import_runs').all(), [
      { id: 'r', file_name: 'afspraken.csv', record_format: 'csv', header: null },
    ]);
    assert.deepEqual(db.prepare('SELECT row_number, reason, retried_in, record_key FROM quarantined_rows').all(), [
      { row_number: 3, reason: 'date is empty', retried_in: null, record_key: null },
    ]);
    assert.equal(db.prepare('SELECT count(*) FROM sources').pluck().get(), 0);
    db.close();
  });

  it('0004 names the field of the quarantined rows of a version-3 cache, read from their reasons', () => {
    const file = tempDataFile();
    const v3 = openDatabase(file, MIGRATIONS.slice(0, 3));
    insertImportRun(v3);
    const reasons = [
      'appointment id is empty',
      '"31-02" is not a date (expected dd-mm-yyyy or yyyy-mm-dd)',
      'time "25:00" does not exist',
      '"onbekend" is not a phone number',
      '"jan@" is not an e-mail address',
      '"misschien" is not a cancelled value (expected yes or no)',
      'appointment id A1 already appears in row 2',
      'the file is not valid JSON',
    ];
    const insert = v3.prepare("INSERT INTO quarantined_rows (import_id, row_number, reason, raw) VALUES ('r', ?, ?, '')");
    reasons.forEach((reason, i) => insert.run(i + 1, reason));
    v3.close();
    // Read at version 4: 0008 turned field and reason into problems (its own test below).
    const db = openDatabase(file, MIGRATIONS.slice(0, 4));
    assert.deepEqual(db.prepare('SELECT field FROM quarantined_rows ORDER BY row_number').pluck().all(), [
      'sourceId', 'date', 'time', 'phone', 'email', 'cancelled', 'sourceId', null,
    ]);
    db.close();
  });

  it('0010 lists the appointments of the outbox jobs that wait, so that the backend\'s older copy does not overwrite them', async () => {
    const { up: outboxAppointments } = await import('../../src/desktop/cache/migrations/0010-outbox-appointments');
    const before = MIGRATIONS.indexOf(outboxAppointments);
    const file = tempDataFile();
    const old = openDatabase(file, MIGRATIONS.slice(0, before));
    const job = old.prepare('INSERT INTO outbox (key, kind, appointment_id, payload, created_at) VALUES (?, ?, ?, ?, 0)');
    job.run('job-1', 'appointments', null, JSON.stringify({ appointmentIds: ['a1', 'a2'] }));
    job.run('job-2', 'board', 'a3', JSON.stringify({ appointmentId: 'a3', column: 'ready' }));
    old.close();
    const db = openDatabase(file, MIGRATIONS.slice(0, before + 1));
    assert.deepEqual(db.prepare('SELECT job_key, appointment_id FROM outbox_appointments ORDER BY appointment_id').all(), [
      { job_key: 'job-1', appointment_id: 'a1' },
      { job_key: 'job-1', appointment_id: 'a2' },
    ]);
    db.prepare("DELETE FROM outbox WHERE key = 'job-1'").run();
    assert.equal(db.prepare('SELECT count(*) FROM outbox_appointments').pluck().get(), 0, 'and forgets them with their job');
    db.close();
  });

  it('0008 turns the field and reason of quarantined rows into problems, marks earlier runs finished, and adds revised rows', async () => {
    const { up: importProblems } = await import('../../src/desktop/cache/migrations/0008-import-problems');
    const before = MIGRATIONS.indexOf(importProblems);
    assert.ok(before > 0);
    const file = tempDataFile();
    const old = openDatabase(file, MIGRATIONS.slice(0, before));
    insertImportRun(old);
    const insert = old.prepare("INSERT INTO quarantined_rows (import_id, row_number, field, reason, raw) VALUES ('r', ?, ?, ?, '')");
    insert.run(2, 'date', 'date "31-02-2026" does not exist');
    insert.run(3, null, 'row has 5 columns where the header has 13');
    insert.run(4, null, 'The file is not valid XML: bad tag');
    old.close();
    const db = openDatabase(file, MIGRATIONS.slice(0, before + 1));
    assert.deepEqual(db.prepare('SELECT finished_at FROM import_runs').pluck().all(), [1]);
    assert.deepEqual(
      db.prepare('SELECT problems FROM quarantined_rows ORDER BY row_number').pluck().all().map((p) => JSON.parse(p as string)),
      [
        [{ field: 'date', code: 'noSuchDate', params: { value: '31-02-2026' } }],
        [{ field: null, code: 'columnCount', params: { cells: 5, columns: 13 } }],
        [{ field: null, code: 'unreadable', params: { detail: 'The file is not valid XML: bad tag' } }],
      ],
    );
    const columns = db.prepare("SELECT name FROM pragma_table_info('quarantined_rows')").pluck().all();
    assert.ok(!columns.includes('reason') && !columns.includes('field'), 'one shape: the problems');
    assert.equal(db.prepare('SELECT count(*) FROM revised_rows').pluck().get(), 0);
    db.close();
  });

  it('0005 adds the shared source status beside a version-4 cache, keeping its sources', () => {
    const file = tempDataFile();
    const v4 = openDatabase(file, MIGRATIONS.slice(0, 4));
    v4.prepare("INSERT INTO sources (id, kind, name, config, created_at) VALUES ('s', 'planit', 'PlanIT', '{}', 1)").run();
    v4.close();
    const db = openCache(file);
    assert.deepEqual(db.prepare('SELECT id, name FROM sources').all(), [{ id: 's', name: 'PlanIT' }]);
    assert.equal(db.prepare('SELECT count(*) FROM shared_source_status').pluck().get(), 0);
    assert.throws(() => db.prepare("INSERT INTO shared_source_status (key, status, updated_at) VALUES ('k', '{}', 'soon')").run(), /cannot store TEXT value in INTEGER column/);
    db.close();
  });

  it('refuses a database written by a newer version and does not touch it', () => {
    const file = tempDataFile();
    openCache(file).close();
    const future = new BetterSqlite3(file);
    future.pragma('user_version = 99');
    future.close();
    const before = readFileSync(file);
    assert.throws(() => openCache(file), DatabaseFromTheFutureError);
    assert.throws(() => openCache(file), /newer version of Aftersales Board \(schema 99/);
    assert.deepEqual(readFileSync(file), before);
  });
});

describe('backend store migrations', () => {
  it('0005 gives the templates that exist no parameter hints, keeping them', async () => {
    const { MIGRATIONS: BACKEND } = await import('../../src/backend/store/migrations');
    const { openStore } = await import('../../src/backend/store/store-database');
    const file = tempDataFile();
    const before = openDatabase(file, BACKEND.slice(0, 4));
    before.prepare("INSERT INTO organizations (id, name, created_at) VALUES ('o1', 'Autobedrijf', 1)").run();
    before
      .prepare("INSERT INTO watemplates (id, organization_id, name, language, category, body, buttons) VALUES ('t', 'o1', 'klaar', 'nl', 'UTILITY', 'Hoi {{1}}', '[]')")
      .run();
    before.close();
    const db = openStore(file);
    assert.deepEqual(db.prepare('SELECT name, body, parameter_hints FROM watemplates').all(), [{ name: 'klaar', body: 'Hoi {{1}}', parameter_hints: '[]' }]);
    db.close();
  });

  it('0007 adds leases beside the organisations that exist', async () => {
    const { MIGRATIONS: BACKEND } = await import('../../src/backend/store/migrations');
    const { openSqliteDatabase } = await import('../../src/backend/store/sql/sqlite-engine');
    const { LeasesRepo } = await import('../../src/backend/store/leases-repo');
    const file = tempDataFile();
    const before = openDatabase(file, BACKEND.slice(0, 6));
    before.prepare("INSERT INTO organizations (id, name, created_at) VALUES ('o1', 'Autobedrijf', 1)").run();
    before.close();
    const db = openSqliteDatabase(file);
    const leases = new LeasesRepo(db);
    assert.equal((await leases.acquire('o1', 'source.x', 'desk-a', 1000, 0)).granted, true);
    assert.deepEqual(await leases.acquire('o1', 'source.x', 'desk-b', 1000, 500), { name: 'source.x', holder: 'desk-a', granted: false, expiresAt: 1000 });
    assert.equal((await leases.acquire('o1', 'source.x', 'desk-a', 1000, 900)).expiresAt, 1900, 'the holder renews');
    assert.equal((await leases.acquire('o1', 'source.x', 'desk-b', 1000, 1900)).granted, true, 'an expired lease goes to the next');
    await assert.rejects(leases.acquire('nobody', 'source.x', 'desk-a', 1000, 0), /FOREIGN KEY/);
    await db.close();
  });

  it('0003 adds reminder settings to organisations that already exist, keeping their data', async () => {
    const { MIGRATIONS: BACKEND } = await import('../../src/backend/store/migrations');
    const { openStore } = await import('../../src/backend/store/store-database');
    const file = tempDataFile();
    const before = openDatabase(file, BACKEND.slice(0, 2));
    before.prepare("INSERT INTO organizations (id, name, created_at) VALUES ('o1', 'Autobedrijf', 1)").run();
    before.close();
    const db = openStore(file);
    assert.equal(schemaVersion(db), BACKEND.length);
    assert.deepEqual(db.prepare('SELECT id, name, reminder_template, reminder_language FROM organizations').all(), [
      { id: 'o1', name: 'Autobedrijf', reminder_template: null, reminder_language: null },
    ]);
    const tables = db.prepare("SELECT name, sql FROM sqlite_schema WHERE type = 'table'").all() as { name: string; sql: string }[];
    for (const t of tables) assert.match(t.sql, /STRICT/, `${t.name} is STRICT`);
    db.close();
  });
});
