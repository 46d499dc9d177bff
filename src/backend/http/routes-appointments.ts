import type { FastifyInstance } from 'fastify';
import { ApiFailure } from '../../api/envelope';
import { BoardStatePatchSchema, ReminderSettingsSchema, UpsertAppointmentSchema, UpsertAppointmentsSchema } from '../../api/v2/appointment';
import { IdempotencyKeySchema } from '../../api/v2/common';
import { IdParamSchema } from '../../api/v2/common';
import type { Organization, OrganizationList } from '../../api/v2/organization';
import { inboxView } from '../store/organizations-repo';
import type { BackendStore } from '../store/backend-store';
import type { PeopleService } from '../access/people-service';
import type { Auth } from './auth';
import type { ServerDeps } from './server';

/** GET /v2/organization: the caller's organisation and its inboxes (the benchmark serves it without auth too). */
export function organizationView(store: BackendStore, organizationId: string): Organization {
  const organization = store.organizations.get(organizationId)!;
  return {
    id: organizationId,
    name: organization.name,
    inboxes: store.organizations.inboxes(organizationId).map(inboxView),
  };
}

/** Appointments and their shared board state, and the reminder settings and decisions. */
export function appointmentRoutes(
  app: FastifyInstance,
  deps: ServerDeps,
  auth: Auth,
  people: PeopleService,
): void {
  app.post('/appointments', async (request) => deps.appointments.upsert(auth(request, 'appointments.write'), UpsertAppointmentSchema.parse(request.body)));

  app.post('/appointments/batch', async (request) => ({
    results: deps.appointments.upsertBatch(auth(request, 'appointments.write'), UpsertAppointmentsSchema.parse(request.body).appointments),
  }));

  app.patch('/appointments/:id', async (request) => {
    const principal = auth(request, 'board.write');
    const key = IdempotencyKeySchema.parse(request.headers['idempotency-key']) ?? null;
    return deps.appointments.setBoardState(principal, IdParamSchema.parse(request.params).id, BoardStatePatchSchema.parse(request.body), key);
  });

  app.get('/organization', async (request) => organizationView(deps.store, auth(request, 'board.read').organizationId));

  app.get('/organizations', async (request): Promise<OrganizationList> => {
    const { organizationId } = auth(request, 'board.read');
    const organization = deps.store.organizations.get(organizationId)!;
    return { data: [{ _id: organization.id, name: organization.name, createdAt: organization.created_at }], next: null };
  });

  app.get('/appointments/:id/reminder', async (request, reply) => {
    const principal = auth(request, 'conversations.read');
    const { id } = IdParamSchema.parse(request.params);
    if (!deps.store.appointments.get(principal.organizationId, id)) {
      throw new ApiFailure('NOT_FOUND', 'That appointment does not exist in your organisation.');
    }
    const decision = deps.store.reminders.of(id);
    return decision ?? reply.code(404).send({ error: { code: 'NOT_DECIDED', message: 'No reminder was due for this appointment yet.' } });
  });

  app.put('/reminders/settings', async (request) => {
    const principal = auth(request, 'organization.manage');
    const settings = ReminderSettingsSchema.parse(request.body);
    // Refused now rather than at reminder time: the template must exist and take the four
    // values the reminder fills (name, date, time, plate).
    deps.conversations.templateText(principal.organizationId, {
      name: settings.template,
      language: settings.language,
      parameters: ['-', '-', '-', '-'],
    });
    deps.store.reminders.setReminderTemplate(principal.organizationId, settings.template, settings.language);
    people.audit(principal, 'reminders.changed', request.ip, settings.template, { language: settings.language });
    return settings;
  });
}
