import fastifyWebsocket, { type WebsocketHandler } from '@fastify/websocket';
import Fastify, { type FastifyInstance } from 'fastify';
import { AccessTokens } from '../access/access-tokens';
import { BEARER_LIMITS, CredentialLimiter, SIGN_IN_LIMITS } from '../access/credential-limiter';
import { Credentials, sessionEnd } from '../access/credentials';
import { PeopleService } from '../access/people-service';
import { SessionWatch } from '../access/session-watch';
import type { ProviderNetwork } from '../access/provider-fetch';
import { systemResolver } from '../events/webhook-target';
import { SignIn } from '../access/sign-in';
import type { AppointmentService } from '../appointments/appointment-service';
import type { ChannelReports } from '../channels/channel-reports';
import type { ProviderEndpoints } from '../channels/provider-endpoints';
import type { ConversationService } from '../conversations/conversation-service';
import type { WebhookDispatcher } from '../events/webhook-dispatcher';
import type { IspaEvents } from '../integrations/ispa-events';
import type { KeyloopEvents } from '../integrations/keyloop-events';
import type { BackendStore } from '../store/backend-store';
import type { Clock } from '../../ports/clock';
import type { Logger } from '../../ports/logger';
import { authenticator } from './auth';
import { auditRoutes } from './routes-audit';
import { authRoutes } from './routes-auth';
import { sessionRoutes } from './routes-sessions';
import { userRoutes } from './routes-users';
import { clientErrorHandler, errorHandler, notFoundHandler, RouteTable, upgradeRequired, type RequestLimits } from './errors';
import { appointmentRoutes } from './routes-appointments';
import { reminderRoutes } from './routes-reminders';
import { channelRoutes } from './routes-channels';
import { organizationRoutes } from './routes-organization';
import { systemTimers } from '../../node/system-timers';
import { conversationRoutes } from './routes-conversations';
import { templateRoutes } from './routes-templates';
import { eventRoutes } from './routes-events';
import { leaseRoutes } from './routes-leases';
import { keyloopRoutes } from './routes-keyloop';
import { sourceStatusRoutes } from './routes-source-status';
import { ispaRoutes } from './routes-ispa';
import { rejectedWebhookRoutes } from './routes-rejected-webhooks';
import { webhookSettingsRoutes } from './routes-webhook-settings';
import { smsWebhookRoutes } from './routes-sms-webhook';
import { whatsappWebhookRoutes } from './routes-whatsapp-webhook';
import { operationsRoutes, type OperationsDeps } from './routes-operations';

declare module 'fastify' {
  interface FastifyRequest {
    rawBody?: Buffer;
  }
  interface FastifyInstance {
    /** The routes this server has (the access matrix test goes through every one). */
    routeTable: RouteTable;
  }
}

export interface ServerDeps {
  store: BackendStore;
  conversations: ConversationService;
  /** What the channels' webhooks deliver. */
  reports: ChannelReports;
  appointments: AppointmentService;
  webhooks: WebhookDispatcher;
  ispa: IspaEvents;
  keyloop: KeyloopEvents;
  clock: Clock;
  logger: Logger;
  /** Country for national phone numbers in queries. */
  country: string;
  /** Where the providers of the organisations' channels are reached. */
  providers: ProviderEndpoints;
  /** The key access tokens (JWTs) are signed and checked with. */
  accessTokenKey: Uint8Array;
  /**
   * How organisations' OpenID providers are reached (as their webhooks: not inside the network
   * unless allowed); left out: https to the internet only, through the system's resolver.
   */
  providerNetwork?: ProviderNetwork;
  /** Health, readiness and metrics for the load balancer and the operator. */
  operations: OperationsDeps;
}

/** How often open event streams are checked for a session that ended or was revoked by another process. */
const STREAM_SWEEP_MS = 1000;

/** Whether a text anywhere in a parsed body holds a NUL character (looked through without recursion: a body may nest deep). */
function holdsNul(body: unknown): boolean {
  const waiting: unknown[] = [body];
  while (waiting.length > 0) {
    const value = waiting.pop();
    if (typeof value === 'string') {
      if (value.includes('\u0000')) return true;
    } else if (value && typeof value === 'object') {
      for (const [key, inner] of Object.entries(value)) {
        if (key.includes('\u0000')) return true;
        waiting.push(inner);
      }
    }
  }
  return false;
}

/** No text here may hold a NUL: PostgreSQL cannot store one, and no name, plate or message has one. */
function nulRefusal(): Error {
  return Object.assign(new Error('A text in the body holds a NUL character (\\u0000), which no text here may hold.'), { statusCode: 400 });
}

