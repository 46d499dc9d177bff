import { z } from 'zod';
import { EmailSchema } from '../limits';

/**
 * Who may do what. People are advisors or managers; a registered computer is a desktop (an
 * advisor signs in on it) or a wall screen (read-only, no message content, no contact
 * details); a planning system that pushes to the backend is an integration.
 */
export const USER_ROLES = ['advisor', 'manager'] as const;
export const DEVICE_ROLES = ['desktop', 'wall'] as const;
export const ROLES = [...USER_ROLES, ...DEVICE_ROLES, 'integration'] as const;
export type UserRole = (typeof USER_ROLES)[number];
export type DeviceRole = (typeof DEVICE_ROLES)[number];
export type Role = (typeof ROLES)[number];
export const UserRoleSchema = z.enum(USER_ROLES);
export const DeviceRoleSchema = z.enum(DEVICE_ROLES);
export const RoleSchema = z.enum(ROLES);

/** The planning systems that push to the backend with an integration token. */
export const INTEGRATION_SYSTEMS = ['ispa', 'keyloop'] as const;
export const IntegrationSystemSchema = z.enum(INTEGRATION_SYSTEMS);

/** A password as a person types it: long enough to resist guessing, short enough to hash quickly. */
export const PasswordSchema = z.string().min(10, 'must be at least 10 characters').max(200, 'must be at most 200 characters');
/** A one-time invitation code, as the manager passes it on (letters and digits, dashes allowed). */
export const InvitationCodeSchema = z.string().trim().min(8).max(64);

/**
 * POST /v2/auth/token: an access token (a signed JWT in Web1on1's form) and the refresh token
 * that renews it. A person signs in with a password, an invitation code (setting a password),
 * or an OpenID Connect ID token; a signed-in session is renewed with its refresh token. A
 * person signs in on a registered device: its device token goes along, so the sign-in is
 * recorded with the device it came from.
 */
export const TokenRequestSchema = z.discriminatedUnion('grant_type', [
  z.object({ grant_type: z.literal('password'), email: EmailSchema, password: z.string().min(1).max(200), device_token: z.string().max(200).optional() }),
  z.object({ grant_type: z.literal('invitation'), code: InvitationCodeSchema, password: PasswordSchema, device_token: z.string().max(200).optional() }),
  z.object({ grant_type: z.literal('id_token'), id_token: z.string().min(1).max(20_000), device_token: z.string().max(200).optional() }),
  z.object({ grant_type: z.literal('refresh_token'), refresh_token: z.string().min(1).max(200) }),
]);
export type TokenRequest = z.infer<typeof TokenRequestSchema>;

/** The caller as the backend knows it: a user, a device or an integration, with its role. */
export const PrincipalViewSchema = z.object({
  /** The user's, device's or integration's id (Web1on1's `_id`). */
  _id: z.string(),
  kind: z.enum(['user', 'device', 'integration']),
  name: z.string(),
  role: RoleSchema,
  organization: z.string(),
  /** The session this token belongs to: what a manager revokes. */
  session: z.string(),
});
export type PrincipalView = z.infer<typeof PrincipalViewSchema>;

export const TokenAnswerSchema = z.object({
  access_token: z.string(),
  token_type: z.literal('Bearer'),
  /** Seconds until the access token ends; renew it with the refresh token before then. */
  expires_in: z.number().int().positive(),
  refresh_token: z.string(),
  /** When the session itself ends unless it is used again (ms since 1970). */
  session_expires_at: z.number().int(),
  principal: PrincipalViewSchema,
});
export type TokenAnswer = z.infer<typeof TokenAnswerSchema>;

/** The claims of an access token: Web1on1's `_id`, `organization`, `scope`, plus the session it renews in. */
export const AccessClaimsSchema = z.object({
  _id: z.string(),
  organization: z.string(),
  scope: RoleSchema,
  sid: z.string(),
  iat: z.number().int(),
  exp: z.number().int(),
});
export type AccessClaims = z.infer<typeof AccessClaimsSchema>;

/** POST /v2/auth/signout: the session of the token that asks ends now. */

/** GET /v2/auth/oidc: what a desktop needs to offer "Sign in with …" (null: only passwords). */
export const OidcPublicSettingsSchema = z
  .object({
    issuer: z.string().url(),
    clientId: z.string().min(1).max(500),
    clientSecret: z.string().min(1).max(500).optional(),
    /** The button's words, e.g. "Microsoft" or "Google". */
    label: z.string().min(1).max(100),
  })
  .nullable();
export type OidcPublicSettings = z.infer<typeof OidcPublicSettingsSchema>;

/** PUT /v2/auth/oidc (managers): the dealer group's own identity provider. */
export const OidcSettingsSchema = z.object({
  // The keys fetched from the issuer decide who may sign in: only over https.
  issuer: z.url({ protocol: /^https$/, error: 'must be an https:// address' }).max(500).transform((u) => u.replace(/\/+$/, '')),
  clientId: z.string().min(1).max(500),
  /**
   * Only for a provider that asks an installed app for its client secret at the code exchange
   * (Google's "Desktop app" clients; Google documents that such a secret is not confidential).
   * Every desktop reads it: never the secret of a confidential web client.
   */
  clientSecret: z.string().trim().min(1).max(500).optional(),
  label: z.string().trim().min(1).max(100),
  /** E-mail domains whose people may sign in (and be created on first sign-in); empty: only existing users. */
  allowedDomains: z
    .array(
      z
        .string()
        .trim()
        .toLowerCase()
        .min(3)
        .max(200)
        // A domain as in an e-mail address after the @ (autobedrijf.nl): no wildcard, no @, at least one dot.
        .regex(/^(?=.{3,200}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, 'is not a domain such as autobedrijf.nl'),
    )
    .max(50)
    .default([]),
  /** The role a person created on first sign-in gets. */
  newUserRole: UserRoleSchema.default('advisor'),
});
export type OidcSettings = z.infer<typeof OidcSettingsSchema>;

/** Who made a change (a sent message, a comment, a move): shown as "Sanne · 10:42". */
export const AuthorSchema = z.object({ id: z.string(), name: z.string(), kind: z.enum(['user', 'device', 'integration']) });
export type Author = z.infer<typeof AuthorSchema>;
