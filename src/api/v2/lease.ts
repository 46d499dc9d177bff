import { z } from 'zod';

/** A lease's name: what is held, e.g. one planning-system source of one dealership. */
export const LeaseNameSchema = z.string().min(1).max(200).regex(/^[A-Za-z0-9._:-]+$/, 'use letters, digits and . _ : -');

/** PUT /v2/leases/{name}: take or renew the lease for this holder (one desktop) for ttlSeconds. */
export const AcquireLeaseSchema = z.object({
  holder: z.string().min(1).max(200),
  ttlSeconds: z.number().int().min(5).max(3600),
});
export type AcquireLeaseInput = z.infer<typeof AcquireLeaseSchema>;

/** The lease as it stands: granted when holder is the caller, else who has it until when. */
export const LeaseSchema = z.object({
  name: z.string(),
  holder: z.string(),
  granted: z.boolean(),
  expiresAt: z.number().int(),
});
export type Lease = z.infer<typeof LeaseSchema>;
