import type { FastifyInstance } from 'fastify';
import { BoardStatePatchSchema, UpsertAppointmentSchema, UpsertAppointmentsSchema } from '../../api/v2/appointment';
import { IdempotencyKeySchema } from '../../api/v2/common';
import { IdParamSchema } from '../../api/v2/common';
import type { Organization, OrganizationList } from '../../api/v2/organization';
import { inboxView } from '../store/organizations-repo';
import type { BackendStore } from '../store/backend-store';
import type { Auth } from './auth';
import type { ServerDeps } from './server';

/** GET /v2/organization: the caller's organisation and its inboxes (the benchmark serves it without auth too). */
export async function organizationView(store: BackendStore, organizationId: string): Promise<Organization> {
  const organization = (await store.organizations.get(organizationId))!;
  return {
    id: organizationId,
    name: organization.name,
    inboxes: (await store.organizations.inboxes(organizationId)).map(inboxView),
  };
}

/** Appointments and their shared board state. */
export function appointmentRoutes(
  app: FastifyInstance,
  deps: ServerDeps,
  auth: Auth,
): void {
  app.post('/appointments', async (request) => deps.appointments.upsert(await auth(request, 'appointments.write'), UpsertAppointmentSchema.parse(request.body)));

  app.post('/appointments/batch', async (request) => ({
    results: await deps.appointments.upsertBatch(await auth(request, 'appointments.write'), UpsertAppointmentsSchema.parse(request.body).appointments),
  }));

  app.patch('/appointments/:id', async (request) => {
    const principal = await auth(request, 'board.write');
    const key = IdempotencyKeySchema.parse(request.headers['idempotency-key']) ?? null;
    return deps.appointments.setBoardState(principal, IdParamSchema.parse(request.params).id, BoardStatePatchSchema.parse(request.body), key);
  });

  app.get('/organization', async (request) => organizationView(deps.store, (await auth(request, 'board.read')).organizationId));

  app.get('/organizations', async (request): Promise<OrganizationList> => {
    const { organizationId } = await auth(request, 'board.read');
    const organization = (await deps.store.organizations.get(organizationId))!;
    return { data: [{ _id: organization.id, name: organization.name, createdAt: organization.created_at }], next: null };
  });
}
