import type { AddressInfo } from 'node:net';
import { dirname } from 'node:path';
import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';
import { accessTokenKey } from '../../src/backend/access/access-tokens';
import { AppointmentService } from '../../src/backend/appointments/appointment-service';
import { DEFAULT_PROVIDERS } from '../../src/backend/channels/provider-endpoints';
import { ChannelReports } from '../../src/backend/channels/channel-reports';
import { WebhookDispatcher } from '../../src/backend/events/webhook-dispatcher';
import { organizationView } from '../../src/backend/http/routes-appointments';
import { createServer } from '../../src/backend/http/server';
import { IspaEvents } from '../../src/backend/integrations/ispa-events';
import { KeyloopEvents } from '../../src/backend/integrations/keyloop-events';
import { BackendMetrics } from '../../src/backend/operations/metrics';
import { call, startSystem } from '../support/backend';
import { silentLogger } from '../support/desktop';
import { median, report } from './report';

const REQUESTS = 2000;
const REVOCATIONS = 20;

/**
 * The cost of a token and its role checks on a typical GET (GET /v2/organization with a signed-in
 * advisor's access token: the JWT's signature, the session read, the permission) beside the same
 * handler body without them, as a second route of the same server (composed here as the backend
 * composes it, over the same store), alternated in one run; and how long a revoked session's
 * open event stream stays open.
 */
export async function benchAuth(): Promise<void> {
  const clock = { now: () => Date.now() };
  const system = await startSystem({ clock });
  const { store, conversations } = system.backend;
  const appointments = new AppointmentService(store, conversations, clock);
  const server = await createServer({
    store,
    conversations,
    reports: new ChannelReports(store, conversations, clock, silentLogger, 'NL', null),
    appointments,
    webhooks: new WebhookDispatcher(store, silentLogger, clock, { policy: { allowHttpLoopback: false, allowPrivate: false } }),
    ispa: new IspaEvents(store, appointments, clock),
    keyloop: new KeyloopEvents(store, clock),
    clock,
    logger: silentLogger,
    country: 'NL',
    providers: DEFAULT_PROVIDERS,
    accessTokenKey: accessTokenKey(undefined, dirname(system.dataFile)),
    operations: { database: store.sql, metrics: new BackendMetrics(store), stopping: () => false },
  });
  const { organizationId } = system.org;
  server.get('/bench/organization', async () => organizationView(store, organizationId));
  await server.listen({ host: '127.0.0.1', port: 0 });
  const benchUrl = `http://127.0.0.1:${(server.server.address() as AddressInfo).port}`;
  try {
    const url = system.backend.url;
    const manager = system.org.token;
    const invited = await call(url, manager, 'POST', '/v2/users', { name: 'Bench', email: 'bench@example.nl' });
    const signedIn = await call(url, null, 'POST', '/v2/auth/token', { grant_type: 'invitation', code: invited.body.code, password: 'een lang wachtwoord' });
    const access = signedIn.body.access_token as string;

    const timed = async (path: string, token: string | null) => {
      const t0 = performance.now();
      const answer = await fetch(`${benchUrl}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
      await answer.arrayBuffer();
      if (answer.status !== 200) throw new Error(`auth bench: ${path} answered ${answer.status}`);
      return performance.now() - t0;
    };
    // Warm both paths first (JIT, connections, statement cache).
    for (let i = 0; i < 200; i++) {
      await timed('/v2/organization', access);
      await timed('/bench/organization', access);
    }
    const withAuth: number[] = [];
    const without: number[] = [];
    for (let i = 0; i < REQUESTS; i++) {
      withAuth.push(await timed('/v2/organization', access));
      without.push(await timed('/bench/organization', access));
    }
    report('auth_get_p50_ms', median(withAuth), 'ms');
    report('noauth_get_p50_ms', median(without), 'ms');

    const toClose: number[] = [];
    for (let i = 0; i < REVOCATIONS; i++) {
      const device = await call(url, manager, 'POST', '/v2/devices', { name: `Bench ${i}`, role: 'desktop' });
      // From the end of the log: nothing to replay before the revocation is timed.
      const since = await store.events.lastSeq(organizationId);
      const socket = new WebSocket(`${url.replace('http', 'ws')}/v2/events/stream?since=${since}`, {
        headers: { authorization: `Bearer ${device.body.token}` },
      });
      await new Promise<void>((resolve, reject) => {
        socket.once('open', () => resolve());
        socket.once('error', reject);
      });
      const closed = new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)));
      const t0 = performance.now();
      const revoked = await call(url, manager, 'DELETE', `/v2/sessions/${device.body.session.id}`);
      if (revoked.status !== 204) throw new Error(`auth bench: revoke answered ${revoked.status}`);
      const code = await closed;
      if (code !== 4401) throw new Error(`auth bench: the stream closed with ${code}, not 4401`);
      toClose.push(performance.now() - t0);
    }
    report('revocation_to_refusal_ms', median(toClose), 'ms');
  } finally {
    await server.close();
    await system.backend.close();
    await system.simulator.close();
  }
}
