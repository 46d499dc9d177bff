import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Role } from '../../src/api/v2/auth';
import { allows, type Action } from '../../src/backend/access/permissions';
import { call, integrationToken, startSystem } from '../support/backend';
import { manualClock } from '../support/desktop';

/**
 * What every route of the backend takes. A route the server has without a row here fails the
 * test, so a new route cannot go without its permission being decided.
 * - an action: a token whose role the action lists is served; any other gets 403, no token 401;
 * - 'public': no token needed (sign-in);
 * - 'signature': a channel's webhook, signed by the provider: a token opens nothing there;
 * - 'metrics': Prometheus's own token (AFTERSALES_METRICS_TOKEN), which no role's token is; this
 *   backend is started without one, so the route is off (404) for everyone.
 */
type Access = Action | 'public' | 'signature' | 'metrics';
interface Row {
  route: string;
  access: Access;
  body?: unknown;
}

const ROWS: Row[] = [
  { route: 'GET /healthz', access: 'public' },
  { route: 'GET /readyz', access: 'public' },
  { route: 'GET /metrics', access: 'metrics' },
  { route: 'POST /v2/auth/token', access: 'public' },
  { route: 'GET /v2/auth/me', access: 'auth.read' },
  { route: 'GET /v2/auth/oidc', access: 'auth.oidc.read' },
  { route: 'PUT /v2/auth/oidc', access: 'organization.manage' },
  { route: 'DELETE /v2/auth/oidc', access: 'organization.manage' },
  { route: 'GET /v2/auth/oidc/settings', access: 'organization.manage' },
  { route: 'POST /v2/auth/oidc/test', access: 'organization.manage' },
  { route: 'GET /v2/users', access: 'conversations.read' },
  { route: 'POST /v2/users', access: 'organization.manage' },
  { route: 'PATCH /v2/users/:id', access: 'organization.manage' },
  { route: 'DELETE /v2/users/:id', access: 'organization.manage' },
  { route: 'POST /v2/users/:id/invitation', access: 'organization.manage' },
  { route: 'GET /v2/users/me/settings', access: 'self' },
  { route: 'PUT /v2/users/me/settings', access: 'self', body: { locale: 'nl' } },
  { route: 'POST /v2/devices', access: 'organization.manage' },
  { route: 'POST /v2/devices/:id/rotate', access: 'organization.manage' },
  { route: 'POST /v2/integrations', access: 'organization.manage' },
  { route: 'POST /v2/tokens', access: 'organization.manage' },
  { route: 'GET /v2/sessions', access: 'organization.manage' },
  { route: 'DELETE /v2/sessions/:id', access: 'organization.manage' },
  { route: 'GET /v2/audit', access: 'organization.manage' },
  { route: 'GET /v2/contacts', access: 'conversations.read' },
  { route: 'POST /v2/conversations', access: 'conversations.write' },
  { route: 'GET /v2/conversations/:id', access: 'conversations.read' },
  { route: 'GET /v2/conversations/:id/messages', access: 'conversations.read' },
  { route: 'POST /v2/conversations/:id/messages', access: 'conversations.write', body: { text: 'Uw auto is klaar.' } },
  { route: 'POST /v2/conversations/:id/messages', access: 'comments.write', body: { text: 'Klant belt terug', isBackchannel: true } },
  { route: 'POST /v2/conversations/:id/read', access: 'conversations.write' },
  { route: 'GET /v2/watemplates', access: 'conversations.read' },
  { route: 'POST /v2/watemplates', access: 'organization.manage' },
  { route: 'PATCH /v2/watemplates/:id', access: 'organization.manage' },
  { route: 'DELETE /v2/watemplates/:id', access: 'organization.manage' },
  { route: 'POST /v2/watemplates/sync', access: 'organization.manage' },
  { route: 'POST /v2/appointments', access: 'appointments.write' },
  { route: 'POST /v2/appointments/batch', access: 'appointments.write' },
  { route: 'PATCH /v2/appointments/:id', access: 'board.write' },
  { route: 'GET /v2/organization', access: 'board.read' },
  { route: 'GET /v2/organizations', access: 'board.read' },
  { route: 'PATCH /v2/organization', access: 'organization.manage', body: { name: 'Autobedrijf Test' } },
  { route: 'POST /v2/inboxes', access: 'organization.manage' },
  { route: 'PATCH /v2/inboxes/:id', access: 'organization.manage' },
  { route: 'GET /v2/channels', access: 'organization.manage' },
  { route: 'POST /v2/channels', access: 'organization.manage' },
  { route: 'PATCH /v2/channels/:id', access: 'organization.manage' },
  { route: 'DELETE /v2/channels/:id', access: 'organization.manage' },
  { route: 'POST /v2/channels/:id/test', access: 'organization.manage' },
  { route: 'GET /v2/appointments/:id/reminder', access: 'conversations.read' },
  { route: 'POST /v2/appointments/:id/reminder', access: 'conversations.write' },
  { route: 'GET /v2/inboxes/:id/reminders', access: 'conversations.read' },
  { route: 'PUT /v2/inboxes/:id/reminders', access: 'organization.manage' },
  { route: 'GET /v2/inboxes/:id/reminders/preview', access: 'conversations.read' },
  { route: 'GET /v2/webhook', access: 'organization.manage' },
  { route: 'PUT /v2/webhook', access: 'organization.manage' },
  { route: 'DELETE /v2/webhook', access: 'organization.manage' },
  { route: 'GET /v2/events', access: 'board.read' },
  { route: 'GET /v2/events/stream', access: 'board.read' },
  { route: 'POST /v2/inboxes/:inbox/ispa/events', access: 'integration.push' },
  { route: 'PUT /v2/leases/:name', access: 'sources.run' },
  { route: 'DELETE /v2/leases/:name', access: 'sources.run' },
  { route: 'POST /v2/keyloop/events', access: 'integration.push' },
  { route: 'PUT /v2/source-status/:key', access: 'sources.run' },
  { route: 'POST /v2/source-status/:key/sync', access: 'sources.run' },
  { route: 'DELETE /v2/source-status/:key', access: 'sources.run' },
  { route: 'GET /v2/rejected-webhooks', access: 'organization.manage' },
  { route: 'GET /webhooks/whatsapp', access: 'signature' },
  { route: 'POST /webhooks/whatsapp', access: 'signature' },
  // Every organisation's SMS senders: routed by our number in the callback, signed with that sender's auth token.
  { route: 'POST /webhooks/sms/status', access: 'signature' },
  { route: 'POST /webhooks/sms/inbound', access: 'signature' },
  // Last: it ends the session of the token that asks.
  { route: 'POST /v2/auth/signout', access: 'self' },
];

