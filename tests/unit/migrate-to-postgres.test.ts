import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  compareKeys,
  describeRow,
  differingColumns,
  fromSqlite,
  MigrationRefusal,
  parentsFirst,
  planCopy,
  rowsPerInsert,
  type PostgresTable,
  type SqliteTable,
} from '../../src/backend/store/migrate-to-postgres';

const text = (name: string) => ({ name, dataType: 'text', identity: false });
const big = (name: string, identity = false) => ({ name, dataType: 'bigint', identity });

describe('migrate-to-postgres: the pure rules of the move', () => {
  it('orders tables parents first, ties alphabetically, and refuses a cycle', () => {
    assert.deepEqual(
      parentsFirst([
        { name: 'messages', parents: ['conversations', 'organizations', 'channels'] },
        { name: 'conversations', parents: ['organizations'] },
        { name: 'channels', parents: ['organizations'] },
        { name: 'organizations', parents: [] },
        { name: 'inboxes', parents: ['channels', 'organizations'] },
      ]),
      ['organizations', 'channels', 'conversations', 'inboxes', 'messages'],
    );
    assert.throws(() => parentsFirst([{ name: 'a', parents: ['b'] }, { name: 'b', parents: ['a'] }]), /a, b reference each other in a cycle/);
    assert.throws(() => parentsFirst([{ name: 'a', parents: ['a'] }]), MigrationRefusal);
  });

  it("keeps SQLite's implicit rowid where PostgreSQL has a rowid identity, and moves that identity on", () => {
    const sqlite: SqliteTable[] = [
      { name: 'contacts', columns: ['id', 'name'], primaryKey: ['id'], hasRowid: true, parents: [] },
      { name: 'events', columns: ['organization_id', 'seq'], primaryKey: ['organization_id', 'seq'], hasRowid: false, parents: [] },
      { name: 'audit', columns: ['id', 'at'], primaryKey: ['id'], hasRowid: true, parents: [] },
    ];
    const postgres: PostgresTable[] = [
      { name: 'contacts', columns: [text('id'), text('name'), big('rowid', true)] },
      { name: 'events', columns: [text('organization_id'), big('seq')] },
      { name: 'audit', columns: [big('id', true), big('at')] },
      { name: 'schema_migrations', columns: [big('version')] },
    ];
    assert.deepEqual(planCopy(sqlite, postgres), [
      { table: 'audit', columns: ['id', 'at'], key: ['id'], textKey: [], identities: ['id'] },
      { table: 'contacts', columns: ['id', 'name', 'rowid'], key: ['id'], textKey: ['id'], identities: ['rowid'] },
      { table: 'events', columns: ['organization_id', 'seq'], key: ['organization_id', 'seq'], textKey: ['organization_id'], identities: [] },
    ]);
  });

  it('names every table and column the schemas do not share, on either side', () => {
    const sqlite: SqliteTable[] = [
      { name: 'contacts', columns: ['id', 'nickname'], primaryKey: ['id'], hasRowid: true, parents: [] },
      { name: 'only_here', columns: ['id'], primaryKey: ['id'], hasRowid: true, parents: [] },
    ];
    const postgres: PostgresTable[] = [
      { name: 'contacts', columns: [text('id'), text('phone')] },
      { name: 'only_there', columns: [text('id')] },
    ];
    assert.throws(
      () => planCopy(sqlite, postgres),
      (error: Error) =>
        error instanceof MigrationRefusal &&
        error.message.includes('column contacts.nickname is in SQLite but not in PostgreSQL') &&
        error.message.includes('column contacts.phone is in PostgreSQL but not in SQLite') &&
        error.message.includes('table only_here is in SQLite but not in PostgreSQL') &&
        error.message.includes('table only_there is in PostgreSQL but not in SQLite'),
    );
  });

  it('passes integers on as numbers, and refuses what PostgreSQL or the backend would change', () => {
    const where = () => 'messages.created_at (row 3)';
    assert.equal(fromSqlite(1_767_225_600_000n, where), 1_767_225_600_000);
    assert.equal(fromSqlite(null, where), null);
    assert.equal(fromSqlite(0.25, where), 0.25);
    assert.deepEqual(fromSqlite(Buffer.from([0, 255]), where), Buffer.from([0, 255]));
    assert.throws(() => fromSqlite(2n ** 60n, where), /messages\.created_at \(row 3\) holds the integer 1152921504606846976, beyond/);
    assert.throws(() => fromSqlite('a\u0000b', where), /NUL character/);
  });

  it('orders keys byte by byte as SQLite and PostgreSQL\'s "C" do, and compares values exactly', () => {
    assert.ok(compareKeys(['B'], ['a']) < 0, 'upper case before lower case');
    assert.ok(compareKeys(['z'], ['é']) < 0, 'ASCII before accented letters');
    assert.ok(compareKeys(['org', 9], ['org', 10]) < 0, 'numbers by value, not as text');
    assert.equal(compareKeys(['org', 10], ['org', 10]), 0);
    assert.deepEqual(differingColumns(['a', 'b', 'c'], [1, Buffer.from([1]), 'x'], [1, Buffer.from([2]), 'x']), ['b']);
    assert.deepEqual(differingColumns(['a'], [null], ['']), ['a']);
    const plan = { table: 'webhooks', columns: ['organization_id', 'secret'], key: ['organization_id'], textKey: ['organization_id'], identities: [] };
    assert.equal(describeRow(plan, ['org-1', 'do-not-show']), 'webhooks row organization_id="org-1"');
  });

  it('keeps an INSERT under PostgreSQL\'s 65,535 parameters', () => {
    assert.equal(rowsPerInsert(25), 1000);
    assert.equal(rowsPerInsert(200), 325);
    assert.ok(rowsPerInsert(200) * 200 <= 65_535);
  });
});
