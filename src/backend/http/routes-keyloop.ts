import type { FastifyInstance, FastifyRequest } from 'fastify';
import { KeyloopCloudEventSchema } from '../../api/v2/keyloop';
import type { KeyloopEvents } from '../integrations/keyloop-events';
import type { Principal } from '../store/organizations-repo';

/**
 * POST /v2/keyloop/events: Keyloop's event subscription delivers here with a token of the
 * organisation (one issued for it with POST /v2/tokens). 204 once relayed (or seen before), as
 * Keyloop's Subscriber Event API expects; anything else and Keyloop delivers again.
 */
export function keyloopRoutes(app: FastifyInstance, keyloop: KeyloopEvents, auth: (r: FastifyRequest) => Principal): void {
  app.post('/keyloop/events', async (request, reply) => {
    const principal = auth(request);
    const body = request.body as Record<string, unknown> | null;
    // Before 1.2.5 the tenant came in headers: read it into the payload's place.
    const headers = request.headers;
    const context = body?.context ?? { enterpriseId: headers['enterprise-id'], storeId: headers['store-id'] };
    keyloop.receive(principal, KeyloopCloudEventSchema.parse({ ...body, context }));
    return reply.code(204).send();
  });
}
