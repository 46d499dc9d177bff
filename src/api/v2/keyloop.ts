import { z } from 'zod';

/**
 * POST /v2/keyloop/events: a Keyloop event subscription's delivery, a CloudEvent 1.0 in
 * structured JSON. `source` names the tenant (`/enterprises/{enterpriseId}/stores/{storeId}`);
 * `data` names the record to fetch (`appointmentId`), or is the full record, which carries the
 * same id. The backend holds no Keyloop credentials: it relays the notification to the desktop
 * that pulls that store, which fetches the record.
 */
export const KeyloopCloudEventSchema = z.object({
  specversion: z.literal('1.0'),
  id: z.string().min(1).max(200),
  source: z.string().regex(/^\/enterprises\/[^/]+\/stores\/[^/]+$/, 'must be /enterprises/{enterpriseId}/stores/{storeId}'),
  type: z.string().min(1).max(200),
  time: z.string().max(64).optional(),
  data: z.looseObject({ appointmentId: z.string().min(1).max(100) }),
});
export type KeyloopCloudEvent = z.infer<typeof KeyloopCloudEventSchema>;

export const KeyloopReceiptSchema = z.object({ eventId: z.string(), outcome: z.enum(['relayed', 'duplicate']) });
export type KeyloopReceipt = z.infer<typeof KeyloopReceiptSchema>;

/** The tenant path of a Keyloop store, as CloudEvents name it. */
export function keyloopTenant(enterpriseId: string, storeId: string): string {
  return `/enterprises/${enterpriseId}/stores/${storeId}`;
}
