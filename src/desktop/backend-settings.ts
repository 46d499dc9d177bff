import { z } from 'zod';
import type { SecretStore } from '../ports/secret-store';
import type { BackendEndpoint } from './relay/backend-client';

export const BACKEND_TOKEN_SECRET = 'backendToken';
/** Kept beside the token, so that a desktop joined in Settings knows its backend before its cache opens. */
export const BACKEND_URL_SECRET = 'backendUrl';

const UrlSchema = z
  .string()
  .url()
  .refine((u) => /^https?:\/\//.test(u), 'must start with http:// or https://');

/**
 * The organisation's backend for this desktop: its address from AFTERSALES_BACKEND_URL, its
 * token from the secret store. A token given once in AFTERSALES_BACKEND_TOKEN is moved into the
 * secret store, so it need not stay in the environment. None: the desktop works standalone.
 */
export function backendEndpointFrom(env: NodeJS.ProcessEnv, secrets: SecretStore): BackendEndpoint | null {
  const url = env.AFTERSALES_BACKEND_URL?.trim();
  if (!url) return null;
  const parsed = UrlSchema.safeParse(url);
  if (!parsed.success) throw new Error(`AFTERSALES_BACKEND_URL "${url}" ${parsed.error.issues[0]!.message}.`);
  const given = env.AFTERSALES_BACKEND_TOKEN?.trim();
  if (given) secrets.set(BACKEND_TOKEN_SECRET, given);
  const token = secrets.get(BACKEND_TOKEN_SECRET);
  if (!token) {
    // Without a keyring the token given once lasted that session only: the variable has to stay, or a keyring come.
    throw new Error(
      secrets.sessionOnly
        ? 'No keyring protects a token on this computer, so AFTERSALES_BACKEND_TOKEN is kept for one session only: set it at every start, or have a keyring keep it (gnome-keyring or KWallet unlocked at sign-in, or the --password-store switch).'
        : 'No token for the backend is stored yet: start once with AFTERSALES_BACKEND_TOKEN set to this desktop’s token.',
    );
  }
  return { url: parsed.data, token };
}

/** The backend chosen in Settings, if any. */
export function storedEndpoint(secrets: SecretStore): BackendEndpoint | null {
  const url = secrets.get(BACKEND_URL_SECRET);
  const token = secrets.get(BACKEND_TOKEN_SECRET);
  return url && token ? { url, token } : null;
}
