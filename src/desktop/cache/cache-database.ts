import type { Database } from 'better-sqlite3';
import { openDatabase } from '../../sqlite/database';
import { MIGRATIONS } from './migrations';

/** The desktop's local cache: appointments, contacts, board state, imports. */
export function openCache(file: string): Database {
  return openDatabase(file, MIGRATIONS);
}
