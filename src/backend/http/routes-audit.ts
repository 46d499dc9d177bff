import type { FastifyInstance } from 'fastify';
import { AuditQuerySchema, type AuditPage } from '../../api/v2/audit';
import { encodeCursor } from '../../api/v2/paging';
import type { AuditRepo } from '../store/audit-repo';
import type { Auth } from './auth';

/** GET /v2/audit (managers): who signed in, from which device, and what was changed; newest first. */
export function auditRoutes(app: FastifyInstance, audit: AuditRepo, auth: Auth): void {
  app.get('/audit', async (request): Promise<AuditPage> => {
    const { organizationId } = await auth(request, 'organization.manage');
    const { before, limit } = AuditQuerySchema.parse(request.query);
    const { items, next } = await audit.page(organizationId, before, limit);
    return { data: items, next: next && encodeCursor(next) };
  });
}
