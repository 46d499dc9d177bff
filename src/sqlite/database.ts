import BetterSqlite3, { type Database } from 'better-sqlite3';
import { dirname } from 'node:path';
import { correctIfPresent, newFolderPrivate, privateFile } from './private-files';
import { cacheStatements } from './statement-cache';

/** One schema step; the database's user_version counts the steps applied. */
export type Migration = (db: Database) => void;

export class DatabaseFromTheFutureError extends Error {
  constructor(found: number, known: number) {
    super(
      `This database was written by a newer version of Aftersales Board (schema ${found}; ` +
        `this version knows up to ${known}). Update the app; the file was left untouched.`,
    );
    this.name = 'DatabaseFromTheFutureError';
  }
}

/**
 * Opens (creating if needed) a SQLite database in WAL mode and brings its schema up to date.
 * All pending migrations run in one transaction: a failure leaves the file as it was; a file
 * from a newer version is refused untouched. The desktop cache and the backend store both
 * open their files here, each with its own migrations.
 *
 * The file, its -wal and its -shm are readable by the user only (0600), whatever the umask: the
 * file is made (or corrected) before SQLite opens it, and SQLite gives the journal files it
 * creates later the database file's own mode; those an earlier version left are corrected.
 */
export function openDatabase(file: string, migrations: readonly Migration[]): Database {
  const onDisk = file !== ':memory:';
  if (onDisk) {
    newFolderPrivate(dirname(file));
    privateFile(file);
  }
  const db = new BetterSqlite3(file);
  try {
    db.pragma('journal_mode = WAL');
    if (onDisk) for (const journal of [`${file}-wal`, `${file}-shm`]) correctIfPresent(journal);
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    migrate(db, migrations);
    cacheStatements(db);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

export function schemaVersion(db: Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

function migrate(db: Database, migrations: readonly Migration[]): void {
  const current = schemaVersion(db);
  if (current > migrations.length) throw new DatabaseFromTheFutureError(current, migrations.length);
  if (current === migrations.length) return;
  db.transaction(() => {
    for (let version = current; version < migrations.length; version++) {
      migrations[version]!(db);
    }
    db.pragma(`user_version = ${migrations.length}`);
  })();
}
