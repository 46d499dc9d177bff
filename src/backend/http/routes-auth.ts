import type { FastifyInstance } from 'fastify';
import { OidcSettingsSchema, TokenRequestSchema, type OidcPublicSettings, type OidcSettings, type TokenAnswer } from '../../api/v2/auth';
import { userView } from '../store/users-repo';
import type { Me } from '../../api/v2/users';
import type { PeopleService } from '../access/people-service';
import type { SignIn } from '../access/sign-in';
import { principalView } from '../access/sign-in';
import type { Clock } from '../../ports/clock';
import type { BackendStore } from '../store/backend-store';
import type { Auth } from './auth';

/**
 * Signing in and out: POST /v2/auth/token (no Bearer; the grants of TokenRequestSchema), POST
 * /v2/auth/signout, GET /v2/auth/me, and the organisation's OpenID settings (GET for the desktops
 * people sign in on, PUT for managers).
 */
export function authRoutes(app: FastifyInstance, deps: { store: BackendStore; clock: Clock; signIn: SignIn; people: PeopleService }, auth: Auth): void {
  const { store, signIn, people } = deps;

  app.post('/auth/token', async (request): Promise<TokenAnswer> => signIn.grant(TokenRequestSchema.parse(request.body), request.ip));

  app.post('/auth/signout', async (request, reply) => {
    await people.signOut(await auth(request, 'self'), request.ip);
    return reply.code(204).send();
  });

  app.get('/auth/me', async (request): Promise<Me> => {
    const principal = await auth(request, 'auth.read');
    const session = (await store.sessions.get(principal.sessionId))!;
    const user = principal.userId ? await store.users.get(principal.organizationId, principal.userId) : undefined;
    return { ...principalView(session), ...(user ? { user: userView(user) } : {}) };
  });

  app.get('/auth/oidc', async (request): Promise<OidcPublicSettings> => {
    const settings = await store.users.oidcSettings((await auth(request, 'auth.oidc.read')).organizationId);
    return settings && { issuer: settings.issuer, clientId: settings.clientId, ...(settings.clientSecret ? { clientSecret: settings.clientSecret } : {}), label: settings.label };
  });

  // A manager's view: all of it (the allowed domains and the new people's role too).
  app.get('/auth/oidc/settings', async (request): Promise<OidcSettings | null> =>
    (await store.users.oidcSettings((await auth(request, 'organization.manage')).organizationId)) ?? null,
  );

  app.put('/auth/oidc', async (request) => {
    const principal = await auth(request, 'organization.manage');
    const settings = OidcSettingsSchema.parse(request.body);
    await store.users.setOidcSettings(principal.organizationId, settings, deps.clock.now());
    await people.audit(principal, 'oidc.changed', request.ip, settings.issuer, { how: 'provider', label: settings.label });
    return settings;
  });

  // A Test before saving: does the provider answer as one (204), or why not (422, in words: a refusal of
  // these settings, not the backend failing, so the desktop shows the reason).
  app.post('/auth/oidc/test', async (request, reply) => {
    await auth(request, 'organization.manage');
    await signIn.testProvider(OidcSettingsSchema.parse(request.body).issuer);
    return reply.code(204).send();
  });

  // Back to passwords only.
  app.delete('/auth/oidc', async (request, reply) => {
    const principal = await auth(request, 'organization.manage');
    await store.users.setOidcSettings(principal.organizationId, null, deps.clock.now());
    await people.audit(principal, 'oidc.changed', request.ip, '', { how: 'password' });
    return reply.code(204).send();
  });
}
