import assert from 'node:assert/strict';
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import { createServer as createHttpServer, type IncomingMessage, type Server as HttpServer, type ServerResponse } from 'node:http';
import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import { getCACertificates, setDefaultCACertificates } from 'node:tls';
import { after, before, describe, it, mock } from 'node:test';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
// @ts-expect-error oidc-provider ships no type declarations; the few members used are typed below.
import ProviderModule, { interactionPolicy as policies } from 'oidc-provider';
import { AuditPageSchema } from '../../src/api/v2/audit';
import { TokenAnswerSchema, type OidcSettings } from '../../src/api/v2/auth';
import { ErrorBodySchema } from '../../src/api/v2/common';
import { InvitationSchema, MeSchema, UserPageSchema } from '../../src/api/v2/users';
import { linkRefusal, mayCreate, notAllowedRefusal, OidcRefusal, verifyIdToken } from '../../src/backend/access/oidc-id-token';
import type { ProviderNetwork } from '../../src/backend/access/provider-fetch';
import { systemResolver } from '../../src/backend/events/webhook-target';
import { ProviderSignInError, signInWithProvider } from '../../src/desktop/auth/oidc-sign-in';
import { systemTimers } from '../../src/node/system-timers';
import { systemClock } from '../../src/ports/clock';
import { startSystem } from '../support/backend';
import { selfSigned } from '../support/certificates';
import { manualTime } from '../support/time';

/** The members of oidc-provider's Provider this test uses (it ships no types). */
interface OidcProvider {
  callback(): (req: IncomingMessage, res: ServerResponse) => void;
  interactionDetails(req: IncomingMessage, res: ServerResponse): Promise<{ prompt: { name: string }; params: { client_id: string; scope: string } }>;
  interactionFinished(req: IncomingMessage, res: ServerResponse, result: object, options?: { mergeWithLastSubmission?: boolean }): Promise<void>;
  Grant: new (properties: { accountId: string; clientId: string }) => { addOIDCScope(scope: string): void; save(): Promise<string> };
  on(event: 'grant.error', listener: (ctx: unknown, error: { error_detail?: string }) => void): void;
}
const Provider = ProviderModule as new (issuer: string, configuration: object) => OidcProvider;
const interactionPolicy = policies as {
  base(): { add(prompt: object): void };
  Prompt: new (options: { name: string; requestable: boolean }) => object;
};

const CLIENT_ID = 'aftersales-board';
const OTHER_CLIENT_ID = 'another-app';
/** As Google registers a "Desktop app": the code exchange must carry the client's (non-confidential) secret. */
const DESKTOP_APP_ID = 'desktop-app';
const DESKTOP_APP_SECRET = 'a desktop app secret of this test provider';

/** People the provider knows, by subject, with the claims it releases about them. */
const ACCOUNTS: Record<string, Record<string, unknown>> = {
  sanne: { email: 'Sanne@Autobedrijf.nl', email_verified: true, name: 'Sanne de Vries' },
  // Entra ID without the optional `email` claim: the sign-in address comes as preferred_username.
  joost: { preferred_username: 'joost@autobedrijf.nl', name: 'Joost Bakker' },
  kees: { email: 'kees@elders.nl', email_verified: true, name: 'Kees' },
  unverified: { email: 'nog@autobedrijf.nl', email_verified: false, name: 'Nog Niet' },
  nameless: { name: 'Zonder Adres' },
  // Another account of the provider, named after Sanne's address (as anyone may name their account).
  impostor: { preferred_username: 'Sanne@Autobedrijf.nl', name: 'Mallory' },
  wim: { preferred_username: 'wim@autobedrijf.nl', name: 'Wim' },
  eva: { email: 'eva@elders.nl', email_verified: true, name: 'Eva' },
};

/**
 * A real OpenID provider (oidc-provider) on https://127.0.0.1 with a certificate of its own that
 * this process trusts, as a dealership's machines trust Microsoft's and Google's. The person at
 * its login page is whoever `signInAs` names (or someone who declines); its own interaction
 * routes stand for the provider's login and consent pages.
 */
interface TestProvider {
  issuer: string;
  signInAs(person: string | 'decline'): void;
  /** Why the provider last refused at its token endpoint, in its own words (it tells the client less). */
  lastGrantError(): string | null;
  close(): Promise<void>;
}

/**
 * `selectAccount`: the provider offers an account picker as Entra ID and Google do (neither lists
 * the prompts it supports); without, it lists them and they do not include one.
 */
