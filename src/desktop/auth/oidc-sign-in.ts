import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as client from 'openid-client';
import type { Locale } from '../../api/board-api';
import type { Timers } from '../../ports/timers';

/**
 * Why a sign-in through the organisation's OpenID provider did not give an ID token:
 * `provider-settings` the provider could not be asked for its settings; `browser` the system
 * browser could not be opened; `timeout` the person did not finish in time; `state` the answer
 * that reached the app was not for this sign-in (forged, or of an earlier attempt); `refused`
 * the provider answered with an error (the person declined, or the app registration is wrong);
 * `exchange` the provider did not accept the code (expired, used, or the registration is wrong);
 * `no-id-token` it answered without an ID token.
 */
export type ProviderSignInFailure = 'provider-settings' | 'browser' | 'timeout' | 'state' | 'refused' | 'exchange' | 'no-id-token';

export class ProviderSignInError extends Error {
  constructor(
    readonly reason: ProviderSignInFailure,
    message: string,
  ) {
    super(message);
    this.name = 'ProviderSignInError';
  }
}

export interface ProviderSignInOptions {
  /** How long the person has to finish in the browser; 5 minutes unless said. */
  timeoutMs?: number;
  /** The language of the page the browser shows once the provider sends the person back. */
  locale?: Locale;
}

/** Long enough to type a password and approve a second factor on a phone; short enough that a forgotten tab ends. */
const DEFAULT_TIMEOUT_MS = 5 * 60 * 1000;
/** Seconds openid-client waits for each request to the provider (discovery, the code exchange). */
const REQUEST_TIMEOUT_S = 15;

const PAGES: Record<Locale, { done: string; failed: string; back: string; notHere: string }> = {
  en: {
    done: 'You are signed in',
    failed: 'The sign-in did not succeed',
    back: 'You can close this tab and return to Aftersales Board.',
    notHere: 'Nothing here: this address only receives the answer of a sign-in.',
  },
  nl: {
    done: 'U bent aangemeld',
    failed: 'Het aanmelden is niet gelukt',
    back: 'U kunt dit tabblad sluiten en teruggaan naar Aftersales Board.',
    notHere: 'Hier is niets: dit adres ontvangt alleen het antwoord van een aanmelding.',
  },
};

function page(locale: Locale, ok: boolean): string {
  const words = PAGES[locale];
  const title = ok ? words.done : words.failed;
  return `<!doctype html><html lang="${locale}"><head><meta charset="utf-8"><title>${title}</title>
<style>body{font:16px system-ui,sans-serif;margin:15vh auto;max-width:32em;text-align:center;color:#222}h1{font-size:1.4em}</style></head>
<body><h1>${title}</h1><p>${words.back}</p></body></html>`;
}

/**
 * Signs a person in with the organisation's OpenID provider (Microsoft Entra ID, Google
 * Workspace, …) the way RFC 8252 asks of a desktop app: the provider's page opens in the system
 * browser (where the person's password manager, second factor and single sign-on live, and
 * which this app cannot read), and the answer comes back to a one-off HTTP server on
 * 127.0.0.1 at a random port. Authorisation code with PKCE (S256), state and nonce; the app
 * registration is a public client (no secret: a desktop cannot keep one).
 *
 * Answers the provider's ID token, which the backend checks and exchanges for a session of its
 * own; refuses with a ProviderSignInError that says what went wrong.
 */
/**
 * Opens an address in the system browser. For the sign-in it is told the provider's authorization
 * endpoint (from the issuer's discovery), whose host may differ from the issuer's own: the shell's
 * allow-list lets that origin through for this page alone.
 */
export type OpenBrowser = (url: string, signIn?: { authorizationEndpoint: string }) => Promise<void>;

