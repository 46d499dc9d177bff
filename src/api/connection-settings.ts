import { z } from 'zod';

/** Who decided which backend this desktop uses: the environment, the built-in demo, or Settings. */
export const MANAGED_BY = ['environment', 'built-in', 'settings'] as const;

export const SECRETS_KEPT = ['stored', 'session'] as const;

export const ConnectionSettingsSchema = z.object({
  /** The backend's address; null: this desktop works standalone. */
  url: z.string().nullable(),
  managedBy: z.enum(MANAGED_BY).nullable(),
  /** The organisation whose board this cache holds, once known. */
  organisation: z.string().nullable(),
  /**
   * Where the token (and the sources' passwords) is kept: 'stored' on this computer, protected by the OS; 'session' in
   * memory until the app closes, because no keyring protects it here (Linux without gnome-keyring or KWallet).
   */
  secretsKept: z.enum(SECRETS_KEPT),
});
export type ConnectionSettings = z.infer<typeof ConnectionSettingsSchema>;

export const BackendCredentialsSchema = z.object({
  url: z
    .string()
    .trim()
    .url('is not an address')
    .refine((u) => /^https?:\/\//.test(u), 'must start with https:// (or http:// on the local network)'),
  token: z.string().trim().min(8, 'is too short to be a token').max(500),
});
export type BackendCredentials = z.infer<typeof BackendCredentialsSchema>;

export const ConnectionTestSchema = z.object({
  organisation: z.string(),
  inboxes: z.number().int(),
  templates: z.number().int(),
});
