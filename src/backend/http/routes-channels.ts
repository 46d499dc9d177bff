import type { FastifyInstance } from 'fastify';
import { ApiFailure } from '../../api/envelope';
import {
  channelNumber,
  ChannelCheckSchema,
  CreateChannelSchema,
  UpdateChannelSchema,
  type ChannelCheck,
  type ChannelList,
  type ChannelView,
  type UpdateChannelInput,
} from '../../api/v2/channels';
import { IdParamSchema } from '../../api/v2/common';
import type { PeopleService } from '../access/people-service';
import { checkChannel, type ChannelClaim } from '../channels/channel-check';
import type { ProviderEndpoints } from '../channels/provider-endpoints';
import type { Clock } from '../../ports/clock';
import type { Timers } from '../../ports/timers';
import { ChannelAddressTaken, type ChannelRecord } from '../store/channels-repo';
import { inboxView } from '../store/organizations-repo';
import type { BackendStore } from '../store/backend-store';
import type { Auth } from './auth';

export interface ChannelRouteDeps {
  store: BackendStore;
  clock: Clock;
  people: PeopleService;
  providers: ProviderEndpoints;
  /** The Test's deadline. */
  timers: Timers;
}

const FIELDS_OF_KIND = {
  whatsapp: ['label', 'businessAccountId', 'accessToken', 'appSecret', 'verifyToken'],
  sms: ['label', 'accountSid', 'authToken'],
} as const;

/** What the provider checks: a change to any of these is stored only once it proves the number is the account's. */
const CHECKED_FIELDS = ['businessAccountId', 'accessToken', 'accountSid', 'authToken'] as const;

const notFound = () => new ApiFailure('NOT_FOUND', 'That channel does not exist in your organisation.');

/** Nothing is stored: the provider did not confirm that these credentials own the number. */
function notVerified(number: string, check: ChannelCheck): ApiFailure {
  return new ApiFailure('CHANNEL_NOT_VERIFIED', `Not saved: the provider did not confirm that ${number} belongs to this account: ${check.failure ?? ''}`, {
    number,
    failureCode: check.failureCode ?? 'unknown_answer',
    failure: check.failure ?? '',
  });
}

/** A stored channel with a manager's changes to what the provider checks, as it would be. */
function claimOf(record: ChannelRecord, patch: UpdateChannelInput): ChannelClaim {
  return record.kind === 'whatsapp'
    ? { ...record, businessAccountId: patch.businessAccountId ?? record.businessAccountId, secrets: { accessToken: patch.accessToken ?? record.secrets.accessToken } }
    : { ...record, accountSid: patch.accountSid ?? record.accountSid, secrets: { authToken: patch.authToken ?? record.secrets.authToken } };
}

/**
 * /v2/channels: a manager's WhatsApp numbers and SMS senders. Secrets go in and never come out:
 * answers are ChannelView (which secrets are set, not their values), audit lines name the
 * number and which fields changed.
 */
export function channelRoutes(app: FastifyInstance, deps: ChannelRouteDeps, auth: Auth): void {
  const { store, people } = deps;

  app.get('/channels', async (request): Promise<ChannelList> => {
    const principal = await auth(request, 'organization.manage');
    return { data: await store.channels.list(principal.organizationId), next: null };
  });

  app.post('/channels', async (request, reply) => {
    const principal = await auth(request, 'organization.manage');
    const input = CreateChannelSchema.parse(request.body);
    const number = channelNumber(input);
    // The provider first: a caller without the number's credentials learns nothing, not even whether it is a channel here.
    const claim: ChannelClaim =
      input.kind === 'whatsapp'
        ? { kind: 'whatsapp', phoneNumberId: input.phoneNumberId, businessAccountId: input.businessAccountId, secrets: { accessToken: input.accessToken } }
        : { kind: 'sms', from: input.from, accountSid: input.accountSid, secrets: { authToken: input.authToken } };
    const check = ChannelCheckSchema.parse(await checkChannel(claim, deps.providers, deps.timers, deps.clock.now()));
    if (!check.ok) throw notVerified(number, check);
    let channel: ChannelView;
    try {
      channel = await store.channels.create(principal.organizationId, input, deps.clock.now(), check);
    } catch (error) {
      if (!(error instanceof ChannelAddressTaken)) throw error;
      // Whose number it is stays unsaid: another organisation on this backend is not the caller's business.
      throw new ApiFailure('CHANNEL_NUMBER_TAKEN', `The number ${number} is already a channel on this backend; remove it there first.`, { number });
    }
    await people.audit(principal, 'channel.created', request.ip, number, { channel: channel.kind, label: channel.label });
    return reply.code(201).send(channel);
  });

  app.patch('/channels/:id', async (request) => {
    const principal = await auth(request, 'organization.manage');
    const { id } = IdParamSchema.parse(request.params);
    const patch = UpdateChannelSchema.parse(request.body);
    const before = await store.channels.view(principal.organizationId, id);
    if (!before) throw notFound();
    const fields = Object.keys(patch);
    // The update schema names every kind's fields; one the channel does not have is refused, not ignored.
    const foreign = fields.filter((name) => !(FIELDS_OF_KIND[before.kind] as readonly string[]).includes(name));
    if (foreign.length > 0) {
      throw new ApiFailure('FIELD_NOT_OF_KIND', `A ${before.kind === 'whatsapp' ? 'WhatsApp' : 'SMS'} channel has no ${foreign.join(', ')}.`, { fields: foreign.join(', ') });
    }
    let check: ChannelCheck | null = null;
    if (CHECKED_FIELDS.some((name) => patch[name] !== undefined)) {
      check = ChannelCheckSchema.parse(await checkChannel(claimOf((await store.channels.record(id))!, patch), deps.providers, deps.timers, deps.clock.now()));
      if (!check.ok) throw notVerified(channelNumber(before), check);
    }
    // Removed by someone else while the provider was asked: nothing to change.
    const channel = await store.channels.update(principal.organizationId, id, patch, deps.clock.now(), check);
    if (!channel) throw notFound();
    await people.audit(principal, 'channel.updated', request.ip, channelNumber(channel), { channel: channel.kind, label: channel.label, fields });
    return channel;
  });

  app.delete('/channels/:id', async (request, reply) => {
    const principal = await auth(request, 'organization.manage');
    const { id } = IdParamSchema.parse(request.params);
    const channel = await store.channels.view(principal.organizationId, id);
    if (!channel) throw notFound();
    // The inboxes it served lose it: each one's new settings reach the desktops (their composers stop offering it).
    await store.write(principal.organizationId, deps.clock.now(), async (emit) => {
      await store.channels.remove(principal.organizationId, id, deps.clock.now());
      for (const inbox of await store.organizations.releaseChannel(id)) {
        const row = await store.organizations.inbox(principal.organizationId, inbox);
        if (row) emit('inbox.upsert', { inbox: inboxView(row) });
      }
    });
    await people.audit(principal, 'channel.removed', request.ip, channelNumber(channel), { channel: channel.kind, label: channel.label });
    return reply.code(204).send();
  });

  app.post('/channels/:id/test', async (request) => {
    const principal = await auth(request, 'organization.manage');
    const { id } = IdParamSchema.parse(request.params);
    const view = await store.channels.view(principal.organizationId, id);
    if (!view) throw notFound();
    const check = ChannelCheckSchema.parse(await checkChannel((await store.channels.record(id))!, deps.providers, deps.timers, deps.clock.now()));
    await store.channels.setCheck(id, check);
    await people.audit(principal, 'channel.tested', request.ip, channelNumber(view), { channel: view.kind, label: view.label, ok: check.ok });
    return check;
  });
}
