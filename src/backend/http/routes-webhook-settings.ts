import type { FastifyInstance, FastifyRequest } from 'fastify';
import { WebhookSettingsSchema } from '../../api/v2/webhook-settings';
import type { WebhookDispatcher } from '../events/webhook-dispatcher';
import type { Principal } from '../store/organizations-repo';

/** PUT /v2/webhook: where the organisation's own systems receive its events. */
export function webhookSettingsRoutes(app: FastifyInstance, dispatcher: WebhookDispatcher, auth: (r: FastifyRequest) => Principal): void {
  app.put('/webhook', async (request) => {
    const principal = auth(request);
    const settings = WebhookSettingsSchema.parse(request.body);
    dispatcher.configure(principal.organizationId, settings.url, settings.secret);
    return { url: settings.url };
  });
}
