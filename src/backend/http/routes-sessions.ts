import type { FastifyInstance } from 'fastify';
import { IdParamSchema } from '../../api/v2/common';
import { CreateIntegrationSchema, CreatePersonalTokenSchema, RegisterDeviceSchema, SessionsQuerySchema, type SessionPage } from '../../api/v2/devices';
import { encodeCursor } from '../../api/v2/paging';
import type { PeopleService } from '../access/people-service';
import type { Clock } from '../../ports/clock';
import type { BackendStore } from '../store/backend-store';
import type { Auth } from './auth';

/**
 * Tokens, all made by managers and each shown once: a device's (POST /v2/devices, rotated with
 * POST /v2/devices/{id}/rotate), an integration's (POST /v2/integrations), a person's own
 * (POST /v2/tokens); and the sessions they open, listed and revoked (GET /v2/sessions,
 * DELETE /v2/sessions/{id}).
 */
export function sessionRoutes(app: FastifyInstance, deps: { store: BackendStore; clock: Clock; people: PeopleService }, auth: Auth): void {
  const { store, people } = deps;

  app.post('/devices', async (request, reply) => {
    const principal = await auth(request, 'organization.manage');
    return reply.code(201).send(await people.registerDevice(principal, RegisterDeviceSchema.parse(request.body), request.ip));
  });

  app.post('/devices/:id/rotate', async (request, reply) => {
    const principal = await auth(request, 'organization.manage');
    return reply.code(201).send(await people.rotateDevice(principal, IdParamSchema.parse(request.params).id, request.ip));
  });

  app.post('/integrations', async (request, reply) => {
    const principal = await auth(request, 'organization.manage');
    return reply.code(201).send(await people.createIntegration(principal, CreateIntegrationSchema.parse(request.body), request.ip));
  });

  app.post('/tokens', async (request, reply) => {
    const principal = await auth(request, 'organization.manage');
    return reply.code(201).send(await people.personalToken(principal, CreatePersonalTokenSchema.parse(request.body), request.ip));
  });

  app.get('/sessions', async (request): Promise<SessionPage> => {
    const principal = await auth(request, 'organization.manage');
    const { after, limit, revoked } = SessionsQuerySchema.parse(request.query);
    const { items, next } = await store.sessions.page(principal.organizationId, after, limit, revoked === 'true', deps.clock.now());
    return { data: items, next: next && encodeCursor(next) };
  });

  app.delete('/sessions/:id', async (request, reply) => {
    const principal = await auth(request, 'organization.manage');
    await people.revokeSession(principal, IdParamSchema.parse(request.params).id, request.ip);
    return reply.code(204).send();
  });
}