const ROLES: Role[] = ['advisor', 'manager', 'desktop', 'wall', 'integration'];

describe('backend: every route with every role', () => {
  const clock = manualClock(Date.now());
  let system: Awaited<ReturnType<typeof startSystem>>;
  let inbox: string;
  const tokens: Record<Role, string> = { advisor: '', manager: '', desktop: '', wall: '', integration: '' };
  let ispaToken: string;

  before(async () => {
    system = await startSystem({ clock });
    const url = system.backend.url;
    const manager = system.org.token;
    inbox = (await call(url, manager, 'GET', '/v2/organization')).body.inboxes[0].id;
    tokens.manager = manager;
    // An advisor signs in with the invitation code a manager made: a JWT access token.
    const invited = await call(url, manager, 'POST', '/v2/users', { name: 'Sanne', email: 'sanne@example.nl', role: 'advisor' });
    const signedIn = await call(url, null, 'POST', '/v2/auth/token', { grant_type: 'invitation', code: invited.body.code, password: 'lang genoeg wachtwoord' });
    assert.equal(signedIn.status, 200, JSON.stringify(signedIn.body));
    tokens.advisor = signedIn.body.access_token;
    tokens.desktop = (await call(url, manager, 'POST', '/v2/devices', { name: 'Balie 1', role: 'desktop' })).body.token;
    tokens.wall = (await call(url, manager, 'POST', '/v2/devices', { name: 'Werkplaatsscherm', role: 'wall' })).body.token;
    tokens.integration = await integrationToken(url, manager, 'keyloop', [inbox]);
    ispaToken = await integrationToken(url, manager, 'ispa', [inbox]);
  });
  after(async () => {
    await system.backend.close();
    await system.simulator.close();
  });

  it('has a row for every route the server has, and no row for a route it does not have', () => {
    const registered = system.backend.server.routeTable.list().filter((r) => !r.startsWith('HEAD '));
    const rows = new Set(ROWS.map((r) => r.route));
    assert.deepEqual(registered.filter((r) => !rows.has(r)), [], 'routes without a row');
    assert.deepEqual([...rows].filter((r) => !registered.includes(r)), [], 'rows without a route');
  });

  it('gives the sign-in provider’s client secret to the desktops people sign in on, not to a wall or a planning system', async () => {
    const url = system.backend.url;
    const settings = { issuer: 'https://login.example.com/tenant/v2.0', clientId: 'board', clientSecret: 'an installed app secret', label: 'Google', allowedDomains: [], newUserRole: 'advisor' };
    assert.equal((await call(url, tokens.manager, 'PUT', '/v2/auth/oidc', settings)).status, 200);
    try {
      for (const who of ['advisor', 'manager', 'desktop'] as const) {
        const answer = await call(url, tokens[who], 'GET', '/v2/auth/oidc');
        assert.equal(answer.body.clientSecret, settings.clientSecret, who);
      }
      for (const who of ['wall', 'integration'] as const) {
        const answer = await call(url, tokens[who], 'GET', '/v2/auth/oidc');
        assert.equal(answer.status, 403, who);
        assert.doesNotMatch(JSON.stringify(answer.body), /an installed app secret/);
      }
    } finally {
      await call(url, tokens.manager, 'DELETE', '/v2/auth/oidc');
    }
  });

  it('serves the roles a route allows and refuses the others with 403, and everyone without a token with 401', async () => {
    const failures: string[] = [];
    for (const row of ROWS) {
      const [method, pattern] = row.route.split(' ') as [string, string];
      const path = pattern.replace(':inbox', inbox).replace(/:[a-z]+/g, 'not-there');
      const body = row.body ?? (['POST', 'PUT', 'PATCH'].includes(method) ? {} : undefined);
      for (const who of [...ROLES, null] as const) {
        const token = who === 'integration' && pattern.includes('/ispa/') ? ispaToken : who && tokens[who];
        const answer = await call(system.backend.url, token, method, path, body);
        const refused = answer.status === 401 || answer.status === 403;
        let expected: 'served' | 401 | 403 | 404 | 'either';
        if (row.access === 'signature') expected = 'either';
        else if (row.access === 'metrics') expected = 404;
        else if (row.access === 'public') expected = 'served';
        else if (who === null) expected = 401;
        else expected = allows(who, row.access) ? 'served' : 403;
        const ok =
          expected === 'served' ? !refused && answer.status < 500 : expected === 'either' ? refused : answer.status === expected;
        if (!ok) failures.push(`${row.route} as ${who ?? 'nobody'}: ${answer.status} ${JSON.stringify(answer.body)} (expected ${expected})`);
        if (expected === 403 && answer.status === 403) assert.match(answer.body.error.message, new RegExp(`role ${who} may not do this \\(${row.access}\\)`));
      }
    }
    assert.deepEqual(failures, []);
  });

});
