import cluster from 'node:cluster';
import type { Logger } from '../../ports/logger';

const RESTART_MS = 1000;

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
  cluster.on('exit', (worker, code, signal) => {
    if (stopping) return;
    logger.error({ worker: worker.process.pid, code, signal }, 'a backend process ended unexpectedly; another is started in its place');
    setTimeout(() => {
      if (!stopping) cluster.fork();
    }, RESTART_MS);
  });
  for (let i = 0; i < count; i++) cluster.fork();
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
