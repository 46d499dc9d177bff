import { z } from 'zod';
import { EmailSchema } from '../limits';
import { CursorSchema, PageLimitSchema, pageOf } from './paging';
import { PrincipalViewSchema, UserRoleSchema } from './auth';

const NameSchema = z.string().trim().min(1, 'is empty').max(100, 'is longer than 100 characters');
const InboxIdsSchema = z.array(z.string().min(1).max(100)).max(200);

/**
 * A person of the organisation, as GET /v2/users answers (Web1on1's `_id`, `organization`).
 * `inboxes` are where they work (empty: all of the organisation's). `invited`: their invitation is
 * not used yet. Never a password hash, an invitation code or a PIN.
 */
export const UserSchema = z.object({
  _id: z.string(),
  organization: z.string(),
  name: z.string(),
  email: z.string(),
  role: UserRoleSchema,
  inboxes: z.array(z.string()),
  invited: z.boolean(),
  /** Signs in with the organisation's OpenID provider (no password here). */
  oidc: z.boolean(),
  createdAt: z.number().int(),
  lastSignInAt: z.number().int().nullable(),
});
export type User = z.infer<typeof UserSchema>;

export const UsersQuerySchema = z.object({ after: CursorSchema.optional(), limit: PageLimitSchema(100) }).strict();
export const UserPageSchema = pageOf(UserSchema, z.string());
export type UserPage = z.infer<typeof UserPageSchema>;

/** POST /v2/users (managers): a new person, invited with a one-time code. */
export const CreateUserSchema = z.object({
  name: NameSchema,
  email: EmailSchema,
  role: UserRoleSchema.default('advisor'),
  inboxes: InboxIdsSchema.default([]),
});
export type CreateUserInput = z.infer<typeof CreateUserSchema>;

/** PATCH /v2/users/{id} (managers). */
export const UpdateUserSchema = z
  .object({ name: NameSchema.optional(), email: EmailSchema.optional(), role: UserRoleSchema.optional(), inboxes: InboxIdsSchema.optional() })
  .refine((u) => Object.values(u).some((v) => v !== undefined), 'change name, e-mail, role or inboxes');
export type UpdateUserInput = z.infer<typeof UpdateUserSchema>;

/**
 * The answer to POST /v2/users and POST /v2/users/{id}/invitation: the one-time code, shown once
 * to the manager who passes it on. It ends at `expiresAt` or when it is used.
 */
export const InvitationSchema = z.object({ user: UserSchema, code: z.string(), expiresAt: z.number().int() });
export type Invitation = z.infer<typeof InvitationSchema>;

/**
 * GET/PUT /v2/users/me/settings: a person's view choices, on every desktop they sign in to.
 * Unknown keys are refused, so a typo never silently saves nothing.
 */
export const UserSettingsSchema = z
  .object({
    locale: z.enum(['en', 'nl']).nullable().default(null),
    /** The inboxes chosen in the filter; null: all. */
    inboxFilter: InboxIdsSchema.nullable().default(null),
    /** The "Mine" filter: only the cards this person is the service advisor of. */
    mine: z.boolean().default(false),
  })
  .strict();
export type UserSettings = z.infer<typeof UserSettingsSchema>;

/** GET /v2/auth/me: the caller as the backend knows it, and when it is a person, that person. */
export const MeSchema = PrincipalViewSchema.extend({ user: UserSchema.optional() });
export type Me = z.infer<typeof MeSchema>;
