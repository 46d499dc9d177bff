import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { WebhookDispatcher } from '../events/webhook-dispatcher';
import type { Principal } from '../store/organizations-repo';

const WebhookSettingsSchema = z.object({ url: z.string().url(), secret: z.string().min(16).max(200) });

/** PUT /v2/webhook: where the organisation's own systems receive its events. */
export function webhookSettingsRoutes(app: FastifyInstance, dispatcher: WebhookDispatcher, auth: (r: FastifyRequest) => Principal): void {
  app.put('/webhook', async (request) => {
    const principal = auth(request);
    const settings = WebhookSettingsSchema.parse(request.body);
    dispatcher.configure(principal.organizationId, settings.url, settings.secret);
    return { url: settings.url };
  });
}
