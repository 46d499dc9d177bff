import { z } from 'zod';
import { IsoDateSchema, WallTimeSchema } from '../appointment';

export const ISPA_EVENT_TYPES = ['appointment.created', 'appointment.changed', 'appointment.cancelled', 'vehicle.checkedIn'] as const;

const text = (max: number) => z.string().trim().max(max).optional();

/**
 * An event BMW's ISPA Next pushes to POST /v2/inboxes/{inbox}/ispa/events. ISPA Next's event
 * interface is not public, so this is the shape the dealership's integration sends, defined
 * here once: delivered at least once, in any order, possibly late; `eventId` names the event,
 * `occurredAt` (then `sequence`) orders the events of one appointment.
 */
export const IspaEventSchema = z
  .object({
    eventId: z.string().min(1).max(200),
    type: z.enum(ISPA_EVENT_TYPES),
    occurredAt: z.iso.datetime({ offset: true }),
    sequence: z.number().int().nonnegative().optional(),
    appointment: z.object({
      id: z.string().trim().min(1).max(100),
      branch: z.string().trim().max(60).default(''),
      date: IsoDateSchema.optional(),
      time: WallTimeSchema.optional(),
      customer: z.object({ name: text(200), phone: text(40), email: z.union([z.literal(''), z.string().trim().email().max(254)]).optional() }).optional(),
      vehicle: z.object({ plate: text(20), make: text(100), model: text(100) }).optional(),
      work: text(4000),
      serviceAdvisor: text(100),
      repairOrder: text(100),
    }),
  })
  .superRefine((e, ctx) => {
    if ((e.type === 'appointment.created' || e.type === 'appointment.changed') && (!e.appointment.date || !e.appointment.time)) {
      ctx.addIssue({ code: 'custom', path: ['appointment', 'date'], message: `${e.type} needs the appointment's date and time` });
    }
  });
export type IspaEvent = z.infer<typeof IspaEventSchema>;

/** What became of an event: applied, seen before (duplicate), or older than what is stored (stale). */
export const IspaReceiptSchema = z.object({
  eventId: z.string(),
  outcome: z.enum(['applied', 'duplicate', 'stale', 'unknown-appointment']),
  appointment: z.string().nullable(),
});
export type IspaReceipt = z.infer<typeof IspaReceiptSchema>;
