import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';

/** X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the raw body with the App Secret>, compared in constant time. */
export function validWhatsAppSignature(rawBody: Buffer, header: string | undefined, appSecret: string): boolean {
  if (!header?.startsWith('sha256=')) return false;
  const given = Buffer.from(header.slice('sha256='.length), 'hex');
  const expected = createHmac('sha256', appSecret).update(rawBody).digest();
  return given.length === expected.length && timingSafeEqual(given, expected);
}

const StatusSchema = z.object({
  id: z.string(),
  status: z.enum(['sent', 'delivered', 'read', 'failed']),
  timestamp: z.string(),
  recipient_id: z.string(),
  biz_opaque_callback_data: z.string().optional(),
  errors: z
    .array(z.object({ code: z.number(), title: z.string().optional(), message: z.string().optional() }))
    .optional(),
});

const InboundSchema = z.object({
  from: z.string(),
  id: z.string(),
  timestamp: z.string(),
  type: z.string(),
  text: z.object({ body: z.string() }).optional(),
  button: z.object({ text: z.string(), payload: z.string().optional() }).optional(),
  interactive: z
    .object({ button_reply: z.object({ id: z.string(), title: z.string() }).optional() })
    .optional(),
});

export const WhatsAppWebhookSchema = z.object({
  object: z.literal('whatsapp_business_account'),
  entry: z.array(
    z.object({
      id: z.string(),
      changes: z.array(
        z.object({
          field: z.string(),
          value: z.object({
            metadata: z.object({ phone_number_id: z.string() }).partial().optional(),
            contacts: z.array(z.object({ wa_id: z.string(), profile: z.object({ name: z.string() }).partial() })).optional(),
            messages: z.array(InboundSchema).optional(),
            statuses: z.array(StatusSchema).optional(),
          }),
        }),
      ),
    }),
  ),
});

/** What the text of an inbound message is, whatever kind of reply it was. */
export function inboundText(message: z.infer<typeof InboundSchema>): string {
  return message.text?.body ?? message.button?.text ?? message.interactive?.button_reply?.title ?? `[${message.type}]`;
}
