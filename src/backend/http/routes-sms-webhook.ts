import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { TwilioInboundRouteSchema, TwilioStatusRouteSchema } from '../../api/v2/channel-webhooks';
import type { ChannelOwner } from '../channels/channel-reports';
import type { ChannelReports } from '../channels/channel-reports';
import { validTwilioSignature } from '../channels/twilio-signature';
import type { ChannelsRepo } from '../store/channels-repo';
import type { Logger } from '../../ports/logger';

/**
 * The SMS provider's signed status callbacks and inbound messages (form-encoded), for every
 * organisation's SMS senders: routed by our number in them (inbound: `To`, the number the
 * customer wrote to; status: `From`, the number we sent from) to its channel, and believed only
 * when signed with that channel's auth token. `publicUrl`: the backend's address as the
 * provider calls it (the signature covers the full URL); null: the address the request came to.
 */
export function smsWebhookRoutes(app: FastifyInstance, reports: ChannelReports, channels: ChannelsRepo, logger: Logger, publicUrl: string | null): void {
  const routed = async (
    request: FastifyRequest,
    reply: FastifyReply,
    path: string,
    route: z.ZodType<{ To: string } | { From: string }>,
    apply: (owner: ChannelOwner) => Promise<void>,
  ) => {
    const params = (request.body ?? {}) as Record<string, string>;
    // One answer for a callback naming no number, a number no channel has and a wrong signature:
    // an unsigned caller does not learn which numbers are ours. The log line says which it was.
    const refuse = () =>
      reply.code(401).send({ error: { code: 'BAD_SIGNATURE', message: 'The X-Twilio-Signature does not match the URL and parameters for this number’s auth token.' } });
    const named = route.safeParse(params);
    if (!named.success) {
      const which = path.endsWith('inbound') ? 'To (the number the customer wrote to)' : 'From (the number the message was sent from)';
      logger.warn({ ip: request.ip }, `refused an SMS webhook without ${which}: no sender's auth token can check it`);
      return refuse();
    }
    const number = 'To' in named.data ? named.data.To : named.data.From;
    // The signature covers the whole address the provider called, its query too (a status callback names our message there).
    const query = request.url.includes('?') ? request.url.slice(request.url.indexOf('?')) : '';
    const url = `${publicUrl ?? `${request.protocol}://${request.headers.host}`}${path}${query}`;
    const header = request.headers['x-twilio-signature'];
    const signedBy = (authToken: string) => validTwilioSignature(authToken, url, params, typeof header === 'string' ? header : undefined);
    const channel = await channels.byAddress('sms', number);
    const removed = channel ? undefined : await channels.removedByAddress('sms', number);
    if (removed?.record.kind === 'sms' && signedBy(removed.record.secrets.authToken)) {
      await reports.forRemovedNumber({ organizationId: removed.record.organizationId, channelId: removed.record.id }, 'sms', number, removed.removedAt, JSON.stringify(params));
      return reply.code(204).send();
    }
    if (!channel || channel.kind !== 'sms') {
      logger.warn({ ip: request.ip, number }, removed ? 'refused an SMS webhook for a removed number, not signed with its auth token' : 'refused an SMS webhook for a number no channel on this backend has');
      return refuse();
    }
    if (!signedBy(channel.secrets.authToken)) {
      logger.warn({ ip: request.ip, channelId: channel.id }, 'refused an SMS webhook whose signature is not its number’s');
      return refuse();
    }
    await apply({ organizationId: channel.organizationId, channelId: channel.id });
    // Signed but unusable deliveries are recorded as rejected and still acknowledged.
    return reply.code(204).send();
  };

  app.post('/webhooks/sms/status', async (request, reply) =>
    routed(request, reply, '/webhooks/sms/status', TwilioStatusRouteSchema, (owner) =>
      reports.smsStatus(owner, request.body, new URLSearchParams(request.url.split('?')[1] ?? '').get('message')),
    ),
  );
  app.post('/webhooks/sms/inbound', async (request, reply) =>
    routed(request, reply, '/webhooks/sms/inbound', TwilioInboundRouteSchema, (owner) => reports.smsInbound(owner, request.body)),
  );
}
