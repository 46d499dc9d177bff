import { z } from 'zod';
import { DeviceRoleSchema, IntegrationSystemSchema, RoleSchema } from './auth';
import { CursorSchema, PageLimitSchema, pageOf } from './paging';

const LabelSchema = z.string().trim().min(1, 'is empty').max(100, 'is longer than 100 characters');

/** POST /v2/devices (managers): a reception PC or a wall screen, registered once. */
export const RegisterDeviceSchema = z.object({ name: LabelSchema, role: DeviceRoleSchema });
export type RegisterDeviceInput = z.infer<typeof RegisterDeviceSchema>;

/** POST /v2/integrations (managers): a token for a planning system's pushes, for named inboxes. */
export const CreateIntegrationSchema = z.object({
  name: LabelSchema,
  system: IntegrationSystemSchema,
  inboxes: z.array(z.string().min(1).max(100)).min(1, 'name at least one inbox').max(200),
  /** How long the token works; it can be revoked before. */
  days: z.number().int().min(1).max(730).default(365),
});
export type CreateIntegrationInput = z.infer<typeof CreateIntegrationSchema>;

/**
 * POST /v2/tokens (managers): a person's own API token for scripts, acting as that person with
 * their role; by default the manager's own.
 */
export const CreatePersonalTokenSchema = z.object({
  user: z.string().min(1).max(100).optional(),
  label: LabelSchema,
  days: z.number().int().min(1).max(365).default(365),
});
export type CreatePersonalTokenInput = z.infer<typeof CreatePersonalTokenSchema>;

/**
 * A session: what one token (and its renewals) belongs to — a person signed in on a device, a
 * registered device, or an integration. Managers list and revoke them; never the token itself.
 */
export const SessionSchema = z.object({
  id: z.string(),
  kind: z.enum(['user', 'device', 'integration']),
  role: RoleSchema,
  /** The person's, device's or integration's name. */
  name: z.string(),
  /** The user, device or integration it belongs to. */
  subject: z.string(),
  /** For a person: the device they signed in on, if any. */
  device: z.string().nullable(),
  system: IntegrationSystemSchema.nullable(),
  inboxes: z.array(z.string()),
  createdAt: z.number().int(),
  lastUsedAt: z.number().int().nullable(),
  expiresAt: z.number().int(),
  revokedAt: z.number().int().nullable(),
});
export type Session = z.infer<typeof SessionSchema>;

export const SessionsQuerySchema = z
  .object({ after: CursorSchema.optional(), limit: PageLimitSchema(100), revoked: z.enum(['true', 'false']).default('false') })
  .strict();
export const SessionPageSchema = pageOf(SessionSchema, z.string());
export type SessionPage = z.infer<typeof SessionPageSchema>;

/** The answer that carries a new device or integration token: shown once, only its hash is kept. */
export const IssuedTokenSchema = z.object({ session: SessionSchema, token: z.string() });
export type IssuedToken = z.infer<typeof IssuedTokenSchema>;
