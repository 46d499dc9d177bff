import { z } from 'zod';
import { IsoDateSchema } from '../limits';
import { MESSAGE_STATUSES } from './message';
import { TemplateLanguageSchema } from './organization';

/**
 * The reminder bot of an inbox (GET/PUT /v2/inboxes/:id/reminders), what its next run will do
 * (…/reminders/preview) and where each appointment's reminder stands
 * (GET/POST /v2/appointments/:id/reminder).
 */

/** A time of day the reminder goes out, 00:00 to 23:59 in the inbox's zone. */
export const ReminderAtSchema = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'is a time such as 17:00');

export const REMINDER_HOURS_MAX = 168;

export const ReminderWhenSchema = z.discriminatedUnion('kind', [
  /** At a time on the last open day before the appointment's day. */
  z.object({ kind: z.literal('day_before'), at: ReminderAtSchema }).strict(),
  /** A number of hours before the appointment starts (moved to an open day when it falls on a closed one). */
  z
    .object({ kind: z.literal('hours_before'), hours: z.number().int().min(1, 'is at least 1 hour').max(REMINDER_HOURS_MAX, 'is at most 168 hours (a week)') })
    .strict(),
]);
export type ReminderWhen = z.infer<typeof ReminderWhenSchema>;

export const ReminderTemplateRefSchema = z
  .object({ name: z.string().regex(/^[a-z0-9_]{1,512}$/, 'use lower-case letters, digits and _'), language: TemplateLanguageSchema })
  .strict();
export type ReminderTemplateRef = z.infer<typeof ReminderTemplateRefSchema>;

export const ReminderSettingsSchema = z
  .object({
    enabled: z.boolean(),
    /** null: none chosen yet (the bot cannot be on without one). */
    template: ReminderTemplateRefSchema.nullable(),
    when: ReminderWhenSchema,
  })
  .strict()
  .refine((s) => !s.enabled || s.template !== null, { message: 'the reminder bot needs a template to be on', path: ['template'] });
export type ReminderSettings = z.infer<typeof ReminderSettingsSchema>;

/** GET /v2/inboxes/:id/reminders: the settings and the inbox they belong to. */
export const InboxReminderSettingsSchema = z.object({ inbox: z.string(), settings: ReminderSettingsSchema });
export type InboxReminderSettings = z.infer<typeof InboxReminderSettingsSchema>;

/**
 * Why an appointment gets no reminder, as a code each window words in its own language (the
 * backend's `detail` says it in English for the API's users and the log).
 */
export const REMINDER_SKIP_REASONS = [
  'cancelled',
  'finished',
  'opted_out',
  'no_phone',
  'no_mobile',
  'no_template',
  'template_unknown',
  'template_not_approved',
  'template_values',
  'no_channel',
  'closed',
  /** Due more than REMINDER_LATE_MS ago: the appointment was made after its reminder time, or the bot was off or down then. */
  'late',
] as const;

/** How late a due reminder may still go out on its own (after an outage, or an appointment made just after its time). */
export const REMINDER_LATE_MS = 6 * 60 * 60 * 1000;
export const ReminderSkipReasonSchema = z.enum(REMINDER_SKIP_REASONS);
export type ReminderSkipReason = z.infer<typeof ReminderSkipReasonSchema>;

/** Where an appointment's reminder stands. */
export const ReminderStateSchema = z.discriminatedUnion('state', [
  /**
   * Due at that instant; the bot sends it at its first run after. `skip`: as things stand now the
   * bot would skip it, and why (a mobile number or an approved template added before then changes that).
   */
  z.object({
    state: z.literal('scheduled'),
    dueAt: z.number().int(),
    skip: z.object({ reason: ReminderSkipReasonSchema, detail: z.string() }).nullable().default(null),
  }),
  /** Queued: the message, its status, and who sent it now (null: the bot). */
  z.object({ state: z.literal('sent'), at: z.number().int(), messageId: z.string().nullable(), status: z.enum(MESSAGE_STATUSES).nullable(), by: z.string().nullable() }),
  z.object({ state: z.literal('skipped'), at: z.number().int(), reason: ReminderSkipReasonSchema, detail: z.string() }),
  /** The inbox's bot is off: nothing is planned (an advisor can still send it now). */
  z.object({ state: z.literal('off') }),
  /** The appointment began without a decision (created after it, or the bot was off then). */
  z.object({ state: z.literal('passed') }),
]);
export type ReminderState = z.infer<typeof ReminderStateSchema>;

/** GET /v2/inboxes/:id/reminders/preview?date=YYYY-MM-DD: the reminders that go out on that local date. */
export const ReminderPreviewQuerySchema = z.object({ date: IsoDateSchema.optional() }).strict();

export const PreviewCustomerSchema = z.object({ appointmentId: z.string(), name: z.string().nullable() });

/** One moment the bot sends at: how many go out then, and who is skipped and why (every name). */
export const ReminderRunSchema = z.object({
  dueAt: z.number().int(),
  toSend: z.number().int(),
  /** Already sent at or after this moment (a preview of today after the run). */
  sent: z.number().int(),
  skipped: z.array(z.object({ reason: ReminderSkipReasonSchema, customers: z.array(PreviewCustomerSchema) })),
});
export type ReminderRun = z.infer<typeof ReminderRunSchema>;

export const ReminderPreviewSchema = z.object({
  inbox: z.string(),
  /** The local date the reminders go out on. */
  date: IsoDateSchema,
  enabled: z.boolean(),
  /** In time order. */
  runs: z.array(ReminderRunSchema),
});
export type ReminderPreview = z.infer<typeof ReminderPreviewSchema>;
