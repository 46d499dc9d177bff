import { AsyncLocalStorage } from 'node:async_hooks';
import type { Kysely, RawBuilder, Transaction } from 'kysely';
import type { Dialect } from './dialect';

export type Engine = 'sqlite' | 'postgres';

/** The schema steps a database has applied, and those this version knows. */
export interface SchemaState {
  applied: number;
  known: number;
}

/**
 * The backend's database, whichever engine: the repositories run their SQL through it. A
 * query made inside `transaction()` runs in that transaction without being handed it (an
 * AsyncLocalStorage carries it along the awaits), so a repository method is the same inside
 * a store write and outside one.
 */
export class StoreDatabase {
  /**
   * The transaction under way in this async context. Work started inside one and still running
   * after it ends (a timer set, a worker woken) carries the context along, so the transaction is
   * marked ended and such work queries outside it.
   */
  private readonly current = new AsyncLocalStorage<{ trx: Transaction<unknown>; open: boolean }>();

  constructor(
    readonly engine: Engine,
    readonly kysely: Kysely<unknown>,
    /** What the engines spell differently, in one place per engine. */
    readonly dialect: Dialect,
    private readonly shutdown: () => Promise<void>,
    /** Reads the applied schema steps from the database itself (readiness: another process may have migrated further). */
    readonly schemaState: () => Promise<SchemaState>,
  ) {}

  private executor(): Kysely<unknown> {
    return this.open()?.trx ?? this.kysely;
  }

  private open() {
    const under = this.current.getStore();
    return under?.open ? under : undefined;
  }

  async all<T>(query: RawBuilder<T>): Promise<T[]> {
    return (await query.execute(this.executor())).rows;
  }

  async get<T>(query: RawBuilder<T>): Promise<T | undefined> {
    return (await query.execute(this.executor())).rows[0];
  }

  /** Runs a statement; answers how many rows it changed. */
  async run(query: RawBuilder<unknown>): Promise<number> {
    return Number((await query.execute(this.executor())).numAffectedRows ?? 0n);
  }

  /**
   * Runs `work` in one transaction (or in the one already under way): all its queries commit
   * together or not at all. On SQLite the one connection is held meanwhile, so other queries wait.
   */
  transaction<T>(work: () => Promise<T>): Promise<T> {
    if (this.open()) return work();
    return this.kysely.transaction().execute(async (trx) => {
      const under = { trx: trx as Transaction<unknown>, open: true };
      try {
        return await this.current.run(under, work);
      } finally {
        under.open = false;
      }
    });
  }

  close(): Promise<void> {
    return this.shutdown();
  }
}
