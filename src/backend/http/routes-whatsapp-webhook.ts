import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { ChannelReports } from '../channels/channel-reports';
import { checkWhatsAppSignature } from '../channels/whatsapp-webhook';
import type { Logger } from '../../ports/logger';

export interface WhatsAppWebhookConfig {
  verifyToken: string;
  appSecret: string;
  /** The organisation this WhatsApp number belongs to. */
  organizationId: string;
  /** Meta's id of that number: deliveries for any other number are not this organisation's. */
  phoneNumberId: string;
}

const VerifySchema = z.object({ 'hub.mode': z.literal('subscribe'), 'hub.verify_token': z.string(), 'hub.challenge': z.string() });

/** Meta's webhook: the subscription handshake, then signed inbound messages and statuses. */
export function whatsappWebhookRoutes(app: FastifyInstance, reports: ChannelReports, logger: Logger, config: WhatsAppWebhookConfig): void {
  // Its own context: the body stays the exact bytes received until the signature over them is
  // checked; nothing unsigned is parsed.
  void app.register(async (hooks) => {
    hooks.removeContentTypeParser('application/json');
    hooks.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_request, body: Buffer, done) => done(null, body));

    hooks.get('/webhooks/whatsapp', async (request, reply) => {
      const query = VerifySchema.safeParse(request.query);
      if (!query.success || query.data['hub.verify_token'] !== config.verifyToken) {
        return reply.code(403).send({ error: { code: 'FORBIDDEN', message: 'Wrong verify token.' } });
      }
      return reply.type('text/plain').send(query.data['hub.challenge']);
    });

    hooks.post('/webhooks/whatsapp', async (request, reply) => {
      const raw = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
      const signature = checkWhatsAppSignature(raw, request.headers['x-hub-signature-256'], config.appSecret);
      if (!signature.ok) {
        logger.warn({ ip: request.ip, code: signature.code }, 'refused a WhatsApp webhook with a missing or wrong signature');
        return reply.code(401).send({ error: { code: signature.code, message: signature.message } });
      }
      const owner = { organizationId: config.organizationId, phoneNumberId: config.phoneNumberId };
      let body: unknown;
      try {
        body = JSON.parse(raw.toString('utf8'));
      } catch {
        reports.whatsappUnreadable(owner, raw.toString('utf8'));
        return reply.code(200).send({ ok: true });
      }
      if (reports.whatsapp(owner, body) === 'later') {
        return reply.code(503).send({
          error: { code: 'TRY_AGAIN', message: 'A failure arrived for a send whose answer is still on its way; send this delivery again shortly.' },
        });
      }
      // Acknowledged only after everything above was stored: Meta retries what we do not acknowledge.
      return reply.code(200).send({ ok: true });
    });
  });
}
