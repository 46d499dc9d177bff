import cluster from 'node:cluster';
import { AggregatorRegistry } from 'prom-client';
import { GROUP_METRICS, type GroupMetricsAnswer } from '../operations/metrics';
import type { Logger } from '../../ports/logger';

/** The wait before a worker is started again, doubling while they keep dying young. */
const RESTART_MS = { first: 1000, max: 30_000 };
/** A worker that ran this long was not dying of the configuration: the wait starts over. */
const HEALTHY_AFTER_MS = 60_000;
/** Workers that died young this many times in a row: the configuration is wrong, and the group stops. */
const GIVE_UP_AFTER = 5;

/**
 * Several backend processes on one machine behind one port (Node's cluster: the first process
 * hands each new connection, a WebSocket's too, to the next worker in turn), as a small
 * dealer group runs without a load balancer. Each worker is a whole backend over the one
 * PostgreSQL database. A worker that dies is started again. In a worker this answers null
 * (it goes on to start its backend); in the first process, what stops the group: each worker
 * is stopped gracefully (SIGTERM), and the answer settles when all have ended.
 */
export function startProcessGroup(count: number, logger: Logger): { close(): Promise<void> } | null {
  if (cluster.isWorker) return null;
  let stopping = false;
  let youngDeaths = 0;
  const started = new Map<number, number>();
  const fork = () => {
    const worker = cluster.fork();
    started.set(worker.id, Date.now());
  };
  cluster.on('exit', (worker, code, signal) => {
    if (stopping) return;
    const young = Date.now() - (started.get(worker.id) ?? 0) < HEALTHY_AFTER_MS;
    started.delete(worker.id);
    youngDeaths = young ? youngDeaths + 1 : 0;
    if (youngDeaths >= GIVE_UP_AFTER) {
      logger.error({ code, signal }, `backend processes died ${GIVE_UP_AFTER} times within a minute of starting; the group stops (see the errors above: the database, DATABASE_URL or the port)`);
      stopping = true;
      for (const other of Object.values(cluster.workers ?? {})) other?.process.kill('SIGTERM');
      process.exitCode = 1;
      return;
    }
    const wait = Math.min(RESTART_MS.first * 2 ** Math.max(0, youngDeaths - 1), RESTART_MS.max);
    logger.error({ worker: worker.process.pid, code, signal, restartInMs: wait }, 'a backend process ended unexpectedly; another is started in its place');
    setTimeout(() => {
      if (!stopping) fork();
    }, wait);
  });
  // A scrape of /metrics reaches one worker, which asks here for every worker's figures, summed.
  const aggregator = new AggregatorRegistry();
  cluster.on('message', (worker, message: { type?: string; id?: string }) => {
    if (message?.type !== GROUP_METRICS || typeof message.id !== 'string') return;
    const answer = (fields: Partial<GroupMetricsAnswer>) => worker.send({ type: GROUP_METRICS, id: message.id, ...fields });
    aggregator.clusterMetrics().then(
      (text) => answer({ text }),
      (error: unknown) => answer({ error: error instanceof Error ? error.message : String(error) }),
    );
  });
  for (let i = 0; i < count; i++) fork();
  return {
    async close() {
      stopping = true;
      const workers = Object.values(cluster.workers ?? {}).filter((w) => w !== undefined);
      await Promise.all(
        workers.map(
          (worker) =>
            new Promise<void>((resolve) => {
              worker.once('exit', () => resolve());
              worker.process.kill('SIGTERM');
            }),
        ),
      );
    },
  };
}
