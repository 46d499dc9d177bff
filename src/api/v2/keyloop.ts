import { z } from 'zod';

const id = z.string().trim().min(1).max(100);

/** The record a Keyloop event names: a repair order (its usual subject) or a service appointment. */
export const KeyloopRecordSchema = z.object({ kind: z.enum(['repair-order', 'appointment']), id });
export type KeyloopRecord = z.infer<typeof KeyloopRecordSchema>;

/**
 * POST /v2/keyloop/events: a delivery of Keyloop's Subscriber Event API, a CloudEvent 1.0 in
 * structured JSON. Since 1.2.5 the tenant travels in `context` (`enterpriseId`, `storeId`);
 * before, in the `enterprise-id` and `store-id` headers, which the route passes in here. A
 * notification's `data` names the record (`RepairOrderId`); a full-payload ("integration")
 * event is the record itself, which carries the same id. The backend holds no Keyloop
 * credentials: it relays the notification to the desktop that pulls that store, which fetches it.
 */
export const KeyloopCloudEventSchema = z
  .object({
    specversion: z.literal('1.0'),
    id: z.string().min(1).max(200),
    source: z.string().min(1).max(500),
    type: z.string().min(1).max(200),
    time: z.string().max(64).optional(),
    context: z.looseObject({ enterpriseId: id, storeId: id }),
    data: z.looseObject({
      RepairOrderId: id.optional(),
      repairOrderId: id.optional(),
      ServiceAppointmentId: id.optional(),
      appointmentId: id.optional(),
    }),
  })
  .transform((event, ctx) => {
    const { RepairOrderId, repairOrderId, ServiceAppointmentId, appointmentId } = event.data;
    const repairOrder = RepairOrderId ?? repairOrderId;
    const appointment = ServiceAppointmentId ?? appointmentId;
    if (!repairOrder && !appointment) {
      ctx.addIssue({ code: 'custom', path: ['data'], message: 'names no record: RepairOrderId or appointmentId is required' });
      return z.NEVER;
    }
    const record: KeyloopRecord = repairOrder ? { kind: 'repair-order', id: repairOrder } : { kind: 'appointment', id: appointment! };
    return { id: event.id, tenant: keyloopTenant(event.context.enterpriseId, event.context.storeId), record };
  });
export type KeyloopEvent = z.output<typeof KeyloopCloudEventSchema>;

/** A store as events and sources name it. */
export function keyloopTenant(enterpriseId: string, storeId: string): string {
  return `${enterpriseId}/${storeId}`;
}
