import { createServer as createNetServer } from 'node:net';
import type { z } from 'zod';
import { WaTemplateInputSchema, type WaTemplate } from '../../src/api/v2/template';
import { startBackend, type BackendOptions, type RunningBackend } from '../../src/backend/backend';
import { BackendStore } from '../../src/backend/store/backend-store';
import { DEFAULT_PROVIDERS } from '../../src/backend/channels/provider-endpoints';
import type { SendWorkerOptions } from '../../src/backend/channels/send-worker';
import type { Clock } from '../../src/ports/clock';
import { startWhatsAppSimulator, type WhatsAppSimulator } from '../../src/simulators/whatsapp-cloud-api-simulator';
import { silentLogger, tempDataFile } from './desktop';
import { storeLocation } from './engine';

export const WHATSAPP = {
  accessToken: 'sim-access-token',
  appSecret: 'sim-app-secret',
  verifyToken: 'sim-verify-token',
  phoneNumberId: '1234567890',
  businessAccountId: '1234567000',
};

/** The test organisation's WhatsApp number as a channel (the simulator's number and secrets). */
export const WHATSAPP_CHANNEL = { kind: 'whatsapp' as const, label: 'WhatsApp test', ...WHATSAPP };

export const REMINDER_TEMPLATE = {
  name: 'appointment_reminder',
  language: 'nl',
  category: 'UTILITY' as const,
  body: 'Beste {{1}}, tot morgen {{2}} om {{3}} voor uw {{4}}.',
  buttons: [{ type: 'quick_reply' as const, text: 'Bevestigen', payload: 'CONFIRM' }],
  parameterHints: ['customerName' as const, 'date' as const, 'time' as const, 'plate' as const],
};

/**
 * Stores a template Meta has already approved, as the demo seeds its own: through the store
 * (our seed data; the test's simulator knows it as approved, or a test shows what happens when
 * it does not), never through the REST API, which only submits to Meta's review. Desktops hear
 * of it as template.upsert.
 */
export async function seedApprovedTemplate(store: BackendStore, organizationId: string, template: z.input<typeof WaTemplateInputSchema>, now: number): Promise<WaTemplate> {
  const seed = WaTemplateInputSchema.parse(template);
  return store.write(organizationId, now, async (emit) => {
    const stored = await store.templates.upsert(organizationId, seed, now);
    emit('template.upsert', { template: stored });
    return stored;
  });
}

/** The same, in a backend's file while no backend (or another process's) has it open for this test. */
export async function seedApprovedTemplateInFile(dataFile: string, organizationId: string, template: z.input<typeof WaTemplateInputSchema>, now: number): Promise<WaTemplate> {
  const store = await openTestStore(dataFile);
  try {
    return await seedApprovedTemplate(store, organizationId, template, now);
  } finally {
    await store.close();
  }
}

/** The backend wired to the WhatsApp simulator, on loopback, with an organisation and its token. */
export interface SystemOptions {
  clock: Clock;
  /** Reopen an existing store (a restart); its organisation is given by `org`. */
  dataFile?: string;
  org?: { organizationId: string; token: string };
  simulator?: WhatsAppSimulator;
  interruptedGraceMs?: number;
  /** A fixed port, so that desktops find a restarted backend where they left it. */
  port?: number;
  /** The send worker's timers, timeout and the like, over the defaults below. */
  sendWorker?: SendWorkerOptions;
  /** Where the organisation's webhook may point (the backend's default: https to the internet only). */
  webhooks?: BackendOptions['webhooks'];
}

/** The store a test's backend keeps at `dataFile`: that SQLite file, or its PostgreSQL database in a PostgreSQL run. */
export async function openTestStore(dataFile: string, options: { secretKey?: string } = {}): Promise<BackendStore> {
  return BackendStore.open({ ...(await storeLocation(dataFile)), ...options });
}

export async function createOrganisation(dataFile: string, name: string, now: number) {
  const store = await openTestStore(dataFile);
  try {
    return await store.organizations.create(
      {
        name,
        inboxes: [{ name: 'Werkplaats', kind: 'workshop', zone: 'Europe/Amsterdam', country: 'NL' }],
        user: { name: 'Sanne' },
      },
      now,
    );
  } finally {
    await store.close();
  }
}

export async function startSystem(options: SystemOptions) {
  const simulator =
    options.simulator ??
    (await startWhatsAppSimulator({
      ...WHATSAPP,
      templates: [REMINDER_TEMPLATE],
      clock: options.clock,
    }));
  const dataFile = options.dataFile ?? tempDataFile();
  // The WhatsApp number's organisation must exist before the backend starts.
  const org = options.org ?? (await createOrganisation(dataFile, 'Autobedrijf Test', options.clock.now()));
  const backend: RunningBackend = await startBackend({
    ...(await storeLocation(dataFile)),
    clock: options.clock,
    logger: silentLogger,
    country: 'NL',
    // The number is the organisation's stored channel, assigned to its inbox.
    bootstrapChannels: [{ organizationId: org.organizationId, channel: WHATSAPP_CHANNEL }],
    providers: { ...DEFAULT_PROVIDERS, whatsapp: { baseUrl: simulator.url, apiVersion: 'v21.0' } },
    sendWorker: { interruptedGraceMs: options.interruptedGraceMs ?? 2000, pollMs: 50, ...options.sendWorker },
    reminderEveryMs: 0,
    port: options.port,
    webhooks: options.webhooks,
  });
  simulator.setWebhookUrl(`${backend.url}/webhooks/whatsapp`);
  return { backend, simulator, dataFile, org };
}

export async function call(
  base: string,
  token: string | null,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: any }> {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

/**
 * Polls until `check` returns a value (not undefined/false), or fails after `ms`. A check that
 * throws is asked again too (a desktop asked about a card its relay has not brought yet answers
 * NOT_FOUND); at the end its last error is what fails the test, so nothing is hidden.
 */
export async function eventually<T>(check: () => T | Promise<T>, ms = 5000): Promise<NonNullable<T>> {
  const until = Date.now() + ms;
  for (;;) {
    let failure: unknown = null;
    try {
      const value = await check();
      if (value) return value as NonNullable<T>;
    } catch (error) {
      failure = error;
    }
    if (Date.now() > until) throw failure ?? new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** A port that was free on `host` a moment ago, for a server that must keep its address across restarts. */
export async function freePort(host = '127.0.0.1'): Promise<number> {
  const server = createNetServer();
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** An integration token for a planning system's pushes (POST /v2/integrations, made by a manager). */
export async function integrationToken(base: string, managerToken: string, system: 'ispa' | 'keyloop', inboxes: string[]): Promise<string> {
  const issued = await call(base, managerToken, 'POST', '/v2/integrations', { name: `${system} test`, system, inboxes });
  if (issued.status !== 201) throw new Error(`no integration token: ${issued.status} ${JSON.stringify(issued.body)}`);
  return issued.body.token as string;
}
