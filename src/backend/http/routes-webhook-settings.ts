import type { FastifyInstance } from 'fastify';
import { ApiFailure } from '../../api/envelope';
import { WebhookSettingsSchema, type WebhookStatus } from '../../api/v2/webhook-settings';
import type { WebhookDispatcher } from '../events/webhook-dispatcher';
import type { Auth } from './auth';

/**
 * PUT /v2/webhook: where the organisation's own systems receive its events, from the current
 * event on; GET /v2/webhook: where they go and why delivery fails, if it does;
 * DELETE /v2/webhook: no more deliveries. Managers only: the address decides where
 * the organisation's customers' messages go.
 */
export function webhookSettingsRoutes(app: FastifyInstance, dispatcher: WebhookDispatcher, auth: Auth): void {
  app.put('/webhook', async (request) => {
    const principal = await auth(request, 'organization.manage');
    const settings = WebhookSettingsSchema.parse(request.body);
    await dispatcher.configure(principal, settings.url, settings.secret, request.ip);
    return { url: settings.url };
  });

  app.get('/webhook', async (request): Promise<WebhookStatus> => {
    const principal = await auth(request, 'organization.manage');
    const status = await dispatcher.status(principal.organizationId);
    if (!status) throw new ApiFailure('NOT_FOUND', 'Your organisation has no webhook: set one with PUT /v2/webhook.');
    return status;
  });

  app.delete('/webhook', async (request, reply) => {
    const principal = await auth(request, 'organization.manage');
    if (!(await dispatcher.remove(principal, request.ip))) throw new ApiFailure('NOT_FOUND', 'Your organisation has no webhook to remove.');
    return reply.code(204).send();
  });
}
