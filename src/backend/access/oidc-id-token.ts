import { createRemoteJWKSet, customFetch, decodeJwt, errors, jwtVerify, type JWTPayload } from 'jose';
import { z } from 'zod';
import { EMAIL_PATTERN } from '../../api/limits';
import type { OidcSettings } from '../../api/v2/auth';
import { providerFetch, type ProviderNetwork } from './provider-fetch';

/**
 * Why an ID token from the organisation's OpenID provider was not accepted. `provider`: the
 * provider could not be asked (unreachable, or its discovery document is not the configured
 * issuer's) — the manager's setting or the provider is at fault, not the person; every other
 * reason is about the token or the person it names.
 */
export type OidcRefusalReason =
  | 'provider'
  | 'malformed'
  | 'issuer'
  | 'audience'
  | 'expired'
  | 'signature'
  | 'no-email'
  | 'email-unverified'
  | 'domain'
  | 'linked'
  | 'removed';

export class OidcRefusal extends Error {
  /** `cause`: the low-level reason a provider could not be asked, for the log only. */
  constructor(
    readonly reason: OidcRefusalReason,
    message: string,
    options?: { cause: unknown },
  ) {
    super(message, options);
    this.name = 'OidcRefusal';
  }
}

export interface OidcIdentity {
  /** The provider's stable id of the person (`sub`): what a user is found by after the first sign-in. */
  subject: string;
  /** Lower-cased, so that the same person is matched however the provider spells it. */
  email: string;
  /**
   * The address came as `email` with `email_verified` true: the provider checked that the
   * account's holder receives mail there. `preferred_username` and `upn`, and an `email`
   * without the flag, are what the account's holder or an administrator typed.
   */
  emailVerified: boolean;
  name: string;
}

/** The part of an OpenID provider's discovery document (OpenID Connect Discovery 1.0) the check needs. */
const DiscoverySchema = z.object({
  issuer: z.string().url(),
  jwks_uri: z.string().url(),
});

/**
 * The ID token's claims this backend reads. Entra ID sends `email` only when the tenant is set up
 * to; it always sends `preferred_username` (usually the sign-in address) and, for work accounts,
 * `upn`. Google sends `email` and `email_verified`.
 */
const ClaimsSchema = z.object({
  sub: z.string().min(1).max(255),
  email: z.string().max(254).optional(),
  email_verified: z.union([z.boolean(), z.enum(['true', 'false'])]).optional(),
  preferred_username: z.string().max(254).optional(),
  upn: z.string().max(254).optional(),
  name: z.string().max(200).optional(),
  given_name: z.string().max(100).optional(),
  family_name: z.string().max(100).optional(),
  azp: z.string().optional(),
});

/**
 * Signature algorithms an ID token may use: public-key ones only. An HMAC one would be keyed with
 * the client secret, and a native app registration has none — anyone could make such a token.
 */
const ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'];

/** Clocks of the provider and the backend differ a little; a minute is what both large providers advise. */
const CLOCK_TOLERANCE_S = 60;
/**
 * The desktop hands its ID token over the moment it has it; an older one is someone replaying a
 * token they got hold of, even when the provider gave it an hour's life.
 */
const MAX_TOKEN_AGE_S = 10 * 60;
/** How long a provider's discovery document is trusted before it is read again (its keys have their own refresh). */
const DISCOVERY_MAX_AGE_MS = 24 * 60 * 60 * 1000;
/** Each organisation names one provider; a backend of a dealer group holds a few. Bounded all the same. */
const MAX_PROVIDERS = 100;
const FETCH_TIMEOUT_MS = 10_000;
/**
 * What the person signing in reads when the provider could not be asked: never the connection's
 * own error, which would let anyone with an ID token probe what the backend's network holds.
 */
const UNREACHABLE = 'The sign-in provider could not be reached. Try again later; if it keeps happening, a manager checks its address in the sign-in settings.';

interface Provider {
  issuer: string;
  keys: ReturnType<typeof createRemoteJWKSet>;
  readAt: number;
}

/**
 * The providers asked so far, by configured issuer: their discovery document and their signing
 * keys (jose refetches these when a token names a key it has not seen, so a provider's key
 * rotation is followed). A pending discovery is shared, so a burst of sign-ins asks once; a
 * failed one is not kept, so the next sign-in asks again.
 */
