import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { WhatsAppRoutingSchema, WhatsAppWebhookSchema } from '../../api/v2/channel-webhooks';
import type { ChannelReports, RoutedChange } from '../channels/channel-reports';
import { checkWhatsAppSignature } from '../channels/whatsapp-webhook';
import type { ChannelsRepo, ChannelRecord } from '../store/channels-repo';
import type { Logger } from '../../ports/logger';

const VerifySchema = z.object({ 'hub.mode': z.literal('subscribe'), 'hub.verify_token': z.string(), 'hub.challenge': z.string() });

type WhatsAppChannel = ChannelRecord & { kind: 'whatsapp' };

/** Equal strings, compared in constant time (over their digests, so that the length is not told either). */
function sameSecret(given: string, expected: string): boolean {
  const digest = (text: string) => createHash('sha256').update(text).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

/** The number a messages change names (`metadata.phone_number_id`); null for a change that names none. */
function numberOf(change: { field: string; value: unknown }): string | null {
  const number = change.field === 'messages' ? WhatsAppRoutingSchema.safeParse(change.value) : null;
  return number?.success ? number.data.metadata.phone_number_id : null;
}

/**
 * The channels a change is for, by organisation: a messages change by the number it names,
 * anything else (a template's review status names no number) by the business account of its
 * entry, whose numbers may be several. Indexed lookups, whatever the number of channels on the
 * backend.
 */
async function channelsOf(channels: ChannelsRepo, accountId: string, change: { field: string; value: unknown }): Promise<Map<string, WhatsAppChannel[]>> {
  const number = numberOf(change);
  const found = number !== null ? [await channels.byAddress('whatsapp', number)] : await channels.byBusinessAccount(accountId);
  const byOrganization = new Map<string, WhatsAppChannel[]>();
  for (const channel of found) {
    if (channel?.kind !== 'whatsapp') continue;
    byOrganization.set(channel.organizationId, [...(byOrganization.get(channel.organizationId) ?? []), channel]);
  }
  return byOrganization;
}

/**
 * Meta's webhook for every organisation's WhatsApp numbers: the subscription handshake, then
 * signed customers' messages, statuses and template reviews. Each change is routed to the
 * channel of the number it names and applied only there, and only when the delivery's
 * signature verifies with that channel's app secret (one Meta app often serves several numbers,
 * so channels may share it): a number of another organisation, signed with this one's secret,
 * is not applied.
 */
export function whatsappWebhookRoutes(app: FastifyInstance, reports: ChannelReports, channels: ChannelsRepo, logger: Logger): void {
  // Its own context: the body stays the exact bytes received until a signature over them is checked.
  void app.register(async (hooks) => {
    hooks.removeContentTypeParser('application/json');
    hooks.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_request, body: Buffer, done) => done(null, body));

    hooks.get('/webhooks/whatsapp', async (request, reply) => {
      const query = VerifySchema.safeParse(request.query);
      // Meta names no number in the handshake: any working WhatsApp channel's verify token subscribes.
      const known = query.success && (await channels.active('whatsapp')).some((c) => c.kind === 'whatsapp' && sameSecret(query.data['hub.verify_token'], c.secrets.verifyToken));
      if (!query.success || !known) {
        return reply.code(403).send({ error: { code: 'FORBIDDEN', message: 'Wrong verify token: it is not the verify token of any WhatsApp number on this backend.' } });
      }
      return reply.type('text/plain').send(query.data['hub.challenge']);
    });

    hooks.post('/webhooks/whatsapp', async (request, reply) => {
      const raw = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
      const header = request.headers['x-hub-signature-256'];
      // A missing or malformed header is refused before anything in the body is looked at.
      const shape = checkWhatsAppSignature(raw, header, '');
      if (!shape.ok && shape.code !== 'BAD_SIGNATURE') {
        logger.warn({ ip: request.ip, code: shape.code }, 'refused a WhatsApp webhook with a missing or malformed signature');
        return reply.code(401).send({ error: { code: shape.code, message: shape.message } });
      }
      // Parsed only to route it: nothing in it is used before its channel's secret verifies it.
      let body: unknown;
      try {
        body = JSON.parse(raw.toString('utf8'));
      } catch {
        body = undefined;
      }
      const envelope = WhatsAppWebhookSchema.safeParse(body);
      if (!envelope.success) {
        logger.warn({ ip: request.ip }, 'refused a WhatsApp webhook that is not a WhatsApp Business delivery');
        return reply.code(400).send({
          error: { code: 'NOT_WHATSAPP_WEBHOOK', message: 'The body is not a WhatsApp Business webhook (JSON with object "whatsapp_business_account" and a list of entries): it names no number to route it to.' },
        });
      }
      const verdicts = new Map<string, boolean>();
      const verified = (channel: WhatsAppChannel) => {
        const secret = channel.secrets.appSecret;
        if (!verdicts.has(secret)) verdicts.set(secret, checkWhatsAppSignature(raw, header, secret).ok);
        return verdicts.get(secret)!;
      };
      const routed: RoutedChange[] = [];
      const toRemoved: Array<() => Promise<void>> = [];
      let unknown = 0;
      let forged = 0;
      for (const entry of envelope.data.entry) {
        for (const change of entry.changes) {
          const targets = await channelsOf(channels, entry.id, change);
          const number = numberOf(change);
          const removed = targets.size === 0 && number !== null ? await channels.removedByAddress('whatsapp', number) : undefined;
          // A number a manager removed: its organisation learns a customer wrote to it, if the number's own app secret signed it.
          if (removed?.record.kind === 'whatsapp' && verified(removed.record)) {
            const owner = { organizationId: removed.record.organizationId, channelId: removed.record.id };
            toRemoved.push(() => reports.forRemovedNumber(owner, 'whatsapp', number!, removed.removedAt, JSON.stringify(change)));
            continue;
          }
          if (targets.size === 0) unknown++;
          // Applied once in each organisation, through a channel of its whose app secret signed it.
          for (const candidates of targets.values()) {
            const channel = candidates.find(verified);
            if (channel) routed.push({ owner: { organizationId: channel.organizationId, channelId: channel.id }, businessAccountId: entry.id, change });
            else forged++;
          }
        }
      }
      if (unknown > 0) logger.warn({ ip: request.ip, changes: unknown }, 'a WhatsApp webhook named a number or account no channel on this backend has; those changes were not applied');
      if (forged > 0) {
        logger.warn({ ip: request.ip, changes: forged }, 'refused WhatsApp changes whose number’s app secret did not sign the delivery');
      }
      // Nothing in it proved to be ours: the same answer whether no channel has the number or its
      // secret did not sign it, so that an unsigned caller cannot learn which numbers are here.
      if (routed.length === 0 && toRemoved.length === 0 && (forged > 0 || unknown > 0)) {
        return reply.code(401).send({
          error: { code: 'BAD_SIGNATURE', message: 'The X-Hub-Signature-256 does not match the body: it was not signed with the app secret of the number it names.' },
        });
      }
      if ((await reports.whatsapp(routed)) === 'later') {
        return reply.code(503).send({
          error: { code: 'TRY_AGAIN', message: 'A failure arrived for a send whose answer is still on its way; send this delivery again shortly.' },
        });
      }
      // After the 503 above, so that a delivery asked for again is not recorded twice.
      for (const record of toRemoved) await record();
      // Acknowledged only after everything above was stored: Meta retries what we do not acknowledge.
      return reply.code(200).send({ ok: true });
    });
  });
}