async function startProvider(certificate: { key: string; cert: string }, options: { selectAccount: boolean }): Promise<TestProvider> {
  let person: string | 'decline' = 'sanne';
  let handle: (req: IncomingMessage, res: ServerResponse) => void = (_req, res) => res.end();
  const server: HttpsServer = createHttpsServer(certificate, (req, res) => handle(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  const client = (clientId: string) => ({
    client_id: clientId,
    application_type: 'native',
    token_endpoint_auth_method: 'none',
    // A native client's loopback redirect matches on any port (RFC 8252 §7.3).
    redirect_uris: ['http://127.0.0.1/callback'],
    grant_types: ['authorization_code'],
    response_types: ['code'],
  });
  const policy = interactionPolicy.base();
  if (options.selectAccount) policy.add(new interactionPolicy.Prompt({ name: 'select_account', requestable: true }));
  const provider = new Provider(issuer, {
    clients: [
      client(CLIENT_ID),
      client(OTHER_CLIENT_ID),
      { ...client(DESKTOP_APP_ID), token_endpoint_auth_method: 'client_secret_post', client_secret: DESKTOP_APP_SECRET },
    ],
    jwks: { keys: [{ ...(await exportJWK(privateKey)), kid: 'test-key', alg: 'RS256', use: 'sig' }] },
    cookies: { keys: ['a cookie key of this test provider'] },
    async findAccount(_ctx: unknown, sub: string) {
      const claims = ACCOUNTS[sub];
      return claims && { accountId: sub, claims: async () => ({ sub, ...claims }) };
    },
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name', 'preferred_username'] },
    // As Entra ID and Google do: the person's claims in the ID token itself.
    conformIdTokenClaims: false,
    features: { devInteractions: { enabled: false } },
    interactions: { policy, url: (_ctx: unknown, interaction: { uid: string }) => `/interaction/${interaction.uid}` },
    discovery: options.selectAccount ? {} : { prompt_values_supported: ['none', 'login', 'consent'] },
    pkce: { required: () => true },
    // Seconds. The code's minute is oidc-provider's default (and Entra ID's ten at most); an ID token lives an hour as at Entra ID and Google.
    ttl: { AuthorizationCode: 60, IdToken: 3600, AccessToken: 3600, Interaction: 600, Session: 3600, Grant: 3600 },
  });
  let grantError: string | null = null;
  provider.on('grant.error', (_ctx, error) => void (grantError = error.error_detail ?? null));
  const callback = provider.callback();
  handle = (req, res) => {
    if (!req.url?.startsWith('/interaction/')) return callback(req, res);
    void (async () => {
      const details = await provider.interactionDetails(req, res);
      if (person === 'decline') {
        await provider.interactionFinished(req, res, { error: 'access_denied', error_description: 'The person declined' }, { mergeWithLastSubmission: false });
        return;
      }
      const grant = new provider.Grant({ accountId: person, clientId: details.params.client_id });
      grant.addOIDCScope(details.params.scope);
      const grantId = await grant.save();
      // The person picks their account (when asked to), signs in and consents, on one page.
      await provider.interactionFinished(req, res, { select_account: {}, login: { accountId: person }, consent: { grantId } }, { mergeWithLastSubmission: false });
    })().catch((error: unknown) => {
      res.writeHead(500);
      res.end(String(error));
    });
  };
  return {
    issuer,
    signInAs: (next) => void (person = next),
    lastGrantError: () => grantError,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/**
 * The system browser, as far as a sign-in needs one: follows the provider's redirects with its
 * cookies, up to the app's loopback address. `beforeCallback` sees the answer the provider sends
 * back and may hold it (the test moves time) or change it before the browser delivers it.
 */
function browser(options: { beforeCallback?: (url: URL) => URL | Promise<URL> } = {}) {
  const cookies = new Map<string, string>();
  const pages: Array<{ url: string; status: number; body: string }> = [];
  const open = async (start: string): Promise<void> => {
    let url = new URL(start);
    for (let hops = 0; hops < 20; hops++) {
      const loopback = url.protocol === 'http:' && url.hostname === '127.0.0.1';
      if (loopback && options.beforeCallback) url = await options.beforeCallback(url);
      const headers: Record<string, string> = {};
      if (!loopback && cookies.size > 0) headers.cookie = [...cookies].map(([name, value]) => `${name}=${value}`).join('; ');
      const answer = await fetch(url, { redirect: 'manual', headers });
      for (const line of answer.headers.getSetCookie()) {
        const [pair = ''] = line.split(';');
        const eq = pair.indexOf('=');
        const name = pair.slice(0, eq).trim();
        const value = pair.slice(eq + 1).trim();
        if (value === '' || /max-age=0|expires=thu, 01 jan 1970/i.test(line)) cookies.delete(name);
        else cookies.set(name, value);
      }
      const location = answer.headers.get('location');
      if (answer.status >= 300 && answer.status < 400 && location) {
        await answer.body?.cancel();
        url = new URL(location, url);
        continue;
      }
      pages.push({ url: url.href, status: answer.status, body: await answer.text() });
      return;
    }
    throw new Error(`more than 20 redirects from ${start}`);
  };
  return { open, pages };
}

/**
 * The providers' certificate, trusted as an operating system trusts a public provider's; nothing
 * of ours skips the check. One for the whole file: two self-signed certificates of the same
 * name in the trusted list make TLS check a server's against whichever it finds first.
 */
const trustedCertificate = selfSigned().then((certificate) => {
  setDefaultCACertificates([...getCACertificates('default'), certificate.cert]);
  return certificate;
});

/** The tests' providers are on 127.0.0.1: the backend is started to allow private targets, and so are these checks. */
const network: ProviderNetwork = { allowPrivate: true, resolve: systemResolver };

function settingsOf(provider: TestProvider, overrides: Partial<OidcSettings> = {}): OidcSettings {
  return { issuer: provider.issuer, clientId: CLIENT_ID, label: 'Microsoft', allowedDomains: ['autobedrijf.nl'], newUserRole: 'advisor', ...overrides };
}

async function refusalOf(promise: Promise<unknown>): Promise<OidcRefusal> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof OidcRefusal) return error;
    throw error;
  }
  assert.fail('the ID token was accepted');
}

async function failureOf(promise: Promise<unknown>): Promise<ProviderSignInError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ProviderSignInError) return error;
    throw error;
  }
  assert.fail('the sign-in succeeded');
}

