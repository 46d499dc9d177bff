import { z } from 'zod';
import { CursorSchema, PageLimitSchema, pageOf } from './paging';

/** What the audit log records. */
export const AUDIT_ACTIONS = [
  'signin',
  'signin.failed',
  'signout',
  'session.revoked',
  'device.registered',
  'device.rotated',
  'integration.created',
  'token.created',
  'user.created',
  'user.updated',
  'user.removed',
  'user.invited',
  'oidc.changed',
  'webhook.changed',
  'webhook.removed',
  'reminders.changed',
] as const;
export const AuditActionSchema = z.enum(AUDIT_ACTIONS);

/** One line of the audit log: who (a user, device or integration, or nobody known), did what, when, from where. */
export const AuditEntrySchema = z.object({
  id: z.string(),
  at: z.number().int(),
  action: AuditActionSchema,
  /** Who did it: null when nobody could be told (a failed sign-in of an unknown e-mail). */
  actor: z.object({ id: z.string(), name: z.string(), kind: z.enum(['user', 'device', 'integration']) }).nullable(),
  /** The device it came from, for a sign-in. */
  device: z.string().nullable(),
  address: z.string().nullable(),
  /** What it was about, in a few words (the user's e-mail, the device's name, a setting). Never a secret. */
  detail: z.string(),
});
export type AuditEntry = z.infer<typeof AuditEntrySchema>;

export const AuditQuerySchema = z.object({ before: CursorSchema.optional(), limit: PageLimitSchema(100) }).strict();
export const AuditPageSchema = pageOf(AuditEntrySchema, z.string());
export type AuditPage = z.infer<typeof AuditPageSchema>;