export async function signInWithProvider(
  settings: { issuer: string; clientId: string; clientSecret?: string },
  openBrowser: OpenBrowser,
  timers: Timers,
  options: ProviderSignInOptions = {},
): Promise<{ idToken: string }> {
  const locale = options.locale ?? 'en';
  let config: client.Configuration;
  try {
    // A public client proves itself with PKCE alone; one the provider gave a secret (Google's desktop apps) sends it too.
    const authentication = settings.clientSecret ? client.ClientSecretPost(settings.clientSecret) : client.None();
    config = await client.discovery(new URL(settings.issuer), settings.clientId, undefined, authentication, { timeout: REQUEST_TIMEOUT_S });
  } catch (error) {
    throw new ProviderSignInError('provider-settings', `The sign-in provider at ${settings.issuer} could not be asked for its settings (${describe(error)}). Try again later, or ask your manager to check the sign-in settings.`);
  }

  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const redirectUri = `http://127.0.0.1:${port}/callback`;
  let cancelTimeout = () => {};

  try {
    const verifier = client.randomPKCECodeVerifier();
    const state = client.randomState();
    const nonce = client.randomNonce();
    const authorizationUrl = client.buildAuthorizationUrl(config, {
      redirect_uri: redirectUri,
      response_type: 'code',
      scope: 'openid email profile',
      code_challenge: await client.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      state,
      nonce,
      ...promptOf(config),
    });

    const callback = waitForCallback(server, locale);
    const timedOut = new Promise<never>((_, reject) => {
      cancelTimeout = timers.after(options.timeoutMs ?? DEFAULT_TIMEOUT_MS, () =>
        reject(new ProviderSignInError('timeout', 'The sign-in was not finished in the browser in time. Start it again.')),
      );
    });
    // buildAuthorizationUrl above has already refused a provider without one.
    const authorizationEndpoint = config.serverMetadata().authorization_endpoint;
    const opened = openBrowser(authorizationUrl.href, authorizationEndpoint === undefined ? undefined : { authorizationEndpoint }).catch((error: unknown) => {
      throw new ProviderSignInError('browser', `The browser could not be opened for the sign-in (${describe(error)}).`);
    });
    // The person may finish before the opener says it is done (a test's opener drives the whole sign-in).
    const { request, response } = await Promise.race([callback, timedOut, opened.then(() => Promise.race([callback, timedOut]))]);
    cancelTimeout();

    let outcome: { idToken: string } | ProviderSignInError;
    try {
      outcome = await exchange(config, new URL(request.url ?? '/', redirectUri), { verifier, state, nonce });
    } catch (error) {
      outcome = error instanceof ProviderSignInError ? error : new ProviderSignInError('exchange', `The sign-in could not be finished (${describe(error)}). Sign in again.`);
    }
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', connection: 'close' });
    response.end(page(locale, !(outcome instanceof ProviderSignInError)));
    if (outcome instanceof ProviderSignInError) throw outcome;
    return outcome;
  } finally {
    cancelTimeout();
    server.close();
    server.closeIdleConnections();
  }
}

/**
 * A reception PC is shared: the browser may still be signed in to the provider as the previous
 * person. Asking to choose the account (or, where a provider does not offer that, to sign in)
 * keeps the next person from being signed in as someone else without noticing. A provider that
 * does not list what it supports (Google) is asked to choose; Entra ID and Google both offer it.
 */
function promptOf(config: client.Configuration): { prompt?: string } {
  const supported = config.serverMetadata().prompt_values_supported;
  if (!Array.isArray(supported) || supported.includes('select_account')) return { prompt: 'select_account' };
  if (supported.includes('login')) return { prompt: 'login' };
  return {};
}

/**
 * The one request to /callback: after it, the server takes no new connections. Anything else (a
 * favicon, a stray visit, a second answer) is told this is not a page.
 */
function waitForCallback(server: Server, locale: Locale): Promise<{ request: IncomingMessage; response: ServerResponse }> {
  return new Promise((resolve) => {
    let answered = false;
    server.on('request', (request: IncomingMessage, response: ServerResponse) => {
      if (answered || request.method !== 'GET' || new URL(request.url ?? '/', 'http://127.0.0.1').pathname !== '/callback') {
        response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
        response.end(PAGES[locale].notHere);
        return;
      }
      answered = true;
      server.close();
      resolve({ request, response });
    });
  });
}

async function exchange(config: client.Configuration, callbackUrl: URL, checks: { verifier: string; state: string; nonce: string }): Promise<{ idToken: string }> {
  const params = callbackUrl.searchParams;
  // The state first: an answer of another sign-in (or a page that called this address) is not
  // the provider's answer to this one, whatever else it says.
  if (params.get('state') !== checks.state) {
    throw new ProviderSignInError('state', 'The answer that reached the app was not for the sign-in it started. Start the sign-in again; if this keeps happening, tell your manager.');
  }
  const error = params.get('error');
  if (error) {
    const description = params.get('error_description');
    throw new ProviderSignInError(
      'refused',
      error === 'access_denied'
        ? `The sign-in was declined at the provider${description ? ` (${description})` : ''}.`
        : `The sign-in provider refused the sign-in: ${description ?? error}. Your manager may need to check the app registration.`,
    );
  }
  let tokens: Awaited<ReturnType<typeof client.authorizationCodeGrant>>;
  try {
    tokens = await client.authorizationCodeGrant(config, callbackUrl, {
      pkceCodeVerifier: checks.verifier,
      expectedState: checks.state,
      expectedNonce: checks.nonce,
      idTokenExpected: true,
    });
  } catch (cause) {
    if (cause instanceof client.ResponseBodyError && cause.error === 'invalid_grant') {
      throw new ProviderSignInError('exchange', `The sign-in provider no longer accepts this sign-in (${cause.error_description ?? cause.error}): it took too long or was already used. Sign in again.`);
    }
    throw new ProviderSignInError('exchange', `The sign-in could not be finished with the provider (${describe(cause)}). Sign in again.`);
  }
  if (!tokens.id_token) throw new ProviderSignInError('no-id-token', 'The sign-in provider did not say who signed in (no ID token). Ask your manager to check the app registration.');
  return { idToken: tokens.id_token };
}

function describe(error: unknown): string {
  if (error instanceof client.ResponseBodyError) return error.error_description ?? error.error;
  if (error instanceof Error) {
    const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
    return `${error.message}${cause}`;
  }
  return String(error);
}
