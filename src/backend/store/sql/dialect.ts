import { sql, type RawBuilder } from 'kysely';
import type { Engine } from './store-database';

/**
 * What SQLite and PostgreSQL spell differently, for the queries that cannot be written once.
 * Everything else is one SQL text that both engines accept (ON CONFLICT … DO UPDATE,
 * RETURNING, IS NOT DISTINCT FROM, row values, and a `rowid` that PostgreSQL's tables have as
 * an identity column).
 */
export interface Dialect {
  /** A JSON array of the values, as text. */
  jsonArrayText(values: RawBuilder<unknown>[]): RawBuilder<string>;
  /** The larger of two values. */
  greatest(a: RawBuilder<unknown>, b: RawBuilder<unknown>): RawBuilder<number>;
  /** The text at a top-level key of a JSON object kept as text; null when it has none. */
  jsonTextAt(json: RawBuilder<unknown>, key: string): RawBuilder<string | null>;
  /**
   * Appended to a SELECT that claims rows of `table` (its name or alias in the query) for this
   * process: rows another process holds are passed over rather than waited for. SQLite has one
   * writer, so it needs nothing.
   */
  skipLocked(table: string): RawBuilder<unknown>;
  /**
   * Appended to a SELECT whose rows the transaction changes next: other processes' writers wait.
   * SQLite has one writer at a time, so it needs nothing.
   */
  forUpdate: RawBuilder<unknown>;
  /** Whether a failed statement broke a unique constraint (or primary key). */
  isUniqueViolation(error: unknown): boolean;
  /**
   * A text column equal to a value whatever their case, spelt so that the column's case-blind
   * index serves it (SQLite's are COLLATE NOCASE, PostgreSQL's are on lower()).
   */
  equalsIgnoringCase(column: string, value: string): RawBuilder<boolean>;
  /**
   * Tells the other processes, when the transaction commits, that an organisation's log grew
   * (PostgreSQL's NOTIFY, delivered in commit order); null where one process is all there is.
   */
  announce(organizationId: string, firstSeq: number, lastSeq: number): RawBuilder<unknown> | null;
}

/** The channel commits are announced on, and the payload: organisation, first and last seq. */
export const EVENTS_CHANNEL = 'aftersales_events';

const SQLITE: Dialect = {
  jsonArrayText: (values) => sql<string>`json_array(${sql.join(values)})`,
  greatest: (a, b) => sql<number>`max(${a}, ${b})`,
  jsonTextAt: (json, key) => sql<string | null>`(${json} ->> ${sql.lit(`$.${key}`)})`,
  skipLocked: () => sql``,
  forUpdate: sql``,
  isUniqueViolation: (error) => codeOf(error) === 'SQLITE_CONSTRAINT_UNIQUE' || codeOf(error) === 'SQLITE_CONSTRAINT_PRIMARYKEY',
  equalsIgnoringCase: (column, value) => sql<boolean>`${sql.ref(column)} = ${value} COLLATE NOCASE`,
  announce: () => null,
};

const POSTGRES: Dialect = {
  jsonArrayText: (values) => sql<string>`json_build_array(${sql.join(values)})::text`,
  greatest: (a, b) => sql<number>`greatest(${a}, ${b})`,
  jsonTextAt: (json, key) => sql<string | null>`(CAST(${json} AS jsonb) ->> ${sql.lit(key)})`,
  skipLocked: (table) => sql`FOR UPDATE OF ${sql.ref(table)} SKIP LOCKED`,
  forUpdate: sql`FOR UPDATE`,
  isUniqueViolation: (error) => codeOf(error) === '23505',
  equalsIgnoringCase: (column, value) => sql<boolean>`lower(${sql.ref(column)}) = lower(${value})`,
  announce: (organizationId, firstSeq, lastSeq) =>
    sql`SELECT pg_notify(${EVENTS_CHANNEL}, ${JSON.stringify([organizationId, firstSeq, lastSeq])})`,
};

function codeOf(error: unknown): unknown {
  return error instanceof Error && 'code' in error ? error.code : undefined;
}

export function dialectOf(engine: Engine): Dialect {
  return engine === 'sqlite' ? SQLITE : POSTGRES;
}
