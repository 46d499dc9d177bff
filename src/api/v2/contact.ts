import { z } from 'zod';

/** A contact in Web1on1's shape: the person's details live under `profile`. */
export const ProfileSchema = z.object({
  name: z.string().trim().max(200).nullable().optional(),
  email: z.union([z.literal(''), z.string().trim().email('is not an e-mail address').max(254)]).nullable().optional(),
  telephone: z.string().trim().max(40).nullable().optional(),
});
export type ProfileInput = z.infer<typeof ProfileSchema>;

export const ContactSchema = z.object({
  id: z.string(),
  organization: z.string(),
  profile: z.object({ name: z.string().nullable(), email: z.string().nullable(), telephone: z.string().nullable() }),
  createdAt: z.number(),
});
export type Contact = z.infer<typeof ContactSchema>;

export const ContactQuerySchema = z
  .object({
    'profile.name': z.string().max(200).optional(),
    'profile.telephone': z.string().max(40).optional(),
    'profile.email': z.string().max(254).optional(),
    q: z.string().max(200).optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
  })
  .strict();
