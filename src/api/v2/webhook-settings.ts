import { z } from 'zod';

/**
 * PUT /v2/webhook: where the organisation's own systems receive its events, and the secret
 * they are signed with. Only an http(s) address: the backend posts every event there, and a
 * file:, javascript: or data: address is no receiver but would be stored and tried forever.
 */
export const WebhookSettingsSchema = z.object({
  url: z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// address' }).max(2000),
  secret: z.string().min(16).max(200),
});
