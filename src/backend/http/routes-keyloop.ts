import type { FastifyInstance, FastifyRequest } from 'fastify';
import { KeyloopCloudEventSchema } from '../../api/v2/keyloop';
import type { KeyloopEvents } from '../integrations/keyloop-events';
import type { Principal } from '../store/organizations-repo';

/**
 * POST /v2/keyloop/events: Keyloop's event subscription delivers here with a token of the
 * organisation (one issued for it with POST /v2/tokens). 200 means relayed (or seen before).
 */
export function keyloopRoutes(app: FastifyInstance, keyloop: KeyloopEvents, auth: (r: FastifyRequest) => Principal): void {
  app.post('/keyloop/events', async (request) => keyloop.receive(auth(request), KeyloopCloudEventSchema.parse(request.body)));
}
