import type { FastifyInstance } from 'fastify';
import { IdParamSchema } from '../../api/v2/common';
import { systemTimers } from '../../node/system-timers';
import { TemplateChangeSchema, TemplateDraftSchema } from '../../api/v2/template';
import type { PeopleService } from '../access/people-service';
import { TemplateManagement } from '../templates/template-management';
import type { Auth } from './auth';
import type { ServerDeps } from './server';

/**
 * /v2/watemplates, the Content Library: advisors read it (with each template's review status),
 * managers add, edit, delete and sync templates through Meta's template management.
 */
export function templateRoutes(app: FastifyInstance, deps: ServerDeps, auth: Auth, people: PeopleService): void {
  const library = new TemplateManagement(deps.store, deps.clock, deps.logger, deps.providers, systemTimers);

  app.get('/watemplates', async (request) => library.list((await auth(request, 'conversations.read')).organizationId));

  // Every new template goes to Meta's review: nothing here marks a template approved.
  app.post('/watemplates', async (request, reply) => {
    const principal = await auth(request, 'organization.manage');
    const created = await library.create(principal.organizationId, TemplateDraftSchema.parse(request.body));
    await people.audit(principal, 'template.created', request.ip, created.name, { language: created.language, label: created.title });
    return reply.code(201).send(created);
  });

  app.patch('/watemplates/:id', async (request) => {
    const principal = await auth(request, 'organization.manage');
    const change = TemplateChangeSchema.parse(request.body);
    const changed = await library.update(principal.organizationId, IdParamSchema.parse(request.params).id, change);
    await people.audit(principal, 'template.updated', request.ip, changed.name, { language: changed.language, label: changed.title, fields: Object.keys(change) });
    return changed;
  });

  app.delete('/watemplates/:id', async (request, reply) => {
    const principal = await auth(request, 'organization.manage');
    const { id } = IdParamSchema.parse(request.params);
    const template = (await library.list(principal.organizationId)).find((t) => t.id === id);
    await library.remove(principal.organizationId, id);
    if (template) await people.audit(principal, 'template.removed', request.ip, template.name, { language: template.language, label: template.title });
    return reply.code(204).send();
  });

  app.post('/watemplates/sync', async (request) => {
    const principal = await auth(request, 'organization.manage');
    const result = await library.sync(principal.organizationId);
    const { added, updated, missing } = result;
    await people.audit(principal, 'templates.synced', request.ip, '', { counts: { added, updated, missing, failed: result.failed.length } });
    return result;
  });
}
