import type { Database } from 'better-sqlite3';
import { openDatabase } from '../../sqlite/database';
import { MIGRATIONS } from './migrations';

/** The backend's embedded store: the organisation's authoritative shared state. */
export function openStore(file: string): Database {
  return openDatabase(file, MIGRATIONS);
}
