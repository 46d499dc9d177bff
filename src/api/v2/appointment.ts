import { z } from 'zod';
import { ColourSchema, ColumnSchema, IsoDateSchema, WallTimeSchema } from '../appointment';
import { ProfileSchema } from './contact';

const text = (max: number) => z.string().trim().max(max).nullable().optional();

/** POST /v2/appointments: upserted by (source, branch, sourceId); the board state is not touched. */
export const UpsertAppointmentSchema = z.object({
  /** The id the desktop gave it, used when the appointment is new; an existing one keeps its id. */
  id: z.string().min(8).max(100).optional(),
  inbox: z.string().min(1).max(100),
  source: z.string().min(1).max(60),
  branch: z.string().max(60).default(''),
  sourceId: z.string().min(1).max(100),
  date: IsoDateSchema,
  time: WallTimeSchema,
  contact: z.object({ profile: ProfileSchema }).optional(),
  plate: text(20),
  make: text(100),
  model: text(100),
  work: text(4000),
  workOrder: text(100),
  owner: text(100),
  cancelled: z.boolean().default(false),
});
export type UpsertAppointmentInput = z.infer<typeof UpsertAppointmentSchema>;

/** POST /v2/appointments/batch: many upserts in one request and one transaction, e.g. an import. */
export const UpsertAppointmentsSchema = z.object({ appointments: z.array(UpsertAppointmentSchema).min(1).max(500) });

/** PATCH /v2/appointments/{id}: the shared board state. */
export const BoardStatePatchSchema = z
  .object({ column: ColumnSchema.optional(), colour: ColourSchema.optional(), position: z.number().finite().optional() })
  .refine((p) => p.column !== undefined || p.colour !== undefined || p.position !== undefined, 'change column, colour or position');

export const BackendAppointmentSchema = z.object({
  id: z.string(),
  inbox: z.string(),
  source: z.string(),
  branch: z.string(),
  sourceId: z.string(),
  contact: z.string().nullable(),
  date: z.string(),
  time: z.string(),
  startsAt: z.number(),
  plate: z.string().nullable(),
  make: z.string().nullable(),
  model: z.string().nullable(),
  work: z.string().nullable(),
  workOrder: z.string().nullable(),
  owner: z.string().nullable(),
  cancelled: z.boolean(),
  column: ColumnSchema,
  colour: ColourSchema,
  position: z.number(),
  updatedAt: z.number(),
});
export type BackendAppointment = z.infer<typeof BackendAppointmentSchema>;

export const ReminderSettingsSchema = z.object({ template: z.string().min(1).max(512), language: z.string().min(2).max(10) });
