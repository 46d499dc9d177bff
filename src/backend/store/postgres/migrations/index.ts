import { up as baseline } from './0001-baseline';

/** PostgreSQL's migrations in order, each one step's SQL; schema_migrations records those applied. */
export const POSTGRES_MIGRATIONS: ReadonlyArray<{ version: number; name: string; sql: string }> = [
  { version: 1, name: 'baseline', sql: baseline },
];
