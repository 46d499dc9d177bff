import { z } from 'zod';
import { CursorSchema, PageLimitSchema, pageOf } from './paging';

/*
 * What the channels post to the backend, in their own formats, defined once. Meta's envelope
 * is read loosely and each change, message and status strictly on its own: one unusable item
 * is recorded as rejected with its reason, and the others in the same delivery still count.
 */

/** Unix time in whole seconds, as Meta writes it (a string of digits). */
const SecondsSchema = z.string().regex(/^\d{1,16}$/, 'is not a whole number of seconds');

/** A WhatsApp id: the customer's number with its country code, digits only. */
const WaIdSchema = z.string().regex(/^\d{6,15}$/, 'is not a phone number (digits with the country code)');

/** POST /webhooks/whatsapp: `{object, entry:[{id, changes:[{field, value}]}]}`. */
export const WhatsAppWebhookSchema = z.object({
  object: z.literal('whatsapp_business_account'),
  entry: z.array(
    z.object({
      id: z.string(),
      changes: z.array(z.object({ field: z.string(), value: z.unknown() })),
    }),
  ),
});

/** The `value` of a change with `field: "messages"`: customers' messages and our messages' statuses. */
export const WhatsAppMessagesValueSchema = z.object({
  metadata: z.object({ phone_number_id: z.string().min(1), display_phone_number: z.string().optional() }),
  contacts: z.array(z.object({ wa_id: z.string(), profile: z.object({ name: z.string() }).partial().optional() })).optional(),
  messages: z.array(z.unknown()).optional(),
  statuses: z.array(z.unknown()).optional(),
});

/** Just enough of a messages change to route it to its number's channel, before its signature is checked. */
export const WhatsAppRoutingSchema = z.object({ metadata: z.object({ phone_number_id: z.string().min(1).max(30) }) });

/** A customer's message. Replies to quick-reply buttons come as `button` or `interactive`. */
export const WhatsAppInboundSchema = z.object({
  from: WaIdSchema,
  id: z.string().min(1).max(200),
  timestamp: SecondsSchema,
  type: z.string().min(1).max(50),
  text: z.object({ body: z.string() }).optional(),
  button: z.object({ text: z.string(), payload: z.string().optional() }).optional(),
  interactive: z.object({ button_reply: z.object({ id: z.string(), title: z.string() }).optional() }).optional(),
});
export type WhatsAppInbound = z.infer<typeof WhatsAppInboundSchema>;

/** A status of one of our messages; `biz_opaque_callback_data` echoes what we sent with it (our message id). */
export const WhatsAppStatusSchema = z.object({
  id: z.string().min(1).max(200),
  status: z.enum(['sent', 'delivered', 'read', 'failed']),
  timestamp: SecondsSchema,
  recipient_id: z.string(),
  biz_opaque_callback_data: z.string().max(512).optional(),
  errors: z.array(z.object({ code: z.number(), title: z.string().optional(), message: z.string().optional() })).optional(),
});
export type WhatsAppStatus = z.infer<typeof WhatsAppStatusSchema>;

/** The number an SMS webhook is routed by (inbound: our receiving number `To`; status: our sending number `From`). */
const OurNumberSchema = z.string().trim().min(1, 'is required').max(40);
/** Inbound SMS: routed by the number the customer wrote to. */
export const TwilioInboundRouteSchema = z.object({ To: OurNumberSchema });
/** Status callback: routed by the number we sent from. */
export const TwilioStatusRouteSchema = z.object({ From: OurNumberSchema });

/** Twilio's status callback (form-encoded). */
export const TwilioStatusSchema = z.object({
  MessageSid: z.string().min(1).max(64),
  From: OurNumberSchema,
  To: z.string().max(40).optional(),
  MessageStatus: z.string().min(1).max(40),
  ErrorCode: z.string().regex(/^\d{1,9}$/, 'is not an error number').optional(),
  ErrorMessage: z.string().max(1000).optional(),
});

/** A customer's SMS (form-encoded). */
export const TwilioInboundSchema = z.object({
  MessageSid: z.string().min(1).max(64),
  From: z.string().min(1).max(40),
  To: OurNumberSchema,
  Body: z.string(),
});

export const REJECTED_WEBHOOK_CHANNELS = ['whatsapp', 'sms'] as const;

/** A signed delivery (or one item of it) that could not be used, and why. */
export const RejectedWebhookSchema = z.object({
  id: z.number().int(),
  channel: z.enum(REJECTED_WEBHOOK_CHANNELS),
  reason: z.string(),
  /** The item as it arrived, JSON. */
  payload: z.string(),
  receivedAt: z.number(),
});
export type RejectedWebhook = z.infer<typeof RejectedWebhookSchema>;

/** GET /v2/rejected-webhooks: the newest page, or the page older than `before`. */
export const RejectedWebhooksQuerySchema = z
  .object({
    before: CursorSchema.optional(),
    limit: PageLimitSchema(50),
  })
  .strict();

/** A page of rejected deliveries, newest first; `next` is the `before` of the older page. */
export const RejectedWebhookPageSchema = pageOf(RejectedWebhookSchema, z.string());
export type RejectedWebhookPage = z.infer<typeof RejectedWebhookPageSchema>;