/** Whether anything still listens on a loopback port. */
function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

describe('signing in with the organisation’s OpenID provider', () => {
  let provider: TestProvider;
  let elsewhere: TestProvider;

  before(async () => {
    const certificate = await trustedCertificate;
    provider = await startProvider(certificate, { selectAccount: true });
    elsewhere = await startProvider(certificate, { selectAccount: false });
  });
  after(async () => {
    await provider.close();
    await elsewhere.close();
  });

  async function signIn(person: string, on: TestProvider = provider, clientId = CLIENT_ID, clientSecret?: string) {
    on.signInAs(person);
    const theirBrowser = browser();
    let prompt: string | null = null;
    const { idToken } = await signInWithProvider(
      { issuer: on.issuer, clientId, ...(clientSecret ? { clientSecret } : {}) },
      (url) => {
        prompt = new URL(url).searchParams.get('prompt');
        return theirBrowser.open(url);
      },
      systemTimers,
    );
    return { idToken, prompt };
  }

  it('goes through the browser and back to the app, and the backend accepts the ID token for the person it names', async () => {
    provider.signInAs('sanne');
    const person = browser();
    let authorization: URL | undefined;
    let signInPage: { authorizationEndpoint: string } | undefined;
    let browsing: Promise<void> | undefined;
    const { idToken } = await signInWithProvider(
      { issuer: provider.issuer, clientId: CLIENT_ID },
      (url, signIn) => {
        authorization = new URL(url);
        signInPage = signIn;
        browsing = person.open(url);
        return browsing;
      },
      systemTimers,
      { locale: 'nl' },
    );
    await browsing;
    // The shell allows the discovered authorization endpoint's origin for this page (it may be on another host than the issuer).
    const discovered = (await (await fetch(`${provider.issuer}/.well-known/openid-configuration`)).json()) as { authorization_endpoint: string };
    assert.deepEqual(signInPage, { authorizationEndpoint: discovered.authorization_endpoint });
    assert.equal(`${authorization!.origin}${authorization!.pathname}`, discovered.authorization_endpoint);
    const asked = authorization!.searchParams;
    assert.equal(asked.get('code_challenge_method'), 'S256');
    assert.match(asked.get('code_challenge') ?? '', /^[\w-]{43}$/);
    assert.ok(asked.get('state') && asked.get('nonce'), 'state and nonce');
    assert.equal(asked.get('prompt'), 'select_account', 'a reception PC is shared: the person picks their account');
    const redirect = new URL(asked.get('redirect_uri')!);
    assert.equal(redirect.hostname, '127.0.0.1');
    assert.equal(redirect.pathname, '/callback');
    assert.notEqual(redirect.port, '');

    const page = person.pages.at(-1)!;
    assert.equal(page.url.startsWith(redirect.href), true, 'the browser ends at the app’s loopback address');
    assert.equal(page.status, 200);
    assert.match(page.body, /U bent aangemeld/);
    assert.match(page.body, /teruggaan naar Aftersales Board/);
    assert.equal(await listening(Number(redirect.port)), false, 'the loopback server is gone after its one answer');

    const identity = await verifyIdToken(settingsOf(provider), idToken, Date.now(), network);
    assert.deepEqual(identity, { subject: 'sanne', email: 'sanne@autobedrijf.nl', emailVerified: true, name: 'Sanne de Vries' });
  });

  it('sends the client secret a provider gave an installed app (Google’s desktop apps) at the code exchange; without it the exchange is refused', async () => {
    const { idToken } = await signIn('sanne', provider, DESKTOP_APP_ID, DESKTOP_APP_SECRET);
    const identity = await verifyIdToken({ ...settingsOf(provider), clientId: DESKTOP_APP_ID }, idToken, Date.now(), network);
    assert.equal(identity.email, 'sanne@autobedrijf.nl');
    await assert.rejects(signIn('sanne', provider, DESKTOP_APP_ID), (error: unknown) => error instanceof ProviderSignInError && error.reason === 'exchange');
  });

  it('takes an Entra ID sign-in address (preferred_username) when the provider sends no e-mail claim', async () => {
    const { idToken } = await signIn('joost');
    assert.deepEqual(await verifyIdToken(settingsOf(provider), idToken, Date.now(), network), { subject: 'joost', email: 'joost@autobedrijf.nl', emailVerified: false, name: 'Joost Bakker' });
  });

  it('refuses an answer with a forged state at the loopback address, and says so in the browser too', async () => {
    const attacker = browser();
    let browsing: Promise<void> | undefined;
    const failure = await failureOf(
      signInWithProvider(
        { issuer: provider.issuer, clientId: CLIENT_ID },
        (url) => {
          // Another page in the browser calls the app's address with a code of its own choosing.
          const callback = new URL(new URL(url).searchParams.get('redirect_uri')!);
          callback.search = new URLSearchParams({ code: 'a-code-of-the-attacker', state: 'not-the-state' }).toString();
          browsing = attacker.open(callback.href);
          return browsing;
        },
        systemTimers,
      ),
    );
    await browsing;
    assert.equal(failure.reason, 'state');
    assert.match(failure.message, /not for the sign-in it started/);
    assert.match(attacker.pages.at(-1)!.body, /The sign-in did not succeed/);
  });

  it('refuses a code that has expired at the provider (its clock moved past the code’s life, nobody sleeps)', async (t) => {
    provider.signInAs('sanne');
    const person = browser({
      beforeCallback: (url) => {
        // The person walked away before the browser came back: the provider's code lives 60 s
        // (oidc-provider's default), and its clock is Date's, which this moves two minutes on.
        mock.timers.enable({ apis: ['Date'], now: Date.now() });
        t.after(() => mock.timers.reset());
        mock.timers.tick(120_000);
        return url;
      },
    });
    let browsing: Promise<void> | undefined;
    const failure = await failureOf(
      signInWithProvider({ issuer: provider.issuer, clientId: CLIENT_ID }, (url) => (browsing = person.open(url)), systemTimers),
    );
    await browsing;
    mock.timers.reset();
    assert.equal(failure.reason, 'exchange');
    assert.match(failure.message, /no longer accepts this sign-in .*it took too long or was already used/);
    // oidc-provider's in-memory store drops a code when its life ends, so it is "not found" rather than "expired".
    assert.match(provider.lastGrantError() ?? '', /^authorization code (is expired|not found)$/);
    assert.match(person.pages.at(-1)!.body, /The sign-in did not succeed/);
  });

  it('refuses when the person declines at the provider', async () => {
    provider.signInAs('decline');
    const person = browser();
    const failure = await failureOf(signInWithProvider({ issuer: provider.issuer, clientId: CLIENT_ID }, person.open, systemTimers));
    assert.equal(failure.reason, 'refused');
    assert.match(failure.message, /declined at the provider \(The person declined\)/);
  });

  it('gives up when the person does not finish in time, and stops listening', async () => {
    const time = manualTime(0);
    let port = 0;
    let opened!: () => void;
    const browserOpened = new Promise<void>((resolve) => (opened = resolve));
    const signingIn = signInWithProvider(
      { issuer: provider.issuer, clientId: CLIENT_ID },
      async (url) => {
        port = Number(new URL(new URL(url).searchParams.get('redirect_uri')!).port);
        opened();
      },
      time.timers,
      { timeoutMs: 120_000 },
    );
    await browserOpened;
    time.advance(119_999);
    assert.equal(await listening(port), true, 'still waiting for the person');
    time.advance(1);
    const failure = await failureOf(signingIn);
    assert.equal(failure.reason, 'timeout');
    assert.match(failure.message, /not finished in the browser in time/);
    assert.equal(await listening(port), false);
  });

  it('says so when the browser cannot be opened, or the provider cannot be reached', async () => {
    const noBrowser = await failureOf(
      signInWithProvider({ issuer: provider.issuer, clientId: CLIENT_ID }, () => Promise.reject(new Error('no default browser')), systemTimers),
    );
    assert.equal(noBrowser.reason, 'browser');
    assert.match(noBrowser.message, /browser could not be opened for the sign-in \(no default browser\)/);

    const away = await failureOf(signInWithProvider({ issuer: 'https://127.0.0.1:9', clientId: CLIENT_ID }, () => Promise.resolve(), systemTimers));
    assert.equal(away.reason, 'provider-settings');
    assert.match(away.message, /https:\/\/127\.0\.0\.1:9 could not be asked for its settings/);
  });

  it('refuses an ID token of another app, of another provider, or signed by someone else', async () => {
    const settings = settingsOf(provider);
    const otherApp = await signIn('sanne', provider, OTHER_CLIENT_ID);
    const audience = await refusalOf(verifyIdToken(settings, otherApp.idToken, Date.now(), network));
    assert.equal(audience.reason, 'audience');
    assert.match(audience.message, new RegExp(`meant for another app \\(${OTHER_CLIENT_ID}\\), not for the organisation's app registration ${CLIENT_ID}`));

    const otherProvider = await signIn('sanne', elsewhere);
    assert.equal(otherProvider.prompt, 'login', 'a provider that lists no account picker is asked for a fresh login instead');
    const issuer = await refusalOf(verifyIdToken(settings, otherProvider.idToken, Date.now(), network));
    assert.equal(issuer.reason, 'issuer');
    assert.match(issuer.message, new RegExp(`came from ${elsewhere.issuer}, but the organisation signs in with ${provider.issuer}`));

    const { privateKey } = await generateKeyPair('RS256');
    const now = Math.floor(Date.now() / 1000);
    const forged = await new SignJWT({ email: 'sanne@autobedrijf.nl', email_verified: true })
      .setProtectedHeader({ alg: 'RS256', kid: 'test-key' })
      .setIssuer(provider.issuer)
      .setAudience(CLIENT_ID)
      .setSubject('sanne')
      .setIssuedAt(now)
      .setExpirationTime(now + 300)
      .sign(privateKey);
    const signature = await refusalOf(verifyIdToken(settings, forged, Date.now(), network));
    assert.equal(signature.reason, 'signature');
    assert.match(signature.message, /not signed by https:\/\/127\.0\.0\.1/);

    const garbage = await refusalOf(verifyIdToken(settings, 'not.a-token', Date.now(), network));
    assert.equal(garbage.reason, 'malformed');
  });

  it('refuses an ID token once it has expired or is too old to be a fresh sign-in', async () => {
    const { idToken } = await signIn('sanne');
    const settings = settingsOf(provider);
    // oidc-provider's ID tokens live an hour; the backend takes one only in its first ten minutes.
    const stale = await refusalOf(verifyIdToken(settings, idToken, Date.now() + 12 * 60_000, network));
    assert.equal(stale.reason, 'expired');
    assert.match(stale.message, /too old to be used/);
    const expired = await refusalOf(verifyIdToken(settings, idToken, Date.now() + 2 * 3_600_000, network));
    assert.equal(expired.reason, 'expired');
    assert.match(expired.message, /has expired\. Sign in again/);
  });

  it('refuses a person without an e-mail address, or whose address the provider calls unverified', async () => {
    const settings = settingsOf(provider);
    const nameless = await refusalOf(verifyIdToken(settings, (await signIn('nameless')).idToken, Date.now(), network));
    assert.equal(nameless.reason, 'no-email');
    assert.match(nameless.message, /did not say your e-mail address/);
    const unverified = await refusalOf(verifyIdToken(settings, (await signIn('unverified')).idToken, Date.now(), network));
    assert.equal(unverified.reason, 'email-unverified');
    assert.match(unverified.message, /nog@autobedrijf\.nl is not verified/);
  });

  it('refuses a provider at a plain http:// address: its keys decide who may sign in', async () => {
    const { idToken } = await signIn('sanne');
    const plain = await refusalOf(verifyIdToken(settingsOf(provider, { issuer: provider.issuer.replace('https:', 'http:') }), idToken, Date.now(), network));
    assert.equal(plain.reason, 'provider');
    assert.match(plain.message, /must start with https:\/\//);
  });

  it('creates a person on first sign-in only when their domain is allowed', async () => {
    const { idToken } = await signIn('kees');
    const settings = settingsOf(provider);
    const kees = await verifyIdToken(settings, idToken, Date.now(), network);
    assert.equal(kees.email, 'kees@elders.nl');
    assert.equal(mayCreate(settings, kees.email), false, 'elders.nl is not an allowed domain');
    const refusal = notAllowedRefusal(settings, kees.email);
    assert.equal(refusal.reason, 'domain');
    assert.match(refusal.message, /kees@elders\.nl has no account here, and only addresses at autobedrijf\.nl get one/);

    assert.equal(mayCreate(settings, 'sanne@autobedrijf.nl'), true);
    assert.equal(mayCreate({ allowedDomains: ['@autobedrijf.nl'] }, 'sanne@autobedrijf.nl'), true, 'a domain typed with its @');
    assert.equal(mayCreate(settings, 'sanne@nl.autobedrijf.nl'), false, 'a subdomain is not the domain');
    assert.equal(mayCreate(settings, 'sanne@autobedrijf.nl.evil.example'), false);
    assert.equal(mayCreate({ allowedDomains: [] }, 'sanne@autobedrijf.nl'), false, 'no domains: only people a manager added');
    assert.match(notAllowedRefusal({ allowedDomains: [] }, 'sanne@autobedrijf.nl').message, /Ask your manager to add you/);
  });

  it('links a person a manager added only on an address the provider vouches for', () => {
    const none = { allowedDomains: [] };
    assert.equal(linkRefusal(none, { email: 'sanne@autobedrijf.nl', emailVerified: true }), null, 'a verified e-mail');
    const unverified = linkRefusal(none, { email: 'sanne@autobedrijf.nl', emailVerified: false });
    assert.equal(unverified?.reason, 'email-unverified', 'a sign-in name (preferred_username, upn) or an e-mail not called verified');
    assert.match(unverified?.message ?? '', /did not confirm that sanne@autobedrijf\.nl is your verified e-mail address.*allowed domains/);
    const domains = { allowedDomains: ['autobedrijf.nl'] };
    assert.equal(linkRefusal(domains, { email: 'joost@autobedrijf.nl', emailVerified: false }), null, 'the organisation’s own tenant answers for its domain');
    const elsewhere = linkRefusal(domains, { email: 'kees@elders.nl', emailVerified: true });
    assert.equal(elsewhere?.reason, 'domain', 'with domains set, a verified address elsewhere is not linked either');
    assert.match(elsewhere?.message ?? '', /Only addresses at autobedrijf\.nl sign in with this provider here, not kees@elders\.nl/);
  });
});

describe('signing in at the backend with an ID token of the organisation’s provider', () => {
  let provider: TestProvider;
  let system: Awaited<ReturnType<typeof startSystem>>;

  before(async () => {
    const certificate = await trustedCertificate;
    provider = await startProvider(certificate, { selectAccount: true });
    // The provider signs its tokens with the real time, so the backend keeps it too; it is on
    // 127.0.0.1, which the backend reaches only when started to allow private targets.
    system = await startSystem({ clock: systemClock, webhooks: { policy: { allowHttpLoopback: false, allowPrivate: true } } });
  });
  after(async () => {
    await system.backend.close();
    await system.simulator.close();
    await provider.close();
  });

  const call = async (method: string, path: string, body: unknown, token?: string) => {
    const answer = await fetch(`${system.backend.url}/v2${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    // A 204 (a person removed) has no body.
    const text = await answer.text();
    return { status: answer.status, body: (text ? JSON.parse(text) : null) as unknown };
  };

  async function idTokenOf(person: string, clientId = CLIENT_ID): Promise<string> {
    provider.signInAs(person);
    const theirBrowser = browser();
    return (await signInWithProvider({ issuer: provider.issuer, clientId }, theirBrowser.open, systemTimers)).idToken;
  }

  it('a manager’s Test says whether the provider answers as one, before anything is saved', async () => {
    const manager = system.org.token;
    assert.equal((await call('POST', '/auth/oidc/test', settingsOf(provider), manager)).status, 204);
    const nobody = await call('POST', '/auth/oidc/test', { ...settingsOf(provider), issuer: 'https://127.0.0.1:1' }, manager);
    assert.equal(nobody.status, 422);
    const error = (nobody.body as { error: { code: string; message: string } }).error;
    assert.equal(error.code, 'OIDC_PROVIDER_CHECK_FAILED');
    assert.doesNotMatch(error.message, /ECONNREFUSED|fetch failed/, 'the low-level cause stays in the log');
    const elsewhere = await call('POST', '/auth/oidc/test', { ...settingsOf(provider), issuer: `${provider.issuer}/tenant` }, manager);
    assert.equal(elsewhere.status, 422, 'a document under another address is not this provider');
    assert.equal((await call('GET', '/auth/oidc', undefined, manager)).body, null, 'a test saves nothing');
  });

  it('matches a person a manager added by e-mail, creates a new one in the configured role, and refuses a domain that is not allowed', async () => {
    const manager = system.org.token;
    const saved = await call('PUT', '/auth/oidc', settingsOf(provider, { label: 'Microsoft', allowedDomains: ['autobedrijf.nl'], newUserRole: 'advisor' }), manager);
    assert.equal(saved.status, 200, JSON.stringify(saved.body));
    const added = await call('POST', '/users', { name: 'Joost Bakker', email: 'joost@autobedrijf.nl', role: 'manager' }, manager);
    assert.equal(added.status, 201, JSON.stringify(added.body));
    const joostId = InvitationSchema.parse(added.body).user._id;

    // Joost was added by a manager: matched by his e-mail, signed in with his own role.
    const joost = await call('POST', '/auth/token', { grant_type: 'id_token', id_token: await idTokenOf('joost') });
    assert.equal(joost.status, 200, JSON.stringify(joost.body));
    const joostAnswer = TokenAnswerSchema.parse(joost.body);
    assert.deepEqual([joostAnswer.principal._id, joostAnswer.principal.kind, joostAnswer.principal.role], [joostId, 'user', 'manager']);
    const me = MeSchema.parse((await call('GET', '/auth/me', undefined, joostAnswer.access_token)).body);
    assert.equal(me.user?.email, 'joost@autobedrijf.nl');

    // Sanne is new, at an allowed domain: created on her first sign-in as an advisor, under her provider's name.
    const sanne = await call('POST', '/auth/token', { grant_type: 'id_token', id_token: await idTokenOf('sanne') });
    assert.equal(sanne.status, 200, JSON.stringify(sanne.body));
    const sanneAnswer = TokenAnswerSchema.parse(sanne.body);
    assert.deepEqual([sanneAnswer.principal.kind, sanneAnswer.principal.role, sanneAnswer.principal.name], ['user', 'advisor', 'Sanne de Vries']);
    const people = UserPageSchema.parse((await call('GET', '/users', undefined, manager)).body);
    const created = people.data.find((u) => u.email === 'sanne@autobedrijf.nl');
    assert.equal(created?._id, sanneAnswer.principal._id);
    assert.equal(created?.role, 'advisor');
    // Her next sign-in is the same person, not a second one.
    const again = TokenAnswerSchema.parse((await call('POST', '/auth/token', { grant_type: 'id_token', id_token: await idTokenOf('sanne') })).body);
    assert.equal(again.principal._id, sanneAnswer.principal._id);

    // Kees's domain is not allowed and no manager added him.
    const kees = await call('POST', '/auth/token', { grant_type: 'id_token', id_token: await idTokenOf('kees') });
    assert.equal(kees.status, 403);
    assert.match(ErrorBodySchema.parse(kees.body).error.message, /kees@elders\.nl has no account here, and only addresses at autobedrijf\.nl get one/);
    const afterKees = UserPageSchema.parse((await call('GET', '/users', undefined, manager)).body);
    assert.equal(afterKees.data.some((u) => u.email === 'kees@elders.nl'), false, 'nobody was created for him');

    // A token the provider made for another app does not sign anyone in here.
    const otherApp = await call('POST', '/auth/token', { grant_type: 'id_token', id_token: await idTokenOf('sanne', OTHER_CLIENT_ID) });
    assert.equal(otherApp.status, 401);
    assert.match(ErrorBodySchema.parse(otherApp.body).error.message, /meant for another app/);

    // The audit log keeps each line's subject as data and the rest as facts, worded by each screen.
    const audit = AuditPageSchema.parse((await call('GET', '/audit?limit=50', undefined, manager)).body).data;
    const facts = (action: string, detail: string) => audit.find((l) => l.action === action && l.detail === detail)?.facts;
    assert.deepEqual(facts('oidc.changed', provider.issuer), { how: 'provider', label: 'Microsoft' });
    assert.deepEqual(facts('signin', 'joost@autobedrijf.nl'), { how: 'provider', label: 'Microsoft' });
    assert.deepEqual(facts('user.created', 'sanne@autobedrijf.nl'), { role: 'advisor', how: 'provider', label: 'Microsoft' });
    assert.deepEqual(facts('signin.failed', 'kees@elders.nl'), { how: 'provider', label: 'Microsoft', reason: 'domain' });
    assert.deepEqual(facts('signin.failed', ''), { how: 'provider', label: 'Microsoft', reason: 'audience' }, 'a token for another app names nobody');
  });

  it('never hands a person to another account of the provider: a linked person stays with theirs, an address is linked only when vouched for', async () => {
    const manager = system.org.token;
    const signInAs = async (person: string) => call('POST', '/auth/token', { grant_type: 'id_token', id_token: await idTokenOf(person) });
    const sanneId = UserPageSchema.parse((await call('GET', '/users', undefined, manager)).body).data.find((u) => u.email === 'sanne@autobedrijf.nl')!._id;

    // Another account, whose sign-in name is Sanne's address: Sanne is linked to her own account.
    const impostor = await signInAs('impostor');
    assert.equal(impostor.status, 403, JSON.stringify(impostor.body));
    assert.match(ErrorBodySchema.parse(impostor.body).error.message, /sanne@autobedrijf\.nl here signs in with another Microsoft account/);
    assert.equal(TokenAnswerSchema.parse((await signInAs('sanne')).body).principal._id, sanneId, 'Sanne is still herself');

    // With allowed domains, an address elsewhere is not linked, verified or not.
    assert.equal((await call('POST', '/users', { name: 'Eva', email: 'eva@elders.nl', role: 'manager' }, manager)).status, 201);
    const evaElsewhere = await signInAs('eva');
    assert.equal(evaElsewhere.status, 403);
    assert.match(ErrorBodySchema.parse(evaElsewhere.body).error.message, /Only addresses at autobedrijf\.nl sign in with this provider here, not eva@elders\.nl/);

    // Without: only a verified e-mail links; a sign-in name (Entra ID's preferred_username) does not.
    assert.equal((await call('PUT', '/auth/oidc', settingsOf(provider, { allowedDomains: [] }), manager)).status, 200);
    const wimId = InvitationSchema.parse((await call('POST', '/users', { name: 'Wim', email: 'wim@autobedrijf.nl', role: 'manager' }, manager)).body).user._id;
    const wim = await signInAs('wim');
    assert.equal(wim.status, 401);
    assert.match(ErrorBodySchema.parse(wim.body).error.message, /did not confirm that wim@autobedrijf\.nl is your verified e-mail address/);
    const eva = await signInAs('eva');
    assert.equal(eva.status, 200, JSON.stringify(eva.body));
    assert.equal(TokenAnswerSchema.parse(eva.body).principal.role, 'manager');
    const people = UserPageSchema.parse((await call('GET', '/users', undefined, manager)).body).data;
    assert.deepEqual([people.find((u) => u._id === wimId)?.oidc, people.find((u) => u.email === 'eva@elders.nl')?.oidc], [false, true]);
    assert.equal((await call('PUT', '/auth/oidc', settingsOf(provider), manager)).status, 200);
  });

  it('keeps a removed person out, even at an allowed domain, until a manager adds them again; then they sign in with the same account', async () => {
    const manager = system.org.token;
    const signInAs = async (person: string) => call('POST', '/auth/token', { grant_type: 'id_token', id_token: await idTokenOf(person) });
    const first = TokenAnswerSchema.parse((await signInAs('sanne')).body).principal._id;
    assert.equal((await call('DELETE', `/users/${first}`, undefined, manager)).status, 204);

    const removed = await signInAs('sanne');
    assert.equal(removed.status, 403, JSON.stringify(removed.body));
    assert.match(ErrorBodySchema.parse(removed.body).error.message, /sanne@autobedrijf\.nl was removed from this organisation on \d{4}-\d\d-\d\d\. Ask your manager to add you again/);

    const added = await call('POST', '/users', { name: 'Sanne de Vries', email: 'sanne@autobedrijf.nl', role: 'advisor' }, manager);
    assert.equal(added.status, 201, JSON.stringify(added.body));
    const back = await signInAs('sanne');
    assert.equal(back.status, 200, JSON.stringify(back.body));
    assert.equal(TokenAnswerSchema.parse(back.body).principal._id, InvitationSchema.parse(added.body).user._id, 'the person added again, not the removed one');
    assert.equal(TokenAnswerSchema.parse((await signInAs('sanne')).body).principal._id, InvitationSchema.parse(added.body).user._id);
  });
});

describe('the backend reaches a provider over https, on the internet unless allowed, and tells the caller nothing of its network', () => {
  const seen: string[] = [];
  let tls: HttpsServer;
  let plain: HttpServer;
  let issuer = '';
  let jwksUri = '';
  let idToken: (issuedBy: string) => Promise<string>;

  before(async () => {
    const certificate = await trustedCertificate;
    const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
    const keys = JSON.stringify({ keys: [{ ...(await exportJWK(publicKey)), kid: 'k', alg: 'RS256', use: 'sig' }] });
    // Stands for a service inside the network that must not be asked (or one on plain http).
    plain = createHttpServer((req, res) => {
      seen.push(`http ${req.url}`);
      res.setHeader('content-type', 'application/json');
      res.end(keys);
    });
    await new Promise<void>((resolve) => plain.listen(0, '127.0.0.1', resolve));
    tls = createHttpsServer(certificate, (req, res) => {
      seen.push(`https ${req.url}`);
      res.setHeader('content-type', 'application/json');
      const discovery = '/.well-known/openid-configuration';
      res.end(req.url?.endsWith(discovery) ? JSON.stringify({ issuer: `${issuer}${req.url.slice(0, -discovery.length)}`, jwks_uri: jwksUri }) : keys);
    });
    await new Promise<void>((resolve) => tls.listen(0, '127.0.0.1', resolve));
    issuer = `https://127.0.0.1:${(tls.address() as AddressInfo).port}`;
    idToken = (issuedBy) =>
      new SignJWT({ email: 'anna@autobedrijf.nl', email_verified: true })
        .setProtectedHeader({ alg: 'RS256', kid: 'k' })
        .setIssuer(issuedBy)
        .setAudience(CLIENT_ID)
        .setSubject('anna')
        .setIssuedAt()
        .setExpirationTime('10m')
        .sign(privateKey);
  });
  after(() => {
    tls.close();
    plain.close();
  });

  async function signInAt(policy: { allowPrivate: boolean }, provider: string) {
    const system = await startSystem({ clock: systemClock, webhooks: { policy: { allowHttpLoopback: false, ...policy } } });
    try {
      const saved = await fetch(`${system.backend.url}/v2/auth/oidc`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${system.org.token}` },
        body: JSON.stringify({ issuer: provider, clientId: CLIENT_ID, label: 'Microsoft', allowedDomains: ['autobedrijf.nl'], newUserRole: 'advisor' }),
      });
      assert.equal(saved.status, 200);
      const answer = await fetch(`${system.backend.url}/v2/auth/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ grant_type: 'id_token', id_token: await idToken(provider) }),
      });
      return { status: answer.status, body: (await answer.json()) as unknown };
    } finally {
      await system.backend.close();
      await system.simulator.close();
    }
  }

  it('does not ask a provider on the backend’s own machine or in its network unless started to allow private targets', async () => {
    seen.length = 0;
    jwksUri = `${issuer}/jwks`;
    const refused = await signInAt({ allowPrivate: false }, issuer);
    assert.equal(refused.status, 502);
    assert.equal(ErrorBodySchema.parse(refused.body).error.code, 'OIDC_PROVIDER_UNAVAILABLE');
    assert.match(ErrorBodySchema.parse(refused.body).error.message, /^The sign-in provider could not be reached\. Try again later/);
    assert.deepEqual(seen, [], 'nothing was asked');

    const allowed = await signInAt({ allowPrivate: true }, issuer);
    assert.equal(allowed.status, 200, JSON.stringify(allowed.body));
    assert.equal(TokenAnswerSchema.parse(allowed.body).principal.name, 'anna', 'the same provider, with private targets allowed');
    assert.deepEqual(seen, ['https /.well-known/openid-configuration', 'https /jwks']);
  });

  it('never reads the signing keys over plain http', async () => {
    seen.length = 0;
    jwksUri = `http://127.0.0.1:${(plain.address() as AddressInfo).port}/internal-service/jwks`;
    const refused = await signInAt({ allowPrivate: true }, `${issuer}/plain`);
    assert.equal(refused.status, 502);
    assert.match(ErrorBodySchema.parse(refused.body).error.message, /publishes its signing keys at a plain http:\/\/ address/);
    assert.deepEqual(seen, ['https /plain/.well-known/openid-configuration'], 'the http address was not asked');
  });

  it('answers a provider that cannot be reached in plain words, without the connection’s error', async () => {
    const closed = await signInAt({ allowPrivate: true }, 'https://127.0.0.1:1');
    assert.equal(closed.status, 502);
    assert.equal(ErrorBodySchema.parse(closed.body).error.message, 'The sign-in provider could not be reached. Try again later; if it keeps happening, a manager checks its address in the sign-in settings.');
  });
});
