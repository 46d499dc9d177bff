import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { ApiFailure } from '../../api/envelope';
import type { Logger } from '../../ports/logger';
import type { BackendMetrics } from '../operations/metrics';
import type { StoreDatabase } from '../store/sql/store-database';

export interface OperationsDeps {
  database: StoreDatabase;
  metrics: BackendMetrics;
  /** AFTERSALES_METRICS_TOKEN: the bearer token Prometheus scrapes with; without it /metrics is off. */
  metricsToken?: string;
  /** True from the moment the process stops taking requests (a graceful shutdown). */
  stopping(): boolean;
}

/**
 * For the load balancer and the operator, outside /v2: GET /healthz (the process answers),
 * GET /readyz (it should be sent requests: the database answers, its schema is the one this
 * version knows, and it is not shutting down), GET /metrics (Prometheus, with its own token,
 * since counts by route say how the dealership works).
 */
export function operationsRoutes(app: FastifyInstance, deps: OperationsDeps, logger: Logger): void {
  app.get('/healthz', async () => ({ status: 'ok' }));

  app.get('/readyz', async (_request, reply) => {
    const notReady = (reason: string) => reply.code(503).send({ status: 'not ready', reason });
    if (deps.stopping()) return notReady('The backend is shutting down.');
    let schema;
    try {
      schema = await deps.database.schemaState();
    } catch (error) {
      // Its words (an address, a user name) are the operator's, in the log; anyone may ask /readyz.
      logger.warn({ err: error instanceof Error ? error.message : String(error) }, 'the readiness check could not reach the database');
      return notReady('The database does not answer; the backend’s log says why.');
    }
    if (schema.applied !== schema.known) {
      return notReady(`The database has schema step ${schema.applied}; this version of the backend needs step ${schema.known}.`);
    }
    return { status: 'ready', database: deps.database.engine, schema: schema.applied };
  });

  app.get('/metrics', async (request, reply) => {
    if (!deps.metricsToken) throw new ApiFailure('NOT_FOUND', 'Metrics are off: set AFTERSALES_METRICS_TOKEN to have them served to a scraper with that token.');
    const [, token = ''] = /^Bearer +(\S+) *$/i.exec(request.headers.authorization ?? '') ?? [];
    if (!sameToken(token, deps.metricsToken)) throw new ApiFailure('UNAUTHORIZED', 'Send the metrics token (AFTERSALES_METRICS_TOKEN) as a Bearer token.');
    let text: string;
    try {
      text = await deps.metrics.text();
    } catch (error) {
      // A worker of a process group still starting (or gone) does not answer the gathering: the scraper asks again.
      return reply.code(503).send({ error: { code: 'METRICS_UNAVAILABLE', message: `The figures could not be gathered now: ${(error as Error).message}.` } });
    }
    return reply.type(deps.metrics.registry.contentType).send(text);
  });
}

function sameToken(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
