import type { FastifyInstance } from 'fastify';
import type { AddressInfo } from 'node:net';
import type { Clock } from '../ports/clock';
import type { Logger } from '../ports/logger';
import type { Channel } from './channels/channel';
import { SendWorker, type SendWorkerOptions } from './channels/send-worker';
import { ConversationService } from './conversations/conversation-service';
import { createServer } from './http/server';
import type { WhatsAppWebhookConfig } from './http/routes-whatsapp-webhook';
import { BackendStore } from './store/backend-store';

export interface BackendOptions {
  dataFile: string;
  clock: Clock;
  logger: Logger;
  /** Country for national phone numbers that arrive without a +. */
  country: string;
  channels: { whatsapp?: Channel; sms?: Channel };
  whatsappWebhook: WhatsAppWebhookConfig | null;
  sendWorker?: SendWorkerOptions;
  host?: string;
  port?: number;
}

export interface RunningBackend {
  url: string;
  port: number;
  store: BackendStore;
  conversations: ConversationService;
  server: FastifyInstance;
  close(): Promise<void>;
}

/** Composes the backend: store, rules, send worker and HTTP server, and starts listening. */
export async function startBackend(options: BackendOptions): Promise<RunningBackend> {
  const store = new BackendStore(options.dataFile);
  let worker: SendWorker | null = null;
  const conversations = new ConversationService(store, options.clock, () => worker?.wake(), options.country);
  worker = new SendWorker(store, conversations, options.channels, options.clock, options.logger, options.sendWorker);
  const server = await createServer({
    store,
    conversations,
    clock: options.clock,
    logger: options.logger,
    whatsapp: options.whatsappWebhook,
    country: options.country,
  });
  await server.listen({ host: options.host ?? '127.0.0.1', port: options.port ?? 0 });
  worker.start();
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `http://${options.host ?? '127.0.0.1'}:${port}`,
    port,
    store,
    conversations,
    server,
    async close() {
      worker.stop();
      await server.close();
      store.close();
    },
  };
}
