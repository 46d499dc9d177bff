import type { Database } from 'better-sqlite3';
import { sql } from 'kysely';
import type { StoreDatabase } from './sql/store-database';

/**
 * `backend migrate-to-postgres`: a dealership's SQLite store copied into an empty PostgreSQL
 * database, table by table, in one PostgreSQL transaction that commits only after every row
 * was read back and found the same. The pure parts (which tables, in which order, which
 * columns, how values compare) are exported functions; the copy itself is `moveToPostgres`.
 */

/** A refusal in words for the operator: nothing was committed to PostgreSQL. */
export class MigrationRefusal extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MigrationRefusal';
  }
}

/** A SQLite table as its PRAGMAs describe it. */
export interface SqliteTable {
  name: string;
  /** Declared columns in order (PRAGMA table_info), without the implicit rowid. */
  columns: string[];
  /** The primary key's columns in key order; empty when the table has none but its rowid. */
  primaryKey: string[];
  /** False for a WITHOUT ROWID table. */
  hasRowid: boolean;
  /** Tables its foreign keys reference (PRAGMA foreign_key_list). */
  parents: string[];
}

/** A PostgreSQL table as information_schema describes it. */
export interface PostgresTable {
  name: string;
  columns: Array<{ name: string; dataType: string; identity: boolean }>;
}

/** How one table is copied and compared: the same column names on both sides. */
export interface TablePlan {
  table: string;
  columns: string[];
  /** The columns rows are ordered and told apart by (the primary key, or rowid). */
  key: string[];
  /** Key columns that are text: PostgreSQL orders them byte by byte (COLLATE "C"), as SQLite does. */
  textKey: string[];
  /** Identity columns whose sequence must move past the copied values. */
  identities: string[];
}

/** PostgreSQL's own record of its schema steps, as SQLite's user_version is: not copied. */
const POSTGRES_ONLY = new Set(['schema_migrations']);
const TEXT_TYPES = new Set(['text', 'character varying', 'character']);

/**
 * The tables in an order where every table comes after the tables it references, so that
 * PostgreSQL's foreign keys hold after each insert. Ties keep alphabetical order, so a run is
 * repeatable. A cycle (a table referencing itself included) cannot be copied parents first,
 * so it is refused rather than tried.
 */
export function parentsFirst(tables: ReadonlyArray<Pick<SqliteTable, 'name' | 'parents'>>): string[] {
  const names = new Set(tables.map((t) => t.name));
  const waiting = new Map(tables.map((t) => [t.name, new Set(t.parents.filter((p) => names.has(p) || p === t.name))]));
  const order: string[] = [];
  while (waiting.size > 0) {
    const ready = [...waiting].filter(([, parents]) => parents.size === 0).map(([name]) => name).sort();
    if (ready.length === 0) {
      throw new MigrationRefusal(
        `The tables ${[...waiting.keys()].sort().join(', ')} reference each other in a cycle, so they cannot be copied parents first.`,
      );
    }
    for (const name of ready) {
      waiting.delete(name);
      order.push(name);
      for (const parents of waiting.values()) parents.delete(name);
    }
  }
  return order;
}

/**
 * What is copied, table by table, parents first; or a refusal naming every table and column
 * that the two schemas do not share. A column is never dropped: a value SQLite keeps that
 * PostgreSQL has no place for, or a PostgreSQL column the copy would leave empty, stops the move.
 * SQLite's implicit rowid is a column here when PostgreSQL keeps it (`rowid` identity).
 */
export function planCopy(sqlite: readonly SqliteTable[], postgres: readonly PostgresTable[]): TablePlan[] {
  const target = new Map(postgres.filter((t) => !POSTGRES_ONLY.has(t.name)).map((t) => [t.name, t]));
  const problems: string[] = [];
  for (const table of sqlite) if (!target.has(table.name)) problems.push(`table ${table.name} is in SQLite but not in PostgreSQL`);
  const source = new Set(sqlite.map((t) => t.name));
  for (const name of target.keys()) if (!source.has(name)) problems.push(`table ${name} is in PostgreSQL but not in SQLite`);

  const plans = new Map<string, TablePlan>();
  for (const table of sqlite) {
    const other = target.get(table.name);
    if (!other) continue;
    const pgColumns = new Map(other.columns.map((c) => [c.name, c]));
    const keepsRowid = table.hasRowid && !table.columns.includes('rowid') && pgColumns.has('rowid');
    const columns = keepsRowid ? [...table.columns, 'rowid'] : table.columns;
    for (const column of columns) if (!pgColumns.has(column)) problems.push(`column ${table.name}.${column} is in SQLite but not in PostgreSQL`);
    for (const column of pgColumns.keys()) if (!columns.includes(column)) problems.push(`column ${table.name}.${column} is in PostgreSQL but not in SQLite`);
    const key = table.primaryKey.length > 0 ? table.primaryKey : keepsRowid ? ['rowid'] : [];
    if (key.length === 0) problems.push(`table ${table.name} has no primary key (nor a rowid PostgreSQL keeps), so its rows cannot be compared one by one`);
    plans.set(table.name, {
      table: table.name,
      columns,
      key,
      textKey: key.filter((c) => TEXT_TYPES.has(pgColumns.get(c)?.dataType ?? '')),
      identities: other.columns.filter((c) => c.identity && columns.includes(c.name)).map((c) => c.name),
    });
  }
  if (problems.length > 0) {
    throw new MigrationRefusal(
      `The SQLite store and PostgreSQL's schema differ, so nothing was copied (the move drops no column):\n  - ${problems.join('\n  - ')}\n` +
        'Use the version of the backend that wrote the SQLite store, or one whose PostgreSQL schema matches it.',
    );
  }
  return parentsFirst(sqlite).map((name) => plans.get(name)!);
}