/** The backend's HTTP API: /v2 in Web1on1's style, the event stream, and the channels' webhooks. */
export async function createServer(deps: ServerDeps): Promise<FastifyInstance> {
  const limits: RequestLimits = { headerBytes: 16 * 1024, bodyBytes: 1024 * 1024, paramLength: 100 };
  const app = Fastify({
    logger: false,
    bodyLimit: limits.bodyBytes,
    routerOptions: { maxParamLength: limits.paramLength },
    http: { maxHeaderSize: limits.headerBytes },
    trustProxy: false,
    // Refusals before any route runs answer in the same { error: { code, message } } shape.
    frameworkErrors: errorHandler(deps.logger, limits),
    clientErrorHandler: clientErrorHandler(limits),
  });
  const routes = new RouteTable();
  app.decorate('routeTable', routes);
  app.addHook('onRoute', (route) => routes.add(route.method, route.url));
  // Webhook signatures are computed over the exact bytes received, so the raw body is kept.
  // CloudEvents in structured mode (Keyloop's notifications) are JSON under their own type.
  app.addContentTypeParser(['application/json', 'application/cloudevents+json'], { parseAs: 'buffer' }, (request, body: Buffer, done) => {
    request.rawBody = body;
    let parsed: unknown;
    try {
      parsed = body.length ? JSON.parse(body.toString('utf8')) : {};
    } catch {
      done(Object.assign(new Error('The body is not valid JSON.'), { statusCode: 400 }), undefined);
      return;
    }
    // JSON writes a NUL only as \u0000: looked for in the values only when the bytes have one.
    done(body.includes('\\u0000') && holdsNul(parsed) ? nulRefusal() : null, parsed);
  });
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body: string, done) => {
    const fields = Object.fromEntries(new URLSearchParams(body));
    done(holdsNul(fields) ? nulRefusal() : null, fields);
  });
  // The API takes JSON, and forms from the SMS provider: a plain-text body is refused (415), not read as a string.
  app.removeContentTypeParser('text/plain');
  app.setErrorHandler(errorHandler(deps.logger, limits));
  // A NUL in the address (%00) names nothing here, and PostgreSQL cannot even compare with one: refused before any route reads it.
  app.addHook('onRequest', async (request, reply) => {
    if (/%00/i.test(request.url)) {
      return reply.code(400).send({ error: { code: 'BAD_URL', message: 'The address holds a NUL character (%00), which no address here has.' } });
    }
  });
  // Counted by the route's pattern, never its path: ids in paths would make a series per card.
  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    deps.operations.metrics.requests.inc({ method: request.method, route, status: String(reply.statusCode) });
    deps.operations.metrics.latency.observe({ method: request.method, route }, reply.elapsedTime / 1000);
  });
  app.setNotFoundHandler(notFoundHandler(routes));
  // Before the WebSocket plugin sees a route: a WebSocket route asked as plain HTTP is answered
  // 426 in the error shape, instead of the plugin's empty 404.
  app.addHook('onRoute', (route) => {
    if (!route.websocket) return;
    // Declared with `websocket: true`, the route's handler is the WebSocket handler.
    route.wsHandler = route.handler as unknown as WebsocketHandler;
    route.handler = upgradeRequired;
    route.websocket = false;
  });
  await app.register(fastifyWebsocket, { options: { maxPayload: 64 * 1024 } });

  // Two key spaces: another client's bad bearer tokens never count against the people signing in.
  const bearerLimiter = new CredentialLimiter(deps.clock, BEARER_LIMITS);
  const signInLimiter = new CredentialLimiter(deps.clock, SIGN_IN_LIMITS);
  const accessTokens = new AccessTokens(deps.accessTokenKey, deps.clock);
  const credentials = new Credentials(deps.store.sessions, accessTokens, deps.clock);
  const watch = new SessionWatch();
  const people = new PeopleService(deps.store, deps.clock, watch);
  const signIn = new SignIn(deps.store, deps.clock, accessTokens, signInLimiter, deps.providerNetwork ?? { allowPrivate: false, resolve: systemResolver }, deps.logger);
  const auth = authenticator(credentials, bearerLimiter);
  // Revocations in this process close streams at once; this catches ends and other processes' revocations.
  let sweeping: Promise<void> | null = null;
  const sweep = setInterval(() => {
    // One sweep at a time: a slow database is not asked again before it has answered.
    if (sweeping) return;
    sweeping = watch
      .sweep(async (id) => sessionEnd(await deps.store.sessions.get(id), deps.clock.now()))
      .catch((error: unknown) => deps.logger.warn({ err: error instanceof Error ? error.message : String(error) }, 'the open event streams could not be checked for ended sessions'))
      .finally(() => {
        sweeping = null;
      });
  }, STREAM_SWEEP_MS);
  sweep.unref();
  // The sweep under way finishes before the store behind it may close.
  app.addHook('onClose', async () => {
    clearInterval(sweep);
    await sweeping;
  });

  await app.register(async (v2) => {
    authRoutes(v2, { ...deps, signIn, people }, auth);
    userRoutes(v2, { ...deps, people }, auth);
    sessionRoutes(v2, { ...deps, people }, auth);
    auditRoutes(v2, deps.store.audit, auth);
    conversationRoutes(v2, deps, auth);
    templateRoutes(v2, deps, auth, people);
    appointmentRoutes(v2, deps, auth);
    reminderRoutes(v2, deps, auth, people);
    channelRoutes(v2, { ...deps, people, timers: systemTimers }, auth);
    organizationRoutes(v2, { ...deps, people }, auth);
    webhookSettingsRoutes(v2, deps.webhooks, auth);
    eventRoutes(v2, deps, auth, watch);
    ispaRoutes(v2, deps.ispa, auth);
    leaseRoutes(v2, deps.store.leases, deps.clock, auth);
    keyloopRoutes(v2, deps.keyloop, auth);
    sourceStatusRoutes(v2, deps.store, deps.clock, auth);
    rejectedWebhookRoutes(v2, deps.store.rejectedWebhooks, auth);
  }, { prefix: '/v2' });
  operationsRoutes(app, deps.operations, deps.logger);
  // Always there: each delivery is routed by its number to the organisation's stored channel.
  whatsappWebhookRoutes(app, deps.reports, deps.store.channels, deps.logger);
  smsWebhookRoutes(app, deps.reports, deps.store.channels, deps.logger, deps.providers.publicUrl);
  return app;
}