const providers = new Map<string, Promise<Provider>>();

/** The issuer as configured, without a trailing slash: discovery appends its path to it (Discovery 1.0 §4). */
function issuerBase(issuer: string): string {
  return issuer.replace(/\/+$/, '');
}

async function discover(issuer: string, now: number, network: ProviderNetwork): Promise<Provider> {
  const base = issuerBase(issuer);
  if (!base.startsWith('https://')) {
    // The provider's keys decide who may sign in: read over plain http, anyone on the way could swap them.
    throw new OidcRefusal('provider', `The sign-in provider's address must start with https:// (it is ${issuer}); a manager corrects it in the organisation's sign-in settings.`);
  }
  const address = `${base}/.well-known/openid-configuration`;
  let body: unknown;
  try {
    const answer = await providerFetch(address, network, { signal: AbortSignal.timeout(FETCH_TIMEOUT_MS), headers: { accept: 'application/json' } });
    if (!answer.ok) throw new Error(`${address} answered HTTP ${answer.status}`);
    body = await answer.json();
  } catch (error) {
    throw new OidcRefusal('provider', UNREACHABLE, { cause: error });
  }
  const parsed = DiscoverySchema.safeParse(body);
  if (!parsed.success) {
    throw new OidcRefusal('provider', `${address} is not an OpenID provider's settings document: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'document'} ${i.message}`).join('; ')}.`);
  }
  if (issuerBase(parsed.data.issuer) !== base) {
    // Entra ID's shared "common" and "organizations" documents name a {tenantid} placeholder: only a tenant's own address works.
    throw new OidcRefusal(
      'provider',
      `The provider at ${issuer} says its address is ${parsed.data.issuer}. Configure that address${parsed.data.issuer.includes('{tenantid}') ? ' with your tenant id in place of {tenantid}' : ''} in the organisation's sign-in settings.`,
    );
  }
  const jwks = new URL(parsed.data.jwks_uri);
  if (jwks.protocol !== 'https:') {
    // The keys decide who may sign in, as the discovery document does: over https only.
    throw new OidcRefusal('provider', `The provider at ${issuer} publishes its signing keys at a plain http:// address; the backend reads them over https:// only.`);
  }
  // Every read of the keys (a rotation is followed) goes through the same checks as the discovery.
  const keys = createRemoteJWKSet(jwks, {
    timeoutDuration: FETCH_TIMEOUT_MS,
    [customFetch]: (url: string, options: RequestInit) => providerFetch(url, network, { signal: options.signal, headers: options.headers }),
  });
  return { issuer: parsed.data.issuer, keys, readAt: now };
}

async function providerOf(issuer: string, now: number, network: ProviderNetwork): Promise<Provider> {
  const known = providers.get(issuer);
  if (known) {
    const provider = await known;
    if (now - provider.readAt < DISCOVERY_MAX_AGE_MS) return provider;
    providers.delete(issuer);
  }
  const pending = discover(issuer, now, network);
  if (providers.size >= MAX_PROVIDERS) {
    // The provider asked about longest ago goes first (a Map keeps the order of setting).
    const oldest = providers.keys().next().value;
    if (oldest !== undefined) providers.delete(oldest);
  }
  providers.set(issuer, pending);
  try {
    return await pending;
  } catch (error) {
    if (providers.get(issuer) === pending) providers.delete(issuer);
    throw error;
  }
}

/** An e-mail address, lower-cased, or null when the value is not one. */
function emailOf(value: string | undefined): string | null {
  const trimmed = value?.trim().toLowerCase();
  return trimmed && EMAIL_PATTERN.test(trimmed) ? trimmed : null;
}

/**
 * The person an ID token of the organisation's provider names, once the token is shown to be
 * the provider's (its signature against the provider's published keys), meant for this
 * organisation's app registration (`aud` = the client id), and current at `now` (ms). The
 * person must come with an e-mail address the provider does not call unverified. Whether they
 * may be linked to a person here by it is `linkRefusal`'s rule; created, `mayCreate`'s.
 *
 * Refuses with an OidcRefusal whose message says what is wrong and who can put it right.
 * The provider is asked over `network` only (https, and not inside the network unless allowed).
 */
