import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';
import type { CreateChannelInput } from '../../src/api/v2/channels';
import { startBackend, type RunningBackend } from '../../src/backend/backend';
import { BackendStore } from '../../src/backend/store/backend-store';
import { systemClock } from '../../src/ports/clock';
import { metaSignature } from '../support/channels';
import { silentLogger, tempDataFile } from '../support/desktop';
import { p95, report } from './report';

const SAMPLES = 400;
const WARM_UP = 40;
const CUSTOMERS = 200;

interface Routed {
  backend: RunningBackend;
  numbers: Array<{ phoneNumberId: string; appSecret: string; organizationId: string }>;
  sockets: WebSocket[];
  /** Resolves when the message with this text reaches its organisation's subscriber. */
  arrival(text: string): Promise<void>;
}

/**
 * A backend with `organisations` organisations of `perOrganisation` WhatsApp numbers each, and
 * one desktop-like event-stream subscriber per organisation.
 */
async function routedBackend(organisations: number, perOrganisation: number, firstNumber: number): Promise<Routed> {
  const dataFile = tempDataFile();
  const store = await BackendStore.open({ dataFile });
  const orgs: Array<{ organizationId: string; token: string }> = [];
  try {
    for (let o = 0; o < organisations; o++) {
      orgs.push(
        await store.organizations.create(
          { name: `Dealer ${o}`, inboxes: [{ name: `Inbox ${o}`, kind: 'dealership', zone: 'Europe/Amsterdam', country: 'NL' }], user: { name: `Manager ${o}` } },
          Date.now(),
        ),
      );
    }
  } finally {
    await store.close();
  }
  const numbers: Routed['numbers'] = [];
  const bootstrapChannels: Array<{ organizationId: string; channel: CreateChannelInput }> = [];
  orgs.forEach(({ organizationId }, o) => {
    for (let c = 0; c < perOrganisation; c++) {
      const phoneNumberId = String(firstNumber + o * perOrganisation + c);
      const appSecret = `bench-app-secret-${phoneNumberId}`;
      numbers.push({ phoneNumberId, appSecret, organizationId });
      const channel: CreateChannelInput = {
        kind: 'whatsapp',
        label: `Number ${phoneNumberId}`,
        phoneNumberId,
        businessAccountId: String(firstNumber + 900_000 + o),
        accessToken: `bench-access-${phoneNumberId}`,
        appSecret,
        verifyToken: `bench-verify-${phoneNumberId}`,
      };
      bootstrapChannels.push({ organizationId, channel });
    }
  });
  const backend = await startBackend({ dataFile, clock: systemClock, logger: silentLogger, country: 'NL', bootstrapChannels, reminderEveryMs: 0 });
  const waiting = new Map<string, () => void>();
  const arrived = new Set<string>();
  const sockets = await Promise.all(
    orgs.map(
      ({ token }) =>
        new Promise<WebSocket>((resolve, reject) => {
          const socket = new WebSocket(`${backend.url.replace('http', 'ws')}/v2/events/stream?since=0`, { headers: { authorization: `Bearer ${token}` } });
          socket.on('message', (data) => {
            const event = JSON.parse(data.toString()) as { type: string; data: { message?: { text?: string } } };
            const text = event.type === 'message.create' ? event.data.message?.text : undefined;
            if (!text) return;
            const resolveArrival = waiting.get(text);
            if (resolveArrival) resolveArrival();
            else arrived.add(text);
          });
          socket.once('open', () => resolve(socket));
          socket.once('error', reject);
        }),
    ),
  );
  return {
    backend,
    numbers,
    sockets,
    arrival: (text) =>
      arrived.delete(text) ? Promise.resolve() : new Promise<void>((resolve) => waiting.set(text, () => (waiting.delete(text), resolve()))),
  };
}

/** One signed inbound message to a number, timed until its organisation's subscriber has it. */
async function deliver(routed: Routed, i: number, tag: string): Promise<number> {
  const number = routed.numbers[i % routed.numbers.length]!;
  const text = `${tag} ${i}`;
  const customer = `3161${String(1_000_000 + (i % CUSTOMERS))}`;
  const body = JSON.stringify({
    object: 'whatsapp_business_account',
    entry: [
      {
        id: 'bench',
        changes: [
          {
            field: 'messages',
            value: {
              messaging_product: 'whatsapp',
              metadata: { phone_number_id: number.phoneNumberId },
              contacts: [{ profile: { name: 'Klant' }, wa_id: customer }],
              messages: [{ from: customer, id: `wamid.${tag}.${i}`, timestamp: String(Math.floor(Date.now() / 1000)), type: 'text', text: { body: text } }],
            },
          },
        ],
      },
    ],
  });
  const t0 = performance.now();
  const seen = routed.arrival(text);
  const answer = await fetch(`${routed.backend.url}/webhooks/whatsapp`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-hub-signature-256': metaSignature(body, number.appSecret) },
    body,
  });
  if (answer.status !== 200) throw new Error(`webhook refused: ${answer.status} ${await answer.text()}`);
  await seen;
  return performance.now() - t0;
}

/**
 * A signed inbound webhook until the message event reaches a desktop-like subscriber of the
 * right organisation: with one channel on the backend, and with 50 (25 organisations of two
 * numbers), alternated in one run so that both see the same machine. Routing is an indexed
 * lookup by number, so the two should stay close (goal: at most 1.2×).
 */
export async function benchInboundRouting(): Promise<void> {
  const one = await routedBackend(1, 1, 5_000_000_000);
  const fifty = await routedBackend(25, 2, 6_000_000_000);
  try {
    const samples = { one: [] as number[], fifty: [] as number[] };
    for (let i = 0; i < WARM_UP + SAMPLES; i++) {
      const a = await deliver(one, i, 'one');
      const b = await deliver(fifty, i, 'fifty');
      if (i >= WARM_UP) {
        samples.one.push(a);
        samples.fifty.push(b);
      }
    }
    const single = p95(samples.one);
    const many = p95(samples.fifty);
    report('inbound_routing_1_channel_p95_ms', single, 'ms');
    report('inbound_routing_p95_ms', many, 'ms');
    report('inbound_routing_50_vs_1_channel_ratio', many / single, 'x');
  } finally {
    for (const routed of [one, fifty]) {
      for (const socket of routed.sockets) socket.close();
      await routed.backend.close();
    }
  }
}
