import type { FastifyInstance } from 'fastify';
import { IdParamSchema } from '../../api/v2/common';
import { encodeCursor } from '../../api/v2/paging';
import { CreateUserSchema, UpdateUserSchema, UserSettingsSchema, UsersQuerySchema, type UserPage, type UserSettings } from '../../api/v2/users';
import type { PeopleService } from '../access/people-service';
import type { Clock } from '../../ports/clock';
import type { BackendStore } from '../store/backend-store';
import type { Auth } from './auth';

/**
 * The organisation's people (GET /v2/users, Web1on1's shape: names for the advisor pickers),
 * changed by managers; and a person's own view settings (GET/PUT /v2/users/me/settings).
 */
export function userRoutes(app: FastifyInstance, deps: { store: BackendStore; clock: Clock; people: PeopleService }, auth: Auth): void {
  const { store, people } = deps;

  app.get('/users', async (request): Promise<UserPage> => {
    const principal = await auth(request, 'conversations.read');
    const { after, limit } = UsersQuerySchema.parse(request.query);
    const { items, next } = await store.users.page(principal.organizationId, after, limit);
    return { data: items, next: next && encodeCursor(next) };
  });

  app.post('/users', async (request, reply) => {
    const principal = await auth(request, 'organization.manage');
    return reply.code(201).send(await people.createUser(principal, CreateUserSchema.parse(request.body), request.ip));
  });

  app.patch('/users/:id', async (request) => {
    const principal = await auth(request, 'organization.manage');
    return people.updateUser(principal, IdParamSchema.parse(request.params).id, UpdateUserSchema.parse(request.body), request.ip);
  });

  app.delete('/users/:id', async (request, reply) => {
    const principal = await auth(request, 'organization.manage');
    await people.removeUser(principal, IdParamSchema.parse(request.params).id, request.ip);
    return reply.code(204).send();
  });

  app.post('/users/:id/invitation', async (request, reply) => {
    const principal = await auth(request, 'organization.manage');
    return reply.code(201).send(await people.invite(principal, IdParamSchema.parse(request.params).id, request.ip));
  });

  app.get('/users/me/settings', async (request): Promise<UserSettings> => {
    const principal = await auth(request, 'self');
    return store.users.settings(principal.userId!);
  });

  app.put('/users/me/settings', async (request): Promise<UserSettings> => {
    const principal = await auth(request, 'self');
    const settings = UserSettingsSchema.parse(request.body);
    await store.users.saveSettings(principal.userId!, settings, deps.clock.now());
    return settings;
  });
}