/**
 * Whether the provider at an issuer answers as one (its settings document, under the same
 * address rules as a sign-in), for a manager's Test before saving; an OidcRefusal in words if not.
 */
export async function checkProvider(issuer: string, now: number, network: ProviderNetwork): Promise<void> {
  await providerOf(issuerBase(issuer), now, network);
}

export async function verifyIdToken(settings: OidcSettings, idToken: string, now: number, network: ProviderNetwork): Promise<OidcIdentity> {
  // Read unverified first, only to say precisely what is wrong: a token of another provider or
  // app would otherwise be refused for its signature, which tells nobody what happened.
  let unverified: JWTPayload;
  try {
    unverified = decodeJwt(idToken);
  } catch {
    throw new OidcRefusal('malformed', 'What the app sent is not an ID token. Sign in again.');
  }
  const provider = await providerOf(settings.issuer, now, network);
  if (unverified.iss !== provider.issuer) {
    throw new OidcRefusal('issuer', `This sign-in came from ${String(unverified.iss ?? 'an unnamed provider')}, but the organisation signs in with ${provider.issuer}.`);
  }
  const audiences = typeof unverified.aud === 'string' ? [unverified.aud] : (unverified.aud ?? []);
  if (!audiences.includes(settings.clientId)) {
    throw new OidcRefusal('audience', `This sign-in was meant for another app (${audiences.join(', ') || 'none named'}), not for the organisation's app registration ${settings.clientId}.`);
  }

  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(idToken, provider.keys, {
      issuer: provider.issuer,
      audience: settings.clientId,
      algorithms: ALGORITHMS,
      currentDate: new Date(now),
      clockTolerance: CLOCK_TOLERANCE_S,
      maxTokenAge: MAX_TOKEN_AGE_S,
      requiredClaims: ['sub', 'iat', 'exp'],
    }));
  } catch (error) {
    throw refusalOf(error, settings.issuer);
  }

  const claims = ClaimsSchema.safeParse(payload);
  if (!claims.success) {
    throw new OidcRefusal('malformed', `The provider's ID token is not as expected: ${claims.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}.`);
  }
  const c = claims.data;
  // OpenID Connect Core §2: with several audiences, the party it was issued to must be this app.
  if (audiences.length > 1 && c.azp !== settings.clientId) {
    throw new OidcRefusal('audience', `This sign-in was issued to ${c.azp ?? 'an unnamed app'}, not to the organisation's app registration ${settings.clientId}.`);
  }
  const email = emailOf(c.email) ?? emailOf(c.preferred_username) ?? emailOf(c.upn);
  if (!email) {
    throw new OidcRefusal('no-email', 'The provider did not say your e-mail address, which is how you are known here. Ask your administrator to release the e-mail claim to this app.');
  }
  if (c.email_verified === false || c.email_verified === 'false') {
    throw new OidcRefusal('email-unverified', `The provider says ${email} is not verified. Verify it with the provider, then sign in again.`);
  }
  const name = c.name?.trim() || [c.given_name, c.family_name].filter(Boolean).join(' ').trim() || email.split('@')[0]!;
  // The schema takes the flag as a string too, as some providers send it.
  const emailVerified = emailOf(c.email) === email && (c.email_verified === true || c.email_verified === 'true');
  return { subject: c.sub, email, emailVerified, name };
}

function refusalOf(error: unknown, issuer: string): OidcRefusal {
  if (error instanceof OidcRefusal) return error;
  if (error instanceof errors.JWTExpired) {
    // jose says "expired" for a token older than maxTokenAge too, naming `iat` rather than `exp`.
    return error.claim === 'iat'
      ? new OidcRefusal('expired', 'This sign-in is too old to be used, or the clocks of this server and the provider disagree. Sign in again.')
      : new OidcRefusal('expired', 'This sign-in has expired. Sign in again.');
  }
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.claim === 'iat') return new OidcRefusal('expired', 'This sign-in was issued in the future: the clocks of this server and the provider disagree.');
    if (error.claim === 'nbf') return new OidcRefusal('expired', 'This sign-in is not valid yet: the clocks of this server and the provider disagree.');
    return new OidcRefusal('malformed', `The provider's ID token is not as expected (${error.message}).`);
  }
  if (error instanceof errors.JWKSNoMatchingKey || error instanceof errors.JWSSignatureVerificationFailed || error instanceof errors.JOSEAlgNotAllowed) {
    return new OidcRefusal('signature', `This sign-in is not signed by ${issuer}. Sign in again; if it happens again, tell your manager.`);
  }
  if (error instanceof errors.JWKSTimeout || error instanceof errors.JWKSInvalid || (error instanceof Error && !(error instanceof errors.JOSEError))) {
    return new OidcRefusal('provider', UNREACHABLE, { cause: error });
  }
  return new OidcRefusal('malformed', `The provider's ID token could not be read (${error instanceof Error ? error.message : String(error)}). Sign in again.`);
}

