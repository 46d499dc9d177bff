import { z } from 'zod';
import { STORED_TEXT_FIELDS } from './appointment-fields';
import { ColourSchema, ColumnSchema, IdSchema } from './appointment';

/**
 * How this install was set up on its first start: joined to the dealership's backend, working
 * on its own, or trying the demo (which lives in its own data file, so that its made-up
 * customers never mix with real ones).
 */
export const START_CHOICES = ['backend', 'standalone', 'demo'] as const;
export const StartChoiceSchema = z.enum(START_CHOICES);
export type StartChoice = z.infer<typeof StartChoiceSchema>;

export const StartSchema = z.object({
  /** Null: nothing chosen yet, the first-run screen shows instead of the board. */
  choice: StartChoiceSchema.nullable(),
  /** The demo shows, and this computer's own board (or its first-run screen) is there to return to. */
  canLeaveDemo: z.boolean(),
});
export type Start = z.infer<typeof StartSchema>;

const InboxNameSchema = z.string().trim().min(1, 'needs a name').max(100);

/** Joining the backend is chosen through the connection (saveConnection); these two are chosen here. */
export const ChooseStartSchema = z.discriminatedUnion('choice', [
  /** The two inboxes a standalone board starts with, named in the user's language. */
  z.object({ choice: z.literal('standalone'), inboxNames: z.object({ dealership: InboxNameSchema, workshop: InboxNameSchema }) }),
  z.object({ choice: z.literal('demo') }),
]);
export type ChooseStart = z.infer<typeof ChooseStartSchema>;

/** What was made on this desktop while it worked standalone: it goes to the organisation when it joins. */
export const StandaloneWorkSchema = z.object({
  appointments: z.number().int(),
  comments: z.number().int(),
  messages: z.number().int(),
});
export type StandaloneWork = z.infer<typeof StandaloneWorkSchema>;

const ExportedMessageSchema = z.object({
  isBackchannel: z.boolean(),
  touchpoint: z.string(),
  text: z.string(),
  createdAt: z.string(),
});

/** A copy of the standalone work the user can keep: everything a card shows, and its comments. */
export const StandaloneExportSchema = z.object({
  exportedAt: z.string(),
  appointments: z.array(
    z.object({
      id: IdSchema,
      inbox: z.string(),
      source: z.string(),
      branch: z.string(),
      sourceId: z.string(),
      date: z.string(),
      time: z.string(),
      zone: z.string(),
      customer: z.object({ name: z.string().nullable(), phone: z.string().nullable(), email: z.string().nullable() }).nullable(),
      ...STORED_TEXT_FIELDS,
      column: ColumnSchema,
      colour: ColourSchema,
      cancelled: z.boolean(),
      messages: z.array(ExportedMessageSchema),
    }),
  ),
});
export type StandaloneExport = z.infer<typeof StandaloneExportSchema>;
