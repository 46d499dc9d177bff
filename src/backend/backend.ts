import type { FastifyInstance } from 'fastify';
import type { AddressInfo } from 'node:net';
import { dirname } from 'node:path';
import { accessTokenKey } from './access/access-tokens';
import type { Clock } from '../ports/clock';
import type { Logger } from '../ports/logger';
import type { CreateChannelInput } from '../api/v2/channels';
import { channelNumber } from '../api/v2/channels';
import { bootstrapChannel } from './channels/channel-bootstrap';
import { ChannelRegistry } from './channels/channel-registry';
import { DEFAULT_PROVIDERS, type ProviderEndpoints } from './channels/provider-endpoints';
import { ChannelReports } from './channels/channel-reports';
import { TemplateStatusReports } from './templates/template-status';
import { SendWorker, type SendWorkerOptions } from './channels/send-worker';
import { AppointmentService } from './appointments/appointment-service';
import { ConversationService } from './conversations/conversation-service';
import { ReminderBot } from './reminders/reminder-bot';
import { KeyloopEvents } from './integrations/keyloop-events';
import { IspaEvents } from './integrations/ispa-events';
import { WebhookDispatcher, type WebhookDeliveryOptions } from './events/webhook-dispatcher';
import { systemResolver } from './events/webhook-target';
import { createServer } from './http/server';
import { RESTART_CLOSE } from './http/routes-events';
import { BackendStore } from './store/backend-store';
import type { PostgresOptions } from './store/postgres/postgres-engine';
import { BackendMetrics } from './operations/metrics';

export interface BackendOptions {
  /** The SQLite file; with `databaseUrl`, its folder still holds jwt.key and secret.key unless the environment gives them. */
  dataFile: string;
  /** DATABASE_URL: PostgreSQL, shared by every backend process of a dealer group; left out: the SQLite file. */
  databaseUrl?: string;
  postgres?: PostgresOptions;
  /** AFTERSALES_METRICS_TOKEN: the bearer token GET /metrics asks for; left out, /metrics is off. */
  metricsToken?: string;
  clock: Clock;
  logger: Logger;
  /** Country for national phone numbers that arrive without a +. */
  country: string;
  /**
   * Channels the environment names (WHATSAPP_*, TWILIO_*: a backend's first channel), stored at
   * the first start for their organisation and assigned to its inboxes that have none; at later
   * starts the stored channel is used as a manager left it. Every other channel is a manager's,
   * stored by the backend (Settings → Channels).
   */
  bootstrapChannels?: Array<{ organizationId: string; channel: CreateChannelInput }>;
  /** AFTERSALES_SECRET_KEY: the key channels' secrets are sealed with; without it, secret.key in the data folder. */
  secretKey?: string;
  sendWorker?: SendWorkerOptions;
  host?: string;
  port?: number;
  /** How often the reminder bot looks for appointments due a reminder; 0: only when asked. */
  reminderEveryMs?: number;
  /** AFTERSALES_JWT_SECRET: the key access tokens are signed with; without it, jwt.key in the data folder. */
  jwtSecret?: string;
  /**
   * Where organisations' webhooks may point; left out: https to the internet only. Their OpenID
   * providers are reached under the same policy (allowPrivate) and resolver: both addresses are
   * a manager's settings the backend connects to.
   */
  webhooks?: WebhookDeliveryOptions;
  /** Where the channels' providers are reached; left out: Meta's and Twilio's own addresses. */
  providers?: ProviderEndpoints;
}

export interface RunningBackend {
  url: string;
  port: number;
  store: BackendStore;
  conversations: ConversationService;
  reminders: ReminderBot;
  server: FastifyInstance;
  metrics: BackendMetrics;
  /**
   * A graceful stop: /readyz answers 503 at once, no new request or send is taken, sends
   * waiting for their slot go back to the queue, answers under way are awaited and recorded,
   * and event streams are closed with 1012 (restarting: connect again, to another process).
   */
  close(): Promise<void>;
}

/** How long a graceful stop waits for requests under way before it closes their connections. */
const CLOSE_GRACE_MS = 3000;

