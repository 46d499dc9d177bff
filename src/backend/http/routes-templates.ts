import type { FastifyInstance } from 'fastify';
import { IdParamSchema } from '../../api/v2/common';
import { TemplateChangeSchema, TemplateDraftSchema } from '../../api/v2/template';
import { TemplateManagement } from '../templates/template-management';
import type { Auth } from './auth';
import type { ServerDeps } from './server';

/**
 * /v2/watemplates, the Content Library: advisors read it (with each template's review status),
 * managers add, edit, delete and sync templates through Meta's template management.
 */
export function templateRoutes(app: FastifyInstance, deps: ServerDeps, auth: Auth): void {
  const library = new TemplateManagement(deps.store, deps.clock, deps.logger, deps.providers);

  app.get('/watemplates', async (request) => library.list(auth(request, 'conversations.read').organizationId));

  // Every new template goes to Meta's review: nothing here marks a template approved.
  app.post('/watemplates', async (request, reply) => {
    const principal = auth(request, 'organization.manage');
    return reply.code(201).send(await library.create(principal.organizationId, TemplateDraftSchema.parse(request.body)));
  });

  app.patch('/watemplates/:id', async (request) => {
    const principal = auth(request, 'organization.manage');
    return library.update(principal.organizationId, IdParamSchema.parse(request.params).id, TemplateChangeSchema.parse(request.body));
  });

  app.delete('/watemplates/:id', async (request, reply) => {
    const principal = auth(request, 'organization.manage');
    await library.remove(principal.organizationId, IdParamSchema.parse(request.params).id);
    return reply.code(204).send();
  });

  app.post('/watemplates/sync', async (request) => library.sync(auth(request, 'organization.manage').organizationId));
}
