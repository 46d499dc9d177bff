import { z } from 'zod';
import { ColourSchema, ColumnSchema, IsoDateSchema, RefusalSchema, WallTimeSchema } from '../appointment';
import { STORED_TEXT_FIELDS } from '../appointment-fields';
import { APPOINTMENTS_PER_BATCH, FIELD_LIMITS, limitedText, type LimitedField } from '../limits';
import { ProfileSchema } from './contact';

const text = (field: LimitedField) => limitedText(field).nullable().optional();

/** POST /v2/appointments: upserted by (source, branch, sourceId); the board state is not touched. */
export const UpsertAppointmentSchema = z.object({
  /** The id the desktop gave it, used when the appointment is new; an existing one keeps its id. */
  id: z.string().min(8).max(100).optional(),
  inbox: z.string().min(1).max(100),
  source: z.string().min(1).max(FIELD_LIMITS.source),
  branch: limitedText('branch').default(''),
  sourceId: limitedText('sourceId').min(1),
  date: IsoDateSchema,
  time: WallTimeSchema,
  contact: z.object({ profile: ProfileSchema }).optional(),
  plate: text('plate'),
  make: text('make'),
  model: text('model'),
  work: text('work'),
  workOrder: text('workOrder'),
  owner: text('owner'),
  cancelled: z.boolean().default(false),
});
export type UpsertAppointmentInput = z.infer<typeof UpsertAppointmentSchema>;

/**
 * POST /v2/appointments/batch: many upserts in one request, e.g. an import. Each row is
 * checked on its own and answered on its own: a refused row does not hold up the others.
 */
export const UpsertAppointmentsSchema = z.object({ appointments: z.array(z.unknown()).min(1).max(APPOINTMENTS_PER_BATCH) });

/** Why the backend refused one row (see RefusalSchema). */
export const RowRefusalSchema = RefusalSchema;
export type RowRefusal = z.infer<typeof RowRefusalSchema>;

/** PATCH /v2/appointments/{id}: the shared board state. */
export const BoardStatePatchSchema = z
  .object({
    column: ColumnSchema.optional(),
    colour: ColourSchema.optional(),
    position: z.number().finite().optional(),
    /** The card's service advisor: a user of the organisation, or null to clear it. */
    advisor: z.string().min(1).max(100).nullable().optional(),
  })
  .refine((p) => p.column !== undefined || p.colour !== undefined || p.position !== undefined || p.advisor !== undefined, 'change column, colour, position or advisor');

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
  ...STORED_TEXT_FIELDS,
  cancelled: z.boolean(),
  column: ColumnSchema,
  colour: ColourSchema,
  position: z.number(),
  /** The service advisor (a user id) set on the board; null: none, the planning system's owner text is shown. */
  advisor: z.string().nullable().default(null),
  updatedAt: z.number(),
});
export type BackendAppointment = z.infer<typeof BackendAppointmentSchema>;

/**
 * The answer to a batch, row by row in the order sent: stored (with the appointment as stored
 * and the sequence number of the event that announced it), or refused with the reason.
 */
export const BatchResultSchema = z.discriminatedUnion('status', [
  z.object({ status: z.literal('stored'), appointment: BackendAppointmentSchema, seq: z.number().int().positive() }),
  z.object({ status: z.literal('refused'), error: RowRefusalSchema }),
]);
export type BatchResult = z.infer<typeof BatchResultSchema>;
export const BatchAnswerSchema = z.object({ results: z.array(BatchResultSchema) });
