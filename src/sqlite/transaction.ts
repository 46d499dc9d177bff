import type { Database } from 'better-sqlite3';

/** Runs `fn` in one transaction of a connection (a savepoint inside one already open); returns what fn returns. */
export type Transaction = <T>(fn: () => T) => T;

/**
 * The transaction of `db` as a plain function, wrapped once: better-sqlite3 builds a wrapper for
 * every `db.transaction(fn)`, so callers that run many (an import's chunks, every handler's
 * change) share this one. A function that returns a promise is refused: a transaction cannot wait.
 */
export function transactionOf(db: Database): Transaction {
  const inTransaction = db.transaction((fn: () => unknown) => fn());
  return <T>(fn: () => T) => inTransaction(fn) as T;
}
