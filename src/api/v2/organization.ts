import { z } from 'zod';

/** GET /v2/organization: who the token belongs to, and the inboxes a desktop shows. */
export const OrganizationSchema = z.object({
  id: z.string(),
  name: z.string(),
  inboxes: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      kind: z.enum(['dealership', 'workshop']),
      zone: z.string(),
      country: z.string(),
    }),
  ),
});
export type Organization = z.infer<typeof OrganizationSchema>;
