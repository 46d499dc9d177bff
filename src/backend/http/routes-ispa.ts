import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { IspaEventSchema } from '../../api/v2/ispa';
import type { IspaEvents } from '../integrations/ispa-events';
import type { Principal } from '../store/organizations-repo';

const InboxParamSchema = z.object({ inbox: z.string().min(1).max(100) });

/**
 * POST /v2/inboxes/{inbox}/ispa/events: ISPA Next pushes here with a token of the organisation
 * (one issued for it with POST /v2/tokens). 200 means stored; anything else is to be retried.
 */
export function ispaRoutes(app: FastifyInstance, ispa: IspaEvents, auth: (r: FastifyRequest) => Principal): void {
  app.post('/inboxes/:inbox/ispa/events', async (request) => {
    const principal = auth(request);
    const { inbox } = InboxParamSchema.parse(request.params);
    return ispa.receive(principal, inbox, IspaEventSchema.parse(request.body));
  });
}
