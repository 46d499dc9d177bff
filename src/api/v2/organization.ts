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

/**
 * GET /v2/organizations: Web1on1's list of the organisations the token reaches — here always
 * the one of the caller — in the paged list shape of every list.
 */
export const OrganizationListSchema = z.object({
  data: z.array(z.object({ _id: z.string(), name: z.string(), createdAt: z.number().int() })),
  next: z.null(),
});
export type OrganizationList = z.infer<typeof OrganizationListSchema>;
