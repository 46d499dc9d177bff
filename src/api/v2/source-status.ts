import { z } from 'zod';
import { SOURCE_KINDS, SourceRunSchema } from '../sources';
import { LeaseNameSchema } from './lease';

/**
 * PUT /v2/source-status/{key}: the desktop that pulls a source tells the others how it goes,
 * so that every desktop of the dealership has its import health and its warning. The key is
 * the source's lease name (the same system set up on two desktops has one). No settings and
 * no secrets: what a manager on another desktop needs to see, nothing more.
 */
export const SourceStatusKeySchema = LeaseNameSchema;

export const SourceStatusSchema = z.object({
  name: z.string().min(1).max(100),
  /** The computer that pulls it (its host name, unless set otherwise). */
  pulledBy: z.string().min(1).max(200),
  kind: z.enum(SOURCE_KINDS),
  enabled: z.boolean(),
  lastRun: SourceRunSchema.nullable(),
  nextRunAt: z.number().nullable(),
  failuresInARow: z.number().int().min(0),
  lastError: z.object({ at: z.number(), message: z.string().max(2000) }).nullable(),
  quarantinedOpen: z.number().int().min(0),
});
export type SourceStatus = z.infer<typeof SourceStatusSchema>;

/** A source another desktop of the organisation pulls, as this desktop last heard of it. */
export const SharedSourceSchema = z.object({ key: SourceStatusKeySchema, status: SourceStatusSchema, updatedAt: z.number() });
export type SharedSource = z.infer<typeof SharedSourceSchema>;
