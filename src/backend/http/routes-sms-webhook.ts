import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { smsStatus } from '../channels/twilio-sms';
import { validTwilioSignature } from '../channels/twilio-signature';
import type { ServerDeps } from './server';

export interface SmsWebhookConfig {
  authToken: string;
  /**
   * The backend's address as the provider calls it (the signature covers the full URL); by
   * default the address the request was sent to. Set it when a proxy sits in front.
   */
  publicUrl?: string;
  organizationId: string;
}

const StatusSchema = z.object({ MessageSid: z.string(), MessageStatus: z.string(), ErrorCode: z.string().optional(), ErrorMessage: z.string().optional() });
const InboundSchema = z.object({ MessageSid: z.string(), From: z.string(), Body: z.string() });

/** The SMS provider's signed status callbacks and inbound messages (form-encoded). */
export function smsWebhookRoutes(app: FastifyInstance, deps: ServerDeps, config: SmsWebhookConfig): void {
  const verified = (request: FastifyRequest, path: string) =>
    validTwilioSignature(
      config.authToken,
      `${config.publicUrl ?? `${request.protocol}://${request.headers.host}`}${path}`,
      request.body as Record<string, string>,
      typeof request.headers['x-twilio-signature'] === 'string' ? request.headers['x-twilio-signature'] : undefined,
    );
  const refuse = { error: { code: 'BAD_SIGNATURE', message: 'The X-Twilio-Signature does not match.' } };

  app.post('/webhooks/sms/status', async (request, reply) => {
    if (!verified(request, '/webhooks/sms/status')) return reply.code(401).send(refuse);
    const report = StatusSchema.parse(request.body);
    const status = smsStatus(report.MessageStatus);
    const ours = deps.store.messages.byProviderId('sms', report.MessageSid);
    if (status && ours) {
      const failure = status === 'failed' ? { code: report.ErrorCode ? Number(report.ErrorCode) : null, reason: `The SMS was not delivered${report.ErrorMessage ? `: ${report.ErrorMessage}` : ''}.` } : null;
      deps.conversations.reportStatus(ours.id, report.MessageSid, status, failure);
    }
    return reply.code(204).send();
  });

  app.post('/webhooks/sms/inbound', async (request, reply) => {
    if (!verified(request, '/webhooks/sms/inbound')) return reply.code(401).send(refuse);
    const inbound = InboundSchema.parse(request.body);
    deps.conversations.receive(config.organizationId, 'sms', inbound.From, null, inbound.MessageSid, inbound.Body, deps.clock.now());
    return reply.code(204).send();
  });
}
