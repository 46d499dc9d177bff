import { z } from 'zod';
import { ProfileSchema } from './contact';

export const ConversationSchema = z.object({
  id: z.string(),
  organization: z.string(),
  contact: z.string(),
  inbox: z.string().nullable(),
  waiting: z.boolean(),
  lastInboundAt: z.number().nullable(),
  /** Until when free text may be sent on WhatsApp; null: templates only. */
  windowOpenUntil: z.number().nullable(),
  createdAt: z.number(),
});
export type Conversation = z.infer<typeof ConversationSchema>;

/** POST /v2/conversations: finds the contact's one conversation or creates both (Web1on1). */
export const UpsertConversationSchema = z.object({
  type: z.literal('contact').default('contact'),
  inbox: z.string().max(100).optional(),
  contact: z.object({ profile: ProfileSchema }),
});
