import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { ApiFailure } from '../../api/envelope';
import { IspaEventSchema } from '../../api/v2/ispa';
import type { IspaEvents } from '../integrations/ispa-events';
import type { Auth } from './auth';

const InboxParamSchema = z.object({ inbox: z.string().min(1).max(100) });

/**
 * POST /v2/inboxes/{inbox}/ispa/events: ISPA Next pushes here with an integration token made for
 * ISPA and this inbox (POST /v2/integrations). 200 means stored; anything else is to be retried.
 */
export function ispaRoutes(app: FastifyInstance, ispa: IspaEvents, auth: Auth): void {
  app.post('/inboxes/:inbox/ispa/events', async (request) => {
    const principal = await auth(request, 'integration.push');
    const { inbox } = InboxParamSchema.parse(request.params);
    if (principal.system !== 'ispa') {
      throw new ApiFailure('FORBIDDEN', `This integration token is for ${principal.system ?? 'another system'}, not ISPA Next.`);
    }
    if (!principal.inboxes.includes(inbox)) {
      throw new ApiFailure('FORBIDDEN', `This integration token is for the inboxes ${principal.inboxes.join(', ')}, not ${inbox}.`);
    }
    return ispa.receive(principal, inbox, IspaEventSchema.parse(request.body));
  });
}
