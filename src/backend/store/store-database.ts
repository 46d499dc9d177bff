import type { Database } from 'better-sqlite3';
import { dirname } from 'node:path';
import { openDatabase } from '../../sqlite/database';
import { privateFolder } from '../../sqlite/private-files';
import { MIGRATIONS } from './migrations';

/**
 * The backend's embedded store: the organisation's authoritative shared state. Its folder is
 * the backend's own (AFTERSALES_BACKEND_DATA, --data, or backend/ beside the demo's cache), so
 * it is made private (0700) on open as well as the files in it.
 */
export function openStore(file: string): Database {
  if (file !== ':memory:') privateFolder(dirname(file));
  return openDatabase(file, MIGRATIONS);
}
