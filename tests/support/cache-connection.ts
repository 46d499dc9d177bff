import BetterSqlite3, { type Database } from 'better-sqlite3';
import type { DesktopCore } from '../../src/desktop/core';

/**
 * A connection of the test's own to a desktop core's cache file, to look at what the core stored
 * (or to set up a row no handler would write), the way a second process sees the file: real
 * SQLite in WAL, so it reads every committed change while the core keeps its own connection. The
 * core's context has no database handle of its own to lend. The test closes it (t.after, afterEach).
 */
export function cacheConnection(core: DesktopCore): Database {
  return new BetterSqlite3(core.context.dataFile, { fileMustExist: true });
}
