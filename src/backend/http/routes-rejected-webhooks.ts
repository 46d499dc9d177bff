import type { FastifyInstance } from 'fastify';
import { RejectedWebhooksQuerySchema, type RejectedWebhookPage } from '../../api/v2/channel-webhooks';
import { encodeCursor } from '../../api/v2/paging';
import type { RejectedWebhooksRepo } from '../store/rejected-webhooks-repo';
import type { Auth } from './auth';

/**
 * GET /v2/rejected-webhooks: what the organisation's channels delivered, signed, that could
 * not be used, and why; newest first, a page at a time.
 */
export function rejectedWebhookRoutes(app: FastifyInstance, rejected: RejectedWebhooksRepo, auth: Auth): void {
  app.get('/rejected-webhooks', async (request): Promise<RejectedWebhookPage> => {
    const { organizationId } = await auth(request, 'organization.manage');
    const { before, limit } = RejectedWebhooksQuerySchema.parse(request.query);
    const { items, next } = await rejected.page(organizationId, before, limit);
    return { data: items, next: next && encodeCursor(next) };
  });
}