/** A value as both engines give it back: integers and reals are numbers, BLOB and bytea Buffers. */
export type Value = null | number | string | Buffer;

/**
 * A SQLite value (read with safeIntegers, so a 64-bit integer arrives whole) as PostgreSQL
 * gets it. An integer beyond 2^53 is refused: the PostgreSQL store reads BIGINTs as numbers,
 * which would change it silently.
 */
export function fromSqlite(value: unknown, where: () => string): Value {
  if (value === null || typeof value === 'number' || typeof value === 'string') {
    if (typeof value === 'string' && value.includes('\u0000')) {
      throw new MigrationRefusal(`${where()} holds a text with a NUL character, which PostgreSQL's text cannot keep.`);
    }
    return value;
  }
  if (typeof value === 'bigint') {
    if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < BigInt(Number.MIN_SAFE_INTEGER)) {
      throw new MigrationRefusal(`${where()} holds the integer ${value}, beyond what the backend reads exactly (±2^53).`);
    }
    return Number(value);
  }
  if (Buffer.isBuffer(value)) return value;
  throw new MigrationRefusal(`${where()} holds a value of an unexpected kind (${typeof value}).`);
}

export function sameValue(a: Value, b: Value): boolean {
  if (Buffer.isBuffer(a) || Buffer.isBuffer(b)) return Buffer.isBuffer(a) && Buffer.isBuffer(b) && a.equals(b);
  return a === b;
}

/**
 * Orders key values as both databases do: numbers by value, text byte by byte in UTF-8
 * (SQLite's BINARY, PostgreSQL's "C"), NULL first, then numbers, text and BLOBs, as SQLite does.
 */
export function compareKeys(a: readonly Value[], b: readonly Value[]): number {
  const rank = (v: Value) => (v === null ? 0 : typeof v === 'number' ? 1 : typeof v === 'string' ? 2 : 3);
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    const byRank = rank(x) - rank(y);
    if (byRank !== 0) return byRank;
    if (typeof x === 'number' && typeof y === 'number' && x !== y) return x < y ? -1 : 1;
    if (typeof x === 'string' && typeof y === 'string' && x !== y) return Buffer.compare(Buffer.from(x, 'utf8'), Buffer.from(y, 'utf8'));
    if (Buffer.isBuffer(x) && Buffer.isBuffer(y)) {
      const order = Buffer.compare(x, y);
      if (order !== 0) return order;
    }
  }
  return 0;
}

/** The columns in which two rows differ (by name), none when they are the same. */
export function differingColumns(columns: readonly string[], a: readonly Value[], b: readonly Value[]): string[] {
  return columns.filter((_, i) => !sameValue(a[i]!, b[i]!));
}

/** A row named by its key; values of the other columns are never shown, since some are secrets. */
export function describeRow(plan: TablePlan, row: readonly Value[]): string {
  return `${plan.table} row ${plan.key.map((column) => `${column}=${JSON.stringify(row[plan.columns.indexOf(column)])}`).join(', ')}`;
}

/**
 * Rows per INSERT: a thousand, fewer for a wide table, so that a statement stays below
 * PostgreSQL's limit of 65,535 parameters.
 */
export function rowsPerInsert(columns: number, wanted = 1000): number {
  return Math.max(1, Math.min(wanted, Math.floor(65_000 / columns)));
}

// ---- The copy ------------------------------------------------------------------------------

