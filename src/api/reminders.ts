import { z } from 'zod';
import { IdSchema } from './appointment';
import { InboxReminderSettingsSchema, ReminderPreviewSchema, ReminderSettingsSchema, ReminderStateSchema } from './v2/reminders';
import { IsoDateSchema } from './limits';

/**
 * The reminder bot on a desktop (the BoardApi's part for Settings → Reminder bot and the
 * conversation's reminder line). Each goes to the backend with the signed-in person's token (the
 * bot runs there, and only there); the backend's shapes pass through unchanged, and its
 * refusals (a template it cannot send, a customer who opted out) reach the window with their
 * codes and reasons.
 */
const method = <I extends z.ZodType, O extends z.ZodType>(input: I, output: O) => ({ input, output });

export const remindersApi = {
  getReminderSettings: method(z.object({ inbox: IdSchema }), InboxReminderSettingsSchema),
  saveReminderSettings: method(z.object({ inbox: IdSchema, settings: ReminderSettingsSchema }), InboxReminderSettingsSchema),
  /** The runs on a local date of the inbox (left out: today there). */
  previewReminders: method(z.object({ inbox: IdSchema, date: IsoDateSchema.optional() }), ReminderPreviewSchema),
  getReminderState: method(z.object({ appointment: IdSchema }), ReminderStateSchema),
  sendReminderNow: method(z.object({ appointment: IdSchema }), ReminderStateSchema),
} as const;
