import { z } from 'zod';
import { EmailSchema, limitedText } from '../limits';
import { CursorSchema, PageLimitSchema, pageOf } from './paging';

/** A contact in Web1on1's shape: the person's details live under `profile`. */
export const ProfileSchema = z.object({
  name: limitedText('customerName').nullable().optional(),
  email: z.union([z.literal(''), EmailSchema]).nullable().optional(),
  telephone: limitedText('phone').nullable().optional(),
  /** With an appointment: its source's own number of this customer, which says who they are. */
  customerId: limitedText('customerId').nullable().optional(),
});
export type ProfileInput = z.infer<typeof ProfileSchema>;

/**
 * The customer opted out of reminders and marketing templates (they wrote STOP, or tapped an
 * opt-out button): when, and the word or button. Only the customer opts in again (START).
 */
export const OptedOutSchema = z.object({ at: z.number(), by: z.string() });
export type OptedOut = z.infer<typeof OptedOutSchema>;

export const ContactSchema = z.object({
  id: z.string(),
  organization: z.string(),
  profile: z.object({ name: z.string().nullable(), email: z.string().nullable(), telephone: z.string().nullable() }),
  createdAt: z.number(),
  /** Null: the customer may be sent anything; absent in events logged before opt-out existed. */
  optedOut: OptedOutSchema.nullable().default(null),
});
export type Contact = z.infer<typeof ContactSchema>;

export const ContactQuerySchema = z
  .object({
    'profile.name': z.string().max(200).optional(),
    'profile.telephone': z.string().max(40).optional(),
    'profile.email': z.string().max(254).optional(),
    q: z.string().max(200).optional(),
    /** The `next` of the page before: the contacts stored after it. */
    after: CursorSchema.optional(),
    limit: PageLimitSchema(50),
  })
  .strict();

/** GET /v2/contacts: a page of the matching contacts, oldest first. */
export const ContactPageSchema = pageOf(ContactSchema, z.string());
export type ContactPage = z.infer<typeof ContactPageSchema>;