/** The domain of an allowed-domains entry, as a manager may type it ("@contoso.com" or "contoso.com"). */
function domainOf(entry: string): string {
  return entry.trim().toLowerCase().replace(/^@/, '');
}

/**
 * Whether a person the organisation does not know yet may be created on their first sign-in (in
 * settings.newUserRole): only when their e-mail's domain is one of the allowed domains, exactly
 * — a subdomain is another organisation's as far as this rule knows. No allowed domains: only
 * people a manager added may sign in. A user who exists is matched by e-mail under `linkRefusal`.
 */
export function mayCreate(settings: Pick<OidcSettings, 'allowedDomains'>, email: string): boolean {
  const at = email.lastIndexOf('@');
  if (at < 0) return false;
  const domain = email.slice(at + 1).trim().toLowerCase();
  return settings.allowedDomains.some((entry) => domainOf(entry) === domain);
}

/**
 * Why a person the organisation has (by e-mail, not yet linked to a provider account) may not
 * be linked to the account this ID token is of, or null when they may. Linking hands that
 * account everything the person may do — a manager's rights too — so the address must be
 * one the provider vouches for, or anyone who can name an account after a manager's address
 * becomes that manager:
 * - with allowed domains, only an address at one of them: the organisation's own tenant
 *   (Entra ID, which sends no email_verified; Google Workspace) answers for its domains;
 * - without, only an `email` the provider calls verified. `preferred_username` and `upn` are
 *   never enough there: Microsoft says not to authorise on them, as they can be changed.
 */
export function linkRefusal(settings: Pick<OidcSettings, 'allowedDomains'>, identity: Pick<OidcIdentity, 'email' | 'emailVerified'>): OidcRefusal | null {
  if (settings.allowedDomains.length > 0) {
    if (mayCreate(settings, identity.email)) return null;
    return new OidcRefusal(
      'domain',
      `Only addresses at ${settings.allowedDomains.map(domainOf).join(', ')} sign in with this provider here, not ${identity.email}. Sign in with your password, or ask your manager.`,
    );
  }
  if (identity.emailVerified) return null;
  return new OidcRefusal(
    'email-unverified',
    `The provider did not confirm that ${identity.email} is your verified e-mail address, so you are not signed in as the person here with that address. ` +
      'Sign in with your password; or a manager adds your domain to the allowed domains of the sign-in settings.',
  );
}

/** A person whose address matches is linked to another account of the provider: never taken over. */
export function alreadyLinkedRefusal(settings: Pick<OidcSettings, 'label'>, email: string): OidcRefusal {
  return new OidcRefusal(
    'linked',
    `${email} here signs in with another ${settings.label} account. Sign in with that account; if it is gone, a manager removes and adds you again in Settings → People.`,
  );
}

/** The provider's account of a person a manager removed: they do not come back by signing in. */
export function removedRefusal(email: string, removedAt: number): OidcRefusal {
  return new OidcRefusal(
    'removed',
    `${email} was removed from this organisation on ${new Date(removedAt).toISOString().slice(0, 10)}. Ask your manager to add you again in Settings → People.`,
  );
}

/** The refusal for a person `mayCreate` turns away, in words they can act on. */
export function notAllowedRefusal(settings: Pick<OidcSettings, 'allowedDomains'>, email: string): OidcRefusal {
  return new OidcRefusal(
    'domain',
    settings.allowedDomains.length === 0
      ? `${email} has no account here. Ask your manager to add you in Settings → People.`
      : `${email} has no account here, and only addresses at ${settings.allowedDomains.map(domainOf).join(', ')} get one on their first sign-in. Ask your manager to add you in Settings → People.`,
  );
}