/** Composes the backend: store, rules, send worker and HTTP server, and starts listening. */
export async function startBackend(options: BackendOptions): Promise<RunningBackend> {
  const store = await BackendStore.open({
    dataFile: options.dataFile,
    databaseUrl: options.databaseUrl,
    postgres: options.postgres,
    secretKey: options.secretKey,
    onError: (error) => options.logger.error({ err: error }, 'the announcements of other processes’ commits were interrupted; the event streams catch up from the log'),
  });
  try {
    return await compose(store, options);
  } catch (error) {
    // Nothing half-started stays behind: the pool and the announcement connection would keep the process alive.
    await store.close();
    throw error;
  }
}

async function compose(store: BackendStore, options: BackendOptions): Promise<RunningBackend> {
  for (const { organizationId, channel } of options.bootstrapChannels ?? []) {
    const { created } = await bootstrapChannel(store, organizationId, channel, options.clock.now());
    if (!created) {
      options.logger.info(
        { organizationId, channel: channel.kind, number: channelNumber(channel) },
        'the channel the environment names is stored already: its stored settings are used (a manager changes them in Settings → Channels)',
      );
    }
  }
  const metrics = new BackendMetrics(store);
  store.hub.observe = (event) => metrics.eventLag.observe(Math.max(0, options.clock.now() - event.createdAt) / 1000);
  let stopping = false;
  const providers = options.providers ?? DEFAULT_PROVIDERS;
  let url = '';
  const registry = new ChannelRegistry(store, providers, () => url);
  let worker: SendWorker | null = null;
  const conversations = new ConversationService(store, options.clock, () => worker?.wake(), options.country);
  worker = new SendWorker(store, conversations, registry, options.clock, options.logger, { ...options.sendWorker, metrics });
  const appointments = new AppointmentService(store, conversations, options.clock);
  const reminders = new ReminderBot(store, conversations, options.clock);
  const webhooks = new WebhookDispatcher(store, options.logger, options.clock, options.webhooks ?? { policy: { allowHttpLoopback: false, allowPrivate: false } });
  const server = await createServer({
    store,
    conversations,
    reports: new ChannelReports(store, conversations, options.clock, options.logger, options.country, new TemplateStatusReports(store, options.clock, options.logger)),
    appointments,
    webhooks,
    ispa: new IspaEvents(store, appointments, options.clock),
    keyloop: new KeyloopEvents(store, options.clock),
    clock: options.clock,
    logger: options.logger,
    country: options.country,
    providers,
    accessTokenKey: accessTokenKey(options.jwtSecret, dirname(options.dataFile)),
    providerNetwork: { allowPrivate: options.webhooks?.policy.allowPrivate ?? false, resolve: options.webhooks?.resolve ?? systemResolver },
    operations: { database: store.sql, metrics, metricsToken: options.metricsToken, stopping: () => stopping },
  });
  await server.listen({ host: options.host ?? '127.0.0.1', port: options.port ?? 0 });
  const { port } = server.server.address() as AddressInfo;
  url = `http://${options.host ?? '127.0.0.1'}:${port}`;
  worker.start();
  const every = options.reminderEveryMs ?? 60_000;
  let reminderRun: Promise<unknown> = Promise.resolve();
  const runReminders = () => {
    reminderRun = reminders.run().catch((error: unknown) => options.logger.error({ err: error }, 'the reminder run failed; it is tried again at the next tick'));
  };
  const reminderTimer = every > 0 ? setInterval(runReminders, every) : null;
  reminderTimer?.unref();
  if (every > 0) runReminders();
  // Outgoing webhooks follow the event log: woken by every commit, and by a timer for retries.
  const unsubscribeHooks = store.hub.subscribeAll(() => void webhooks.tick());
  const webhookTimer = setInterval(() => void webhooks.tick(), 500);
  webhookTimer.unref();
  return {
    url,
    port,
    store,
    conversations,
    reminders,
    server,
    metrics,
    async close() {
      stopping = true;
      if (reminderTimer) clearInterval(reminderTimer);
      clearInterval(webhookTimer);
      unsubscribeHooks();
      for (const client of server.websocketServer.clients) client.close(RESTART_CLOSE, 'The backend is restarting: connect again.');
      await worker.stop();
      await webhooks.stop();
      await reminderRun;
      // Requests under way get a few seconds to be answered; a connection still open then (a
      // client that keeps an idle connection it does not give up) is closed.
      const closed = server.close();
      const late = setTimeout(() => server.server.closeAllConnections(), CLOSE_GRACE_MS);
      await closed;
      clearTimeout(late);
      await store.close();
    },
  };
}