/** The SQLite store's tables, read from its PRAGMAs (SQLite's own tables left out). */
export function readSqliteSchema(source: Database): SqliteTable[] {
  const tables = source
    .prepare("SELECT name, wr FROM pragma_table_list WHERE schema = 'main' AND type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name")
    .all() as Array<{ name: string; wr: number }>;
  return tables.map(({ name, wr }) => {
    const info = source.prepare('SELECT name, pk FROM pragma_table_info(?) ORDER BY cid').all(name) as Array<{ name: string; pk: number }>;
    const parents = source.prepare('SELECT DISTINCT "table" AS parent FROM pragma_foreign_key_list(?)').all(name) as Array<{ parent: string }>;
    return {
      name,
      columns: info.map((c) => c.name),
      primaryKey: info.filter((c) => c.pk > 0).sort((a, b) => a.pk - b.pk).map((c) => c.name),
      hasRowid: wr === 0,
      parents: parents.map((p) => p.parent),
    };
  });
}

/** PostgreSQL's tables in the current schema, from information_schema. */
export async function readPostgresSchema(target: StoreDatabase): Promise<PostgresTable[]> {
  const rows = await target.all(sql<{ table_name: string; column_name: string; data_type: string; is_identity: string }>`
    SELECT c.table_name, c.column_name, c.data_type, c.is_identity
    FROM information_schema.columns c
    JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
    WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE'
    ORDER BY c.table_name, c.ordinal_position`);
  const tables = new Map<string, PostgresTable>();
  for (const row of rows) {
    const table = tables.get(row.table_name) ?? { name: row.table_name, columns: [] };
    table.columns.push({ name: row.column_name, dataType: row.data_type, identity: row.is_identity === 'YES' });
    tables.set(row.table_name, table);
  }
  return [...tables.values()];
}

const quoted = (name: string) => `"${name.replaceAll('"', '""')}"`;

export interface MoveOptions {
  /** Rows read and inserted at a time; the tables are streamed, never held whole. */
  batchRows?: number;
  /** Told after each table is copied and compared. */
  onTable?: (table: string, rows: number) => void;
}

/**
 * Copies every table of `source` into `target` (both already migrated) and compares every
 * row; commits only when all are the same. SQLite's write lock is held meanwhile, so nothing
 * written to the store during the move can be left behind unnoticed: a backend writing at that
 * moment makes the move wait (busy_timeout) and then refuse.
 */
export async function moveToPostgres(source: Database, target: StoreDatabase, options: MoveOptions = {}): Promise<Array<{ table: string; rows: number }>> {
  const plans = planCopy(readSqliteSchema(source), await readPostgresSchema(target));
  try {
    source.exec('BEGIN IMMEDIATE');
  } catch (error) {
    if ((error as { code?: string }).code === 'SQLITE_BUSY') {
      throw new MigrationRefusal('The SQLite store is being written by another process: stop the SQLite backend, then run the move again.');
    }
    throw error;
  }
  try {
    return await target.transaction(async () => {
      // No other process (a backend started too early, a second move) writes while this one copies.
      await target.run(sql.raw(`LOCK TABLE ${plans.map((p) => quoted(p.table)).join(', ')} IN ACCESS EXCLUSIVE MODE`));
      await refuseUnlessEmpty(target, plans);
      const done: Array<{ table: string; rows: number }> = [];
      for (const plan of plans) await copyTable(source, target, plan, options.batchRows ?? 1000);
      for (const plan of plans) await continueIdentities(target, plan);
      for (const plan of plans) {
        const rows = await compareTable(source, target, plan, options.batchRows ?? 1000);
        done.push({ table: plan.table, rows });
        options.onTable?.(plan.table, rows);
      }
      return done;
    });
  } finally {
    source.exec('ROLLBACK');
  }
}

async function refuseUnlessEmpty(target: StoreDatabase, plans: readonly TablePlan[]): Promise<void> {
  const holding: string[] = [];
  for (const plan of plans) {
    const row = await target.get(sql<{ found: boolean }>`SELECT EXISTS (SELECT 1 FROM ${sql.table(plan.table)}) AS found`);
    if (row?.found) holding.push(plan.table);
  }
  if (holding.length === 0) return;
  const organisations = await target.get(sql<{ n: number }>`SELECT count(*) AS n FROM organizations`);
  throw new MigrationRefusal(
    `PostgreSQL already holds data (${organisations?.n ?? 0} organisation(s); rows in ${holding.join(', ')}). ` +
      'The move copies into an empty database only, so that nothing is merged or overwritten: point DATABASE_URL at a new, empty database.',
  );
}

