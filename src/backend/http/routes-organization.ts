import type { FastifyInstance } from 'fastify';
import { ApiFailure } from '../../api/envelope';
import type { ChannelKind } from '../../api/v2/channels';
import { IdParamSchema } from '../../api/v2/common';
import { CreateInboxSchema, UpdateInboxSchema, UpdateOrganizationSchema, type InboxView, type Organization, type UpdateInboxInput } from '../../api/v2/organization';
import type { PeopleService } from '../access/people-service';
import type { Principal } from '../access/principal';
import type { Clock } from '../../ports/clock';
import type { BackendStore } from '../store/backend-store';
import { inboxView } from '../store/organizations-repo';
import type { Auth } from './auth';
import { organizationView } from './routes-appointments';

export interface OrganizationRouteDeps {
  store: BackendStore;
  clock: Clock;
  people: PeopleService;
}

const KIND_WORDS: Record<ChannelKind, string> = { whatsapp: 'WhatsApp number', sms: 'SMS sender' };

/**
 * A manager's set-up of the organisation: its name (PATCH /v2/organization) and its inboxes
 * (POST /v2/inboxes, PATCH /v2/inboxes/:id). Inboxes are not deleted: appointments and
 * conversations name them. Each change is an event, so every desktop's cache follows.
 */
export function organizationRoutes(app: FastifyInstance, deps: OrganizationRouteDeps, auth: Auth): void {
  const { store, people } = deps;

  /** A channel an inbox is given must be one of this organisation's working channels of that kind. */
  const checkChannels = async (principal: Principal, settings: UpdateInboxInput) => {
    for (const [kind, id] of [['whatsapp', settings.whatsappChannel], ['sms', settings.smsChannel]] as const) {
      if (id === undefined || id === null) continue;
      const channel = await store.channels.view(principal.organizationId, id);
      if (!channel || channel.kind !== kind) {
        throw new ApiFailure('CHANNEL_NOT_USABLE', `The ${KIND_WORDS[kind]} ${id} is not one of your organisation's ${KIND_WORDS[kind]}s.`, { field: `${kind}Channel`, channel: id });
      }
    }
  };

  app.patch('/organization', async (request): Promise<Organization> => {
    const principal = await auth(request, 'organization.manage');
    const { name } = UpdateOrganizationSchema.parse(request.body);
    await store.write(principal.organizationId, deps.clock.now(), async (emit) => {
      await store.organizations.rename(principal.organizationId, name);
      emit('organization.update', { organization: { id: principal.organizationId, name } });
    });
    await people.audit(principal, 'organization.updated', request.ip, name, {});
    return organizationView(store, principal.organizationId);
  });

  app.post('/inboxes', async (request, reply) => {
    const principal = await auth(request, 'organization.manage');
    const settings = CreateInboxSchema.parse(request.body);
    await checkChannels(principal, settings);
    const inbox = await store.write(principal.organizationId, deps.clock.now(), async (emit) => {
      const view = inboxView(await store.organizations.createInbox(principal.organizationId, settings));
      emit('inbox.upsert', { inbox: view });
      return view;
    });
    await people.audit(principal, 'inbox.created', request.ip, inbox.name, {});
    return reply.code(201).send(inbox);
  });

  app.patch('/inboxes/:id', async (request): Promise<InboxView> => {
    const principal = await auth(request, 'organization.manage');
    const { id } = IdParamSchema.parse(request.params);
    const patch = UpdateInboxSchema.parse(request.body);
    await checkChannels(principal, patch);
    const now = deps.clock.now();
    const inbox = await store.write(principal.organizationId, now, async (emit) => {
      const before = await store.organizations.inbox(principal.organizationId, id);
      const row = await store.organizations.updateInbox(principal.organizationId, id, patch);
      if (!row) throw new ApiFailure('NOT_FOUND', 'That inbox does not exist in your organisation.');
      const view = inboxView(row);
      emit('inbox.upsert', { inbox: view });
      // Another zone: every appointment keeps its wall-clock time there, so its instant moves; each
      // desktop and the reminder bot learn the new one (a skip decided for the old one is taken again).
      if (before && before.zone !== row.zone) {
        for (const appointment of await store.appointments.rezone(principal.organizationId, id, row.zone, now)) {
          if ((await store.reminders.of(appointment.id))?.outcome === 'skipped') await store.reminders.forget(appointment.id);
          emit('appointment.upsert', { appointment, created: false });
        }
      }
      return view;
    });
    await people.audit(principal, 'inbox.updated', request.ip, inbox.name, { fields: Object.keys(patch) });
    return inbox;
  });
}
