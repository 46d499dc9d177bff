import Fastify from 'fastify';
import { createHmac, randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';
import type { Clock } from '../ports/clock';

/**
 * A small, faithful stand-in for Meta's WhatsApp Cloud API on loopback: the real send request
 * and answer formats, error codes and signed webhooks, a per-customer service window, and a
 * throughput limit per number. Test hooks under /simulator/ make a customer reply or read.
 */
export interface SimulatorOptions {
  accessToken: string;
  appSecret: string;
  phoneNumberId: string;
  /** Templates Meta has approved: name → language → number of body parameters. */
  templates: Record<string, Record<string, number>>;
  clock: Clock;
  ratePerSecond?: number;
  /** Delay before the simulated statuses are reported. */
  statusDelayMs?: number;
}

export interface DeliveredMessage {
  wamid: string;
  to: string;
  type: 'text' | 'template';
  body: string;
  template: string | null;
  at: number;
}

const SendSchema = z.object({
  messaging_product: z.literal('whatsapp'),
  recipient_type: z.literal('individual').optional(),
  to: z.string().regex(/^\d{8,15}$/),
  type: z.enum(['text', 'template']),
  biz_opaque_callback_data: z.string().max(512).optional(),
  text: z.object({ body: z.string().min(1).max(4096), preview_url: z.boolean().optional() }).optional(),
  template: z
    .object({
      name: z.string(),
      language: z.object({ code: z.string() }),
      components: z
        .array(z.object({ type: z.string(), parameters: z.array(z.object({ type: z.string(), text: z.string().optional() })).optional() }))
        .optional(),
    })
    .optional(),
});

const WINDOW_MS = 24 * 60 * 60 * 1000;

function graphError(code: number, message: string) {
  return { error: { message: `(#${code}) ${message}`, type: 'OAuthException', code, error_data: { messaging_product: 'whatsapp', details: message }, fbtrace_id: randomBytes(8).toString('hex') } };
}

export async function startWhatsAppSimulator(options: SimulatorOptions) {
  const app = Fastify({ logger: false });
  const lastInbound = new Map<string, number>();
  const delivered: DeliveredMessage[] = [];
  const accepted: DeliveredMessage[] = [];
  const recentSends: number[] = [];
  const byWamid = new Map<string, { to: string; opaque?: string }>();
  let webhookUrl: string | null = null;
  let stopped = false;
  const pending = new Set<Promise<void>>();
  const sleepers = new Set<() => void>();
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        sleepers.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      sleepers.add(wake);
    });
  const rate = options.ratePerSecond ?? 80;
  let throughputErrors = 0;
  let responseDelayMs = 0;
  let available = true;
  /** Recipients whose sends are held, each until its stall is released. */
  const stalls = new Map<string, { taken: boolean; released: Promise<void> }>();
  const releases = new Set<() => void>();

  const sign = (body: string) => `sha256=${createHmac('sha256', options.appSecret).update(body).digest('hex')}`;

  /** Meta retries webhooks that are not acknowledged; so does the simulator, with backoff, for a minute. */
  const deliverWebhook = (value: Record<string, unknown>) => {
    const body = JSON.stringify({
      object: 'whatsapp_business_account',
      entry: [{ id: 'WABA_SIMULATOR', changes: [{ field: 'messages', value: { messaging_product: 'whatsapp', metadata: { display_phone_number: '31200000000', phone_number_id: options.phoneNumberId }, ...value } }] }],
    });
    const attempt = async () => {
      for (let delay = 100; !stopped && delay < 60_000; delay *= 2) {
        if (webhookUrl) {
          try {
            const res = await fetch(webhookUrl, { method: 'POST', headers: { 'content-type': 'application/json', 'x-hub-signature-256': sign(body) }, body });
            if (res.ok) return;
          } catch {
            // The backend is down or restarting: try again.
          }
        }
        await sleep(delay);
      }
    };
    const p = attempt().finally(() => pending.delete(p));
    pending.add(p);
  };

  const status = (wamid: string, state: 'sent' | 'delivered' | 'read' | 'failed', errorCode?: number) => {
    const sent = byWamid.get(wamid)!;
    const errors = errorCode ? [{ code: errorCode, title: 'Re-engagement message', message: 'Re-engagement message', error_data: { details: 'Message failed to send because more than 24 hours have passed since the customer last replied to this number.' } }] : undefined;
    deliverWebhook({
      statuses: [{ id: wamid, status: state, timestamp: String(Math.floor(options.clock.now() / 1000)), recipient_id: sent.to, ...(sent.opaque ? { biz_opaque_callback_data: sent.opaque } : {}), ...(errors ? { errors } : {}) }],
    });
  };

  // The phone number node (a manager's channel Test): Graph answers only the fields asked for.
  app.get('/:version/:phoneNumberId', async (request, reply) => {
    const { phoneNumberId } = request.params as { phoneNumberId: string };
    if (request.headers.authorization !== `Bearer ${options.accessToken}`) {
      return reply.code(401).send(graphError(190, 'Error validating access token'));
    }
    if (phoneNumberId !== options.phoneNumberId) {
      return reply.code(400).send(graphError(100, `Unsupported get request. Object with ID '${phoneNumberId}' does not exist`));
    }
    const node: Record<string, string> = { id: phoneNumberId, display_phone_number: '+31 20 000 0000', verified_name: 'Autobedrijf Simulator', quality_rating: 'GREEN' };
    const asked = String((request.query as { fields?: string }).fields ?? '').split(',');
    return Object.fromEntries(Object.entries(node).filter(([name]) => name === 'id' || asked.includes(name)));
  });

  app.post('/:version/:phoneNumberId/messages', async (request, reply) => {
    const { phoneNumberId } = request.params as { phoneNumberId: string };
    if (request.headers.authorization !== `Bearer ${options.accessToken}`) {
      return reply.code(401).send(graphError(190, 'Error validating access token'));
    }
    if (phoneNumberId !== options.phoneNumberId) return reply.code(400).send(graphError(100, 'Invalid phone number id'));
    if (!available) return reply.code(503).send('Service Unavailable');
    const now = Date.now();
    while (recentSends.length && recentSends[0]! <= now - 1000) recentSends.shift();
    if (recentSends.length >= rate) {
      throughputErrors++;
      return reply.code(400).send(graphError(130429, 'Rate limit hit'));
    }
    recentSends.push(now);
    const parsed = SendSchema.safeParse(request.body);
    if (!parsed.success) return reply.code(400).send(graphError(100, 'Invalid parameter'));
    const send = parsed.data;
    const stall = stalls.get(send.to);
    if (stall && !stall.taken) {
      await stall.released;
      // The sender gave up waiting and closed the connection: the request never got through.
      if (request.raw.socket.destroyed) return reply;
    }
    let body = send.text?.body ?? '';
    if (send.type === 'template') {
      const t = send.template!;
      const expected = options.templates[t.name]?.[t.language.code];
      if (expected === undefined) return reply.code(404).send(graphError(132001, 'Template name does not exist in the translation'));
      const params = (t.components ?? []).filter((c) => c.type === 'body').flatMap((c) => c.parameters ?? []);
      if (params.length !== expected) return reply.code(400).send(graphError(132000, 'Number of parameters does not match the expected number of params'));
      body = `[${t.name}] ${params.map((p) => p.text).join(' | ')}`;
    } else if (!send.text) {
      return reply.code(400).send(graphError(100, 'Invalid parameter'));
    }
    const wamid = `wamid.${randomBytes(12).toString('base64url')}`;
    byWamid.set(wamid, { to: send.to, opaque: send.biz_opaque_callback_data });
    const at = options.clock.now();
    accepted.push({ wamid, to: send.to, type: send.type, body, template: send.template?.name ?? null, at });
    const inWindow = (lastInbound.get(send.to) ?? -Infinity) + WINDOW_MS > at;
    setTimeout(() => {
      if (send.type === 'text' && !inWindow) {
        status(wamid, 'failed', 131047);
        return;
      }
      delivered.push({ wamid, to: send.to, type: send.type, body, template: send.template?.name ?? null, at });
      status(wamid, 'sent');
      status(wamid, 'delivered');
    }, options.statusDelayMs ?? 5).unref();
    if (responseDelayMs > 0) await sleep(responseDelayMs);
    if (stall?.taken) await stall.released;
    return reply.send({ messaging_product: 'whatsapp', contacts: [{ input: send.to, wa_id: send.to }], messages: [{ id: wamid, message_status: 'accepted' }] });
  });

  app.post('/simulator/customers/:waId/reply', async (request) => {
    const { waId } = request.params as { waId: string };
    const { text, name } = z.object({ text: z.string(), name: z.string().optional() }).parse(request.body);
    const at = options.clock.now();
    lastInbound.set(waId, at);
    const id = `wamid.${randomBytes(12).toString('base64url')}`;
    deliverWebhook({
      contacts: [{ profile: { name: name ?? 'Customer' }, wa_id: waId }],
      messages: [{ from: waId, id, timestamp: String(Math.floor(at / 1000)), type: 'text', text: { body: text } }],
    });
    return { id };
  });

  app.post('/simulator/messages/:wamid/read', async (request, reply) => {
    const { wamid } = request.params as { wamid: string };
    if (!byWamid.has(wamid)) return reply.code(404).send({ error: 'unknown wamid' });
    status(wamid, 'read');
    return { ok: true };
  });

  app.get('/simulator/customers/:waId/messages', async (request) => {
    const { waId } = request.params as { waId: string };
    return delivered.filter((m) => m.to === waId);
  });

  await app.listen({ host: '127.0.0.1', port: 0 });
  const url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  return {
    url,
    /** Where the simulator posts its webhooks (the backend's /webhooks/whatsapp). */
    setWebhookUrl(next: string) {
      webhookUrl = next;
    },
    delivered: () => [...delivered],
    /** Every message taken (answered "accepted" or not yet answered), delivered or not: its wamid is known from here. */
    accepted: () => [...accepted],
    throughputErrors: () => throughputErrors,
    /** Holds each send's answer back, after the message was taken: a slow network, or a crash window. */
    setResponseDelay(ms: number) {
      responseDelayMs = ms;
    },
    /**
     * Holds every send to one customer (`waId`, digits) until `release()`: a provider slow to
     * answer one request while it answers the others. `taken: true` takes the message first
     * (delivered, statuses reported) and holds only the answer; `taken: false` holds the
     * request before anything happens, and drops it if the sender gives up meanwhile.
     */
    stall(waId: string, options: { taken: boolean }) {
      let release!: () => void;
      const released = new Promise<void>((resolve) => {
        release = () => {
          releases.delete(release);
          if (stalls.get(waId)?.released === released) stalls.delete(waId);
          resolve();
        };
      });
      releases.add(release);
      stalls.set(waId, { taken: options.taken, released });
      return { release };
    },
    /** While unavailable, sends are answered 503, as during an outage at Meta. */
    setAvailable(up: boolean) {
      available = up;
    },
    /** Re-sends a status report, as Meta does when it thinks an earlier one was lost. */
    repeatStatus: status,
    async close() {
      stopped = true;
      for (const wake of [...sleepers]) wake();
      for (const release of [...releases]) release();
      await Promise.allSettled([...pending]);
      await app.close();
    },
  };
}

export type WhatsAppSimulator = Awaited<ReturnType<typeof startWhatsAppSimulator>>;
