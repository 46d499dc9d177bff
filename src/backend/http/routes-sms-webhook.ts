import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ChannelReports } from '../channels/channel-reports';
import { validTwilioSignature } from '../channels/twilio-signature';

export interface SmsWebhookConfig {
  authToken: string;
  /**
   * The backend's address as the provider calls it (the signature covers the full URL); by
   * default the address the request was sent to. Set it when a proxy sits in front.
   */
  publicUrl?: string;
  organizationId: string;
}

/** The SMS provider's signed status callbacks and inbound messages (form-encoded). */
export function smsWebhookRoutes(app: FastifyInstance, reports: ChannelReports, config: SmsWebhookConfig): void {
  const verified = (request: FastifyRequest, path: string) =>
    validTwilioSignature(
      config.authToken,
      `${config.publicUrl ?? `${request.protocol}://${request.headers.host}`}${path}`,
      (request.body ?? {}) as Record<string, string>,
      typeof request.headers['x-twilio-signature'] === 'string' ? request.headers['x-twilio-signature'] : undefined,
    );
  const refuse = { error: { code: 'BAD_SIGNATURE', message: 'The X-Twilio-Signature does not match the URL and parameters.' } };
  const owner = { organizationId: config.organizationId };

  // Signed but unusable deliveries are recorded as rejected and still acknowledged (204).
  app.post('/webhooks/sms/status', async (request, reply) => {
    if (!verified(request, '/webhooks/sms/status')) return reply.code(401).send(refuse);
    reports.smsStatus(owner, request.body);
    return reply.code(204).send();
  });

  app.post('/webhooks/sms/inbound', async (request, reply) => {
    if (!verified(request, '/webhooks/sms/inbound')) return reply.code(401).send(refuse);
    reports.smsInbound(owner, request.body);
    return reply.code(204).send();
  });
}
