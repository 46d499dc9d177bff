import type { Database } from 'better-sqlite3';
import { openDatabase } from '../../sqlite/database';
import { MIGRATIONS } from './migrations';

/**
 * Pages the cache keeps in memory (KiB): the board and its lists read index ranges of a few
 * hundred rows, so 4 MB holds what they touch; better-sqlite3's 16 MB default only raised the
 * memory a long import takes, page by page, while it wrote.
 */
const CACHE_KIB = 4 * 1024;

/** The desktop's local cache: appointments, contacts, board state, imports. */
export function openCache(file: string): Database {
  const db = openDatabase(file, MIGRATIONS);
  db.pragma(`cache_size = -${CACHE_KIB}`);
  return db;
}
