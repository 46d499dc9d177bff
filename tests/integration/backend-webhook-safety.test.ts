import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import type { HostResolver } from '../../src/backend/events/webhook-target';
import { call, eventually, startSystem } from '../support/backend';
import { manualClock } from '../support/desktop';

const SECRET = 'dealer-webhook-secret-0001';

/** A receiver on loopback that keeps what it was sent, answering as `answer` says. */
async function receiver(answer: (req: IncomingMessage, res: ServerResponse) => void = (_req, res) => res.writeHead(200).end()) {
  const bodies: Array<{ event: string; seq: number; data: any; activity: any; host: string }> = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      bodies.push({ ...JSON.parse(body), host: req.headers.host });
      answer(req, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return { bodies, port, url: `http://127.0.0.1:${port}/hooks`, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** Host names of this test, resolved as the test says (a real resolver cannot be moved at will). */
function testResolver(): HostResolver & { names: Map<string, string[]> } {
  const names = new Map<string, string[]>();
  const resolve = (async (host: string) => {
    const found = names.get(host);
    if (!found) throw Object.assign(new Error(`${host} is not known`), { code: 'ENOTFOUND' });
    return found;
  }) as HostResolver & { names: Map<string, string[]> };
  resolve.names = names;
  return resolve;
}

describe('backend: the organisation’s webhook, safely', () => {
  const clock = manualClock(Date.parse('2026-11-30T08:00:00Z'));

  describe('on a backend started for production (no development or private-network flags)', () => {
    let system: Awaited<ReturnType<typeof startSystem>>;
    let hook: Awaited<ReturnType<typeof receiver>>;
    const resolve = testResolver();
    const api = (method: string, path: string, body?: unknown, token = system.org.token) => call(system.backend.url, token, method, path, body);

    before(async () => {
      hook = await receiver();
      system = await startSystem({ clock, webhooks: { policy: { allowHttpLoopback: false, allowPrivate: false }, resolve } });
    });
    after(async () => {
      await system.backend.close();
      await system.simulator.close();
      await hook.close();
    });

    it('refuses addresses inside the network, plain http, and names that resolve there, each in words', async () => {
      resolve.names.set('hooks.dealer.test', ['10.0.0.5']);
      resolve.names.set('mixed.dealer.test', ['93.184.215.14', '192.168.1.20']);
      const refusals: Array<[string, RegExp]> = [
        [hook.url, /resolves to 127\.0\.0\.1, a loopback address.*AFTERSALES_WEBHOOK_ALLOW_PRIVATE=1/],
        [`https://127.0.0.1:${hook.port}/hooks`, /resolves to 127\.0\.0\.1, a loopback address/],
        ['https://[::1]/hooks', /resolves to ::1, a loopback address/],
        ['https://10.0.0.5/hooks', /resolves to 10\.0\.0\.5, a private address/],
        ['https://169.254.169.254/latest/meta-data', /resolves to 169\.254\.169\.254, a link-local address/],
        ['https://[fe80::1]/hooks', /resolves to fe80::1, a link-local address/],
        ['https://0.0.0.0/hooks', /resolves to 0\.0\.0\.0, an unspecified address/],
        ['https://100.64.1.2/hooks', /resolves to 100\.64\.1\.2, a carrier-grade NAT address/],
        ['https://[fd00::5]/hooks', /resolves to fd00::5, a private address/],
        ['https://hooks.dealer.test/in', /^The webhook address resolves to 10\.0\.0\.5, a private address; /],
        ['https://mixed.dealer.test/in', /resolves to 192\.168\.1\.20, a private address/],
        ['https://nowhere.dealer.test/in', /host nowhere\.dealer\.test could not be found \(ENOTFOUND\)/],
        ['http://public.dealer.test/in', /must start with https:\/\//],
      ];
      resolve.names.set('public.dealer.test', ['93.184.215.14']);
      for (const [url, words] of refusals) {
        const answer = await api('PUT', '/v2/webhook', { url, secret: SECRET });
        assert.equal(answer.status, 422, url);
        assert.equal(answer.body.error.code, 'WEBHOOK_ADDRESS_REFUSED', url);
        assert.match(answer.body.error.message, words, url);
      }
      const scheme = await api('PUT', '/v2/webhook', { url: 'ftp://hooks.example.com/in', secret: SECRET });
      assert.equal(scheme.status, 400);
      assert.match(scheme.body.error.message, /url: must be an http:\/\/ or https:\/\/ address/);
      // Nothing was set, and nothing was posted to try an address out.
      const none = await api('GET', '/v2/webhook');
      assert.equal(none.status, 404);
      assert.match(none.body.error.message, /no webhook: set one with PUT \/v2\/webhook/);
      assert.equal(hook.bodies.length, 0);
    });

    it('lets only a manager set, read or remove it (403 with the reason)', async () => {
      const invited = await api('POST', '/v2/users', { name: 'Bram', email: 'bram@garage.test', role: 'advisor' });
      assert.equal(invited.status, 201, JSON.stringify(invited.body));
      const issued = await api('POST', '/v2/tokens', { user: invited.body.user._id, label: 'Bram script', days: 1 });
      assert.equal(issued.status, 201, JSON.stringify(issued.body));
      const advisor = issued.body.token as string;
      for (const [method, body] of [['PUT', { url: 'https://public.dealer.test/in', secret: SECRET }], ['GET', undefined], ['DELETE', undefined]] as const) {
        const answer = await api(method, '/v2/webhook', body, advisor);
        assert.equal(answer.status, 403, method);
        assert.equal(answer.body.error.code, 'FORBIDDEN');
        assert.match(answer.body.error.message, /role advisor may not do this \(organization\.manage\)/);
      }
      assert.equal((await api('GET', '/v2/webhook')).status, 404, 'the advisor set nothing');
    });
  });

  describe('on a backend started for development (plain http to loopback allowed)', () => {
    let system: Awaited<ReturnType<typeof startSystem>>;
    const resolve = testResolver();
    const api = (method: string, path: string, body?: unknown) => call(system.backend.url, system.org.token, method, path, body);
    const note = async (conversation: string, text: string) => {
      const answer = await api('POST', `/v2/conversations/${conversation}/messages`, { text, isBackchannel: true });
      assert.equal(answer.status, 201, JSON.stringify(answer.body));
    };
    let conversation: string;

    before(async () => {
      system = await startSystem({ clock, webhooks: { policy: { allowHttpLoopback: true, allowPrivate: false }, resolve } });
      conversation = (await api('POST', '/v2/conversations', { contact: { profile: { name: 'Webhook Klant' } } })).body.id;
    });
    after(async () => {
      await system.backend.close();
      await system.simulator.close();
    });

    it('does not follow a redirect, says why, and a new address starts at the current event, never the old one’s backlog', async () => {
      const elsewhere = await receiver();
      const redirecting = await receiver((_req, res) => res.writeHead(302, { location: elsewhere.url }).end());
      const good = await receiver();
      try {
        assert.equal((await api('PUT', '/v2/webhook', { url: redirecting.url, secret: SECRET })).status, 200);
        await note(conversation, 'voor het oude adres');
        await eventually(() => redirecting.bodies.length >= 1, 10_000);
        const status = await eventually(async () => {
          const answer = await api('GET', '/v2/webhook');
          return answer.body.failure ? answer.body : undefined;
        });
        assert.equal(status.url, redirecting.url);
        assert.match(status.failure.reason, new RegExp(`HTTP 302, a redirect to ${elsewhere.url.replaceAll('.', '\\.')}; redirects are not followed`));
        const backlog = redirecting.bodies[0]!.seq;

        // The manager points it elsewhere: what was meant for the old address stays there.
        assert.equal((await api('PUT', '/v2/webhook', { url: good.url, secret: SECRET })).status, 200);
        await note(conversation, 'voor het nieuwe adres');
        await eventually(() => good.bodies.length >= 1, 10_000);
        assert.equal(good.bodies.length, 1);
        assert.equal(good.bodies[0]!.event, 'message.create.agent.chat');
        assert.equal(good.bodies[0]!.data.message.text, 'voor het nieuwe adres');
        assert.ok(good.bodies[0]!.seq > backlog);
        assert.equal(elsewhere.bodies.length, 0, 'the redirect was never followed');
        assert.ok(redirecting.bodies.every((b) => b.seq === backlog), 'the old address was sent nothing new');
        assert.equal((await api('GET', '/v2/webhook')).body.failure, null);
      } finally {
        await Promise.all([elsewhere.close(), redirecting.close(), good.close()]);
      }
    });

    it('checks the name again at every delivery: moved inside the network, nothing goes; moved back, the held event goes', async () => {
      const hook = await receiver();
      try {
        resolve.names.set('hooks.dealer.test', ['127.0.0.1']);
        const url = `http://hooks.dealer.test:${hook.port}/in`;
        assert.equal((await api('PUT', '/v2/webhook', { url, secret: SECRET })).status, 200);
        await note(conversation, 'eerste');
        await eventually(() => hook.bodies.length === 1, 10_000);
        // Connected to the address that was checked, under the name that was set.
        assert.equal(hook.bodies[0]!.host, `hooks.dealer.test:${hook.port}`);

        resolve.names.set('hooks.dealer.test', ['10.0.0.5']);
        await note(conversation, 'tweede');
        const status = await eventually(async () => (await api('GET', '/v2/webhook')).body.failure);
        assert.match(status.reason, /^The webhook address resolves to 10\.0\.0\.5, a private address; /);
        assert.equal(hook.bodies.length, 1, 'nothing was posted while the name pointed inside the network');

        resolve.names.set('hooks.dealer.test', ['127.0.0.1']);
        await eventually(() => hook.bodies.length === 2, 15_000);
        assert.equal(hook.bodies[1]!.data.message.text, 'tweede');
      } finally {
        await hook.close();
      }
    });

    it('is removed with DELETE (204), after which nothing is sent; removing it twice says there is none', async () => {
      const hook = await receiver();
      const next = await receiver();
      try {
        assert.equal((await api('PUT', '/v2/webhook', { url: hook.url, secret: SECRET })).status, 200);
        await note(conversation, 'nog wel');
        await eventually(() => hook.bodies.length === 1, 10_000);
        const removed = await api('DELETE', '/v2/webhook');
        assert.equal(removed.status, 204);
        assert.equal((await api('GET', '/v2/webhook')).status, 404);
        await note(conversation, 'niet meer');
        const again = await api('DELETE', '/v2/webhook');
        assert.equal(again.status, 404);
        assert.match(again.body.error.message, /no webhook to remove/);
        // Set again later, it starts then: what happened while there was none is not sent.
        assert.equal((await api('PUT', '/v2/webhook', { url: next.url, secret: SECRET })).status, 200);
        await note(conversation, 'daarna');
        await eventually(() => next.bodies.length === 1, 10_000);
        assert.equal(next.bodies[0]!.data.message.text, 'daarna');
        assert.equal(hook.bodies.length, 1, 'the removed address was sent nothing more');
        const audit = (await system.backend.store.audit.page(system.org.organizationId, undefined, 20)).items.map((e) => `${e.action} ${e.detail}`);
        assert.ok(audit.includes(`webhook.removed ${hook.url}`), audit.join('\n'));
        assert.ok(audit.includes(`webhook.changed ${hook.url}`), audit.join('\n'));
      } finally {
        await Promise.all([hook.close(), next.close()]);
      }
    });
  });
});
