import { z } from 'zod';
import { IntegrationSystemSchema, RoleSchema, UserRoleSchema } from './auth';
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
  'channel.created',
  'channel.updated',
  'channel.removed',
  'channel.tested',
  'organization.updated',
  'inbox.created',
  'inbox.updated',
  'template.created',
  'template.updated',
  'template.removed',
  'templates.synced',
] as const;
export const AuditActionSchema = z.enum(AUDIT_ACTIONS);

/**
 * Why a sign-in with the organisation's OpenID provider was refused, as the audit log keeps it
 * (a provider that could not be asked is the operator's matter, logged, not audited).
 */
export const AUDIT_PROVIDER_REFUSALS = ['malformed', 'issuer', 'audience', 'expired', 'signature', 'no-email', 'email-unverified', 'domain', 'linked', 'removed'] as const;

/**
 * What else a line says beside its subject, as data (codes, names, numbers) and never as words,
 * so that each screen words it in its own language. Which action carries which fact:
 * - `how` a person signed in (signin, signin.failed; user.created on a first sign-in with the
 *   provider); on oidc.changed, 'provider' is signing in with `label`'s provider at the issuer
 *   in `detail`, 'password' is back to passwords only;
 * - `label`: the sign-in provider's name (with how 'provider'), or a personal token's label (token.created);
 * - `reason` a sign-in with the provider was refused (signin.failed);
 * - `role`: of the person added (user.created), the device registered, the session revoked;
 * - `days` a personal token works (token.created);
 * - `system` and `inboxes` of an integration (integration.created);
 * - `language` of the reminders' template (reminders.changed);
 * - `changed`: a person's new values (user.updated; inboxes [] is every inbox).
 * - `channel` kind and `label` (channel.*; the number is the subject); `ok` of a channel's test;
 * - `fields`: the names of what a manager changed (channel.updated, inbox.updated, template.updated), never a secret's value;
 * - `language` and `label` (its title) of a template (template.*); `counts` of a sync (templates.synced).
 */
export const AuditFactsSchema = z
  .object({
    how: z.enum(['password', 'invitation', 'provider']).optional(),
    label: z.string().optional(),
    reason: z.enum(AUDIT_PROVIDER_REFUSALS).optional(),
    role: RoleSchema.optional(),
    days: z.number().int().optional(),
    system: IntegrationSystemSchema.optional(),
    inboxes: z.array(z.string()).optional(),
    language: z.string().optional(),
    channel: z.enum(['whatsapp', 'sms']).optional(),
    ok: z.boolean().optional(),
    fields: z.array(z.string()).optional(),
    counts: z.object({ added: z.number().int(), updated: z.number().int(), missing: z.number().int(), failed: z.number().int() }).optional(),
    changed: z
      .object({ name: z.string().optional(), email: z.string().optional(), role: UserRoleSchema.optional(), inboxes: z.array(z.string()).optional() })
      .strict()
      .optional(),
  })
  .strict();
export type AuditFacts = z.infer<typeof AuditFactsSchema>;

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
  /**
   * What it was about: its subject as data (a person's e-mail or name, a device's or
   * integration's name, a provider's issuer, an address, a template), '' when there is none.
   * Never a secret. Lines written before `facts` were kept have it in English words instead.
   */
  detail: z.string(),
  /** The rest of the line (AuditFactsSchema); null on lines written before facts were kept. */
  facts: AuditFactsSchema.nullable(),
});
export type AuditEntry = z.infer<typeof AuditEntrySchema>;

export const AuditQuerySchema = z.object({ before: CursorSchema.optional(), limit: PageLimitSchema(100) }).strict();
export const AuditPageSchema = pageOf(AuditEntrySchema, z.string());
export type AuditPage = z.infer<typeof AuditPageSchema>;
