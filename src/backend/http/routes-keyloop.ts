import type { FastifyInstance } from 'fastify';
import { ApiFailure } from '../../api/envelope';
import { KeyloopCloudEventSchema } from '../../api/v2/keyloop';
import type { KeyloopEvents } from '../integrations/keyloop-events';
import type { Auth } from './auth';

/**
 * POST /v2/keyloop/events: Keyloop's event subscription delivers here with an integration token
 * made for Keyloop (POST /v2/integrations). 204 once relayed (or seen before), as Keyloop's
 * Subscriber Event API expects; anything else and Keyloop delivers again.
 */
export function keyloopRoutes(app: FastifyInstance, keyloop: KeyloopEvents, auth: Auth): void {
  app.post('/keyloop/events', async (request, reply) => {
    const principal = await auth(request, 'integration.push');
    if (principal.system !== 'keyloop') {
      throw new ApiFailure('FORBIDDEN', `This integration token is for ${principal.system ?? 'another system'}, not Keyloop.`);
    }
    const body = request.body as Record<string, unknown> | null;
    // Before 1.2.5 the tenant came in headers: read it into the payload's place.
    const headers = request.headers;
    const context = body?.context ?? { enterpriseId: headers['enterprise-id'], storeId: headers['store-id'] };
    await keyloop.receive(principal, KeyloopCloudEventSchema.parse({ ...body, context }));
    return reply.code(204).send();
  });
}
