import type { Database } from 'better-sqlite3';
import { up as initial } from './0001-initial';

/** Migrations in order; the database's user_version is the number of them applied. */
export const MIGRATIONS: ReadonlyArray<(db: Database) => void> = [initial];