async function copyTable(source: Database, target: StoreDatabase, plan: TablePlan, batchRows: number): Promise<void> {
  const rows = source
    .prepare(`SELECT ${plan.columns.map(quoted).join(', ')} FROM ${quoted(plan.table)}`)
    .safeIntegers(true)
    .raw(true)
    .iterate() as IterableIterator<unknown[]>;
  const size = rowsPerInsert(plan.columns.length, batchRows);
  let batch: Value[][] = [];
  let copied = 0;
  const flush = async () => {
    if (batch.length === 0) return;
    try {
      await target.run(
        sql`INSERT INTO ${sql.table(plan.table)} (${sql.join(plan.columns.map((c) => sql.ref(c)))}) VALUES ${sql.join(batch.map((row) => sql`(${sql.join(row)})`))}`,
      );
    } catch (error) {
      const detail = (error as { detail?: string }).detail;
      throw new MigrationRefusal(
        `PostgreSQL refused rows ${copied + 1}–${copied + batch.length} of ${plan.table}: ${(error as Error).message}${detail ? ` (${detail})` : ''}`,
      );
    }
    copied += batch.length;
    batch = [];
  };
  for (const raw of rows) {
    const row = raw.map((value, i) => fromSqlite(value, () => `${plan.table}.${plan.columns[i]!} (row ${copied + batch.length + 1})`));
    batch.push(row);
    if (batch.length >= size) await flush();
  }
  await flush();
}

/** Moves each identity's sequence past the largest value copied, so the next insert gets a new one. */
async function continueIdentities(target: StoreDatabase, plan: TablePlan): Promise<void> {
  for (const column of plan.identities) {
    await target.run(
      sql`SELECT setval(pg_get_serial_sequence(${quoted(plan.table)}, ${column}), coalesce(max(${sql.ref(column)}), 0) + 1, false) FROM ${sql.table(plan.table)}`,
    );
  }
}

/**
 * Reads the table from both sides in key order, SQLite's rows streamed and PostgreSQL's
 * through a cursor, and walks them together: a row missing on one side, or a column that
 * differs, is refused by its key. Answers the row count, the same on both sides.
 */
async function compareTable(source: Database, target: StoreDatabase, plan: TablePlan, batchRows: number): Promise<number> {
  const list = plan.columns.map(quoted).join(', ');
  const sqliteCount = Number(source.prepare(`SELECT count(*) FROM ${quoted(plan.table)}`).pluck(true).get());
  const pgCount = (await target.get(sql<{ n: number }>`SELECT count(*) AS n FROM ${sql.table(plan.table)}`))?.n ?? 0;
  if (sqliteCount !== pgCount) {
    throw new MigrationRefusal(`${plan.table}: ${sqliteCount} rows in SQLite but ${pgCount} in PostgreSQL after the copy; nothing was committed.`);
  }
  const sqliteOrder = plan.key.map((c) => `${quoted(c)} COLLATE BINARY`).join(', ');
  const pgOrder = plan.key.map((c) => (plan.textKey.includes(c) ? `${quoted(c)} COLLATE "C"` : quoted(c))).join(', ');
  const keyAt = plan.key.map((c) => plan.columns.indexOf(c));
  const keyOf = (row: readonly Value[]) => keyAt.map((i) => row[i]!);
  const sqliteRows = source
    .prepare(`SELECT ${list} FROM ${quoted(plan.table)} ORDER BY ${sqliteOrder}`)
    .safeIntegers(true)
    .raw(true)
    .iterate() as IterableIterator<unknown[]>;
  await target.run(sql.raw(`DECLARE migration_check NO SCROLL CURSOR FOR SELECT ${list} FROM ${quoted(plan.table)} ORDER BY ${pgOrder}`));
  let pgBatch: Value[][] = [];
  let pgAt = 0;
  const nextPg = async (): Promise<Value[] | undefined> => {
    if (pgAt === pgBatch.length) {
      const fetched = await target.all(sql.raw<Record<string, Value>>(`FETCH ${batchRows} FROM migration_check`));
      pgBatch = fetched.map((row) => plan.columns.map((c) => row[c] ?? null));
      pgAt = 0;
      if (pgBatch.length === 0) return undefined;
    }
    return pgBatch[pgAt++];
  };
  const fail = (what: string) => new MigrationRefusal(`${what}; nothing was committed, PostgreSQL is as empty as before.`);
  let compared = 0;
  let theirs = await nextPg();
  // A difference thrown inside the loop ends SQLite's iteration too (for…of returns the iterator).
  for (const raw of sqliteRows) {
    const ours = raw.map((value, i) => fromSqlite(value, () => `${plan.table}.${plan.columns[i]!}`));
    if (!theirs || compareKeys(keyOf(ours), keyOf(theirs)) < 0) throw fail(`${describeRow(plan, ours)} is in SQLite but not in PostgreSQL`);
    if (compareKeys(keyOf(ours), keyOf(theirs)) > 0) throw fail(`${describeRow(plan, theirs)} is in PostgreSQL but not in SQLite`);
    const differing = differingColumns(plan.columns, ours, theirs);
    if (differing.length > 0) throw fail(`${describeRow(plan, ours)} differs in ${differing.join(', ')} between SQLite and PostgreSQL`);
    compared++;
    theirs = await nextPg();
  }
  if (theirs) throw fail(`${describeRow(plan, theirs)} is in PostgreSQL but not in SQLite`);
  await target.run(sql.raw('CLOSE migration_check'));
  return compared;
}
