import { z } from 'zod';
import { COLOURS, COLUMNS } from '../domain/columns';
import { FIELD_LIMITS, IsoDateSchema } from './limits';
import { OptedOutSchema } from './v2/contact';

export { IsoDateSchema };
export const WallTimeSchema = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time as hh:mm');
export const ColumnSchema = z.enum(COLUMNS);
export const ColourSchema = z.enum(COLOURS);
export const IdSchema = z.string().min(1).max(100);

const optionalText = (max: number) => z.string().max(max).nullable();

/**
 * Why the backend refused a change or a row: a code with its parameters (tooLong {max},
 * invalidPhoneNumber, inboxNotFound, invalid, or a code of the backend's own), the field it
 * failed on in the import's field names (null: not one field), and the backend's words, which
 * the renderer shows for a code it does not word itself.
 */
export const RefusalSchema = z.object({
  code: z.string().max(100),
  field: z.string().max(100).nullable(),
  params: z.record(z.string(), z.union([z.string(), z.number()])),
  message: z.string().max(2000),
});
export type Refusal = z.infer<typeof RefusalSchema>;

/** What a card on the board shows. */
export const CardSchema = z.object({
  id: IdSchema,
  inboxId: IdSchema,
  localDate: IsoDateSchema,
  localTime: WallTimeSchema,
  startsAt: z.number(),
  customerName: optionalText(FIELD_LIMITS.customerName),
  plate: optionalText(FIELD_LIMITS.plate),
  workOrder: optionalText(FIELD_LIMITS.workOrder),
  owner: optionalText(FIELD_LIMITS.owner),
  /** The service advisor set on the board (a colleague); null: the planning system's owner text only. */
  advisor: z.object({ id: IdSchema, name: z.string() }).nullable(),
  column: ColumnSchema,
  colour: ColourSchema,
  position: z.number(),
  cancelled: z.boolean(),
  finishedOn: IsoDateSchema.nullable(),
  /** The customer wrote and nobody has opened the conversation since: the red line. */
  waiting: z.boolean(),
  /** Internal comments on the customer's conversation: the note icon. */
  comments: z.number().int(),
  /** Why the backend refused the last change made to this card here: "Not saved". */
  syncError: RefusalSchema.nullable(),
  /** The customer opted out of reminders and marketing (STOP): when, and by what. Null: they did not. */
  optedOut: OptedOutSchema.nullable(),
});
export type Card = z.infer<typeof CardSchema>;

export const ContactSchema = z.object({
  id: IdSchema,
  name: optionalText(200),
  phone: optionalText(20),
  email: optionalText(254),
});
export type Contact = z.infer<typeof ContactSchema>;

/** Everything known of one appointment, for the details pane. */
export const AppointmentDetailsSchema = CardSchema.extend({
  source: z.string(),
  branch: z.string(),
  sourceId: z.string(),
  zone: z.string(),
  contact: ContactSchema.nullable(),
  make: optionalText(FIELD_LIMITS.make),
  model: optionalText(FIELD_LIMITS.model),
  work: optionalText(FIELD_LIMITS.work),
  createdAt: z.number(),
  updatedAt: z.number(),
});
export type AppointmentDetails = z.infer<typeof AppointmentDetailsSchema>;

export const InboxSchema = z.object({
  id: IdSchema,
  name: z.string(),
  kind: z.enum(['dealership', 'workshop']),
});
export type Inbox = z.infer<typeof InboxSchema>;
