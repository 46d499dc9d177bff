import { z } from 'zod';
import { AuthorSchema } from './auth';

/**
 * PUT /v2/webhook (managers): where the organisation's own systems receive its events, and the
 * secret they are signed with. Only an http(s) address: the backend posts every event there,
 * and a file:, javascript: or data: address is no receiver but would be stored and tried
 * forever. The backend checks more when it is set and at every delivery (webhook-target):
 * https only (plain http to loopback only on a backend started for development), and no
 * address inside the dealership's network unless its configuration allows it.
 */
export const WebhookSettingsSchema = z.object({
  url: z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// address' }).max(2000),
  secret: z.string().min(16).max(200),
});
export type WebhookSettings = z.infer<typeof WebhookSettingsSchema>;

/**
 * GET /v2/webhook (managers): where the events go and how delivery goes. `delivered` is the
 * seq of the last event the receiver took; `failure` is why the last attempt failed (null: the
 * last one went through), while it is being tried again.
 */
export const WebhookStatusSchema = z.object({
  url: z.string(),
  delivered: z.number().int().min(0),
  failure: z.object({ reason: z.string(), attempts: z.number().int().positive(), at: z.number().int() }).nullable(),
});
export type WebhookStatus = z.infer<typeof WebhookStatusSchema>;

/**
 * One delivery to the organisation's webhook, in Web1on1's form: `event` is
 * `message.create.<role>.<type>` (e.g. message.create.contact.chat) with
 * `data: { conversation, message }`, or `<resource>.<create|update|delete>` with
 * `data: { <resource> }`; `activity` is who did it (null: the customer, a channel, the
 * reminder bot, or a change from before people signed in); `seq` is the event's place in the
 * organisation's log (a receiver can tell a repeat, deliveries are at least once).
 */
export const WebhookEventSchema = z.object({
  event: z.string(),
  data: z.record(z.string(), z.unknown()),
  activity: AuthorSchema.nullable(),
  organization: z.string(),
  seq: z.number().int().positive(),
  createdAt: z.number(),
});
export type WebhookEvent = z.infer<typeof WebhookEventSchema>;
