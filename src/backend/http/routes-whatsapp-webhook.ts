import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { whatsappError } from '../../domain/whatsapp-errors';
import { inboundText, validWhatsAppSignature, WhatsAppWebhookSchema } from '../channels/whatsapp-webhook';
import type { ServerDeps } from './server';

export interface WhatsAppWebhookConfig {
  verifyToken: string;
  appSecret: string;
  /** The organisation this WhatsApp number belongs to. */
  organizationId: string;
}

const VerifySchema = z.object({ 'hub.mode': z.literal('subscribe'), 'hub.verify_token': z.string(), 'hub.challenge': z.string() });

/** Meta's webhook: the subscription handshake, then signed inbound messages and statuses. */
export function whatsappWebhookRoutes(app: FastifyInstance, deps: ServerDeps, config: WhatsAppWebhookConfig): void {
  app.get('/webhooks/whatsapp', async (request, reply) => {
    const query = VerifySchema.safeParse(request.query);
    if (!query.success || query.data['hub.verify_token'] !== config.verifyToken) {
      return reply.code(403).send({ error: { code: 'FORBIDDEN', message: 'Wrong verify token.' } });
    }
    return reply.type('text/plain').send(query.data['hub.challenge']);
  });

  app.post('/webhooks/whatsapp', async (request, reply) => {
    const signature = request.headers['x-hub-signature-256'];
    if (!request.rawBody || !validWhatsAppSignature(request.rawBody, typeof signature === 'string' ? signature : undefined, config.appSecret)) {
      deps.logger.warn({ ip: request.ip }, 'refused a WhatsApp webhook with a missing or wrong signature');
      return reply.code(401).send({ error: { code: 'BAD_SIGNATURE', message: 'The X-Hub-Signature-256 does not match.' } });
    }
    const webhook = WhatsAppWebhookSchema.parse(request.body);
    for (const entry of webhook.entry) {
      for (const { value } of entry.changes) {
        const names = new Map((value.contacts ?? []).map((c) => [c.wa_id, c.profile.name ?? null]));
        for (const m of value.messages ?? []) {
          deps.conversations.receive(config.organizationId, 'whatsapp', `+${m.from}`, names.get(m.from) ?? null, m.id, inboundText(m), Number(m.timestamp) * 1000);
        }
        for (const s of value.statuses ?? []) {
          const ours = deps.store.messages.byProviderId('whatsapp', s.id) ?? (s.biz_opaque_callback_data ? deps.store.messages.get(s.biz_opaque_callback_data) : undefined);
          if (!ours) continue;
          const error = s.errors?.[0];
          deps.conversations.reportStatus(ours.id, s.id, s.status, error ? { code: error.code, reason: whatsappError(error.code, error.message ?? error.title).reason } : null);
        }
      }
    }
    // Acknowledged only after everything above was stored: Meta retries what we do not acknowledge.
    return reply.code(200).send({ ok: true });
  });
}
