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
  /** Templates Meta has approved, as they are: a send is checked against their body and buttons. */
  templates: ReadonlyArray<ApprovedTemplate>;
  clock: Clock;
  ratePerSecond?: number;
  /** Delay before the simulated statuses are reported. */
  statusDelayMs?: number;
  /** The business account whose template management this is (Meta's WABA id, digits). */
  businessAccountId?: string;
  /** How long, on `clock`, Meta's review of a new or edited template takes (default an hour). */
  approveAfterMs?: number;
}

/** A template approved in the account before the simulator starts (our TemplateButton's shape). */
export interface ApprovedTemplate {
  name: string;
  language: string;
  body: string;
  buttons?: ReadonlyArray<{ type: 'quick_reply'; text: string } | { type: 'url'; text: string; url: string }>;
}

/** A template in the simulated business account, as Meta's template management holds it. */
interface AccountTemplate {
  id: string;
  name: string;
  language: string;
  category: string;
  status: 'PENDING' | 'APPROVED' | 'REJECTED' | 'PAUSED' | 'DISABLED';
  rejectedReason: string;
  components: Array<z.infer<typeof ComponentSchema>>;
  /** When its review is decided (clock time); null once decided. */
  reviewAt: number | null;
}

const ComponentSchema = z.object({
  type: z.enum(['HEADER', 'BODY', 'FOOTER', 'BUTTONS']),
  format: z.string().optional(),
  text: z.string().optional(),
  example: z.object({ header_text: z.array(z.string()).optional(), body_text: z.array(z.array(z.string())).optional() }).optional(),
  buttons: z.array(z.object({ type: z.enum(['QUICK_REPLY', 'URL', 'PHONE_NUMBER']), text: z.string(), url: z.string().optional(), example: z.array(z.string()).optional() })).optional(),
});

const CreateTemplateSchema = z.object({
  name: z.string().regex(/^[a-z0-9_]{1,512}$/),
  language: z.string().min(2),
  category: z.enum(['UTILITY', 'MARKETING', 'AUTHENTICATION']),
  components: z.array(ComponentSchema).min(1),
});

const EditTemplateSchema = z.object({ category: z.enum(['UTILITY', 'MARKETING', 'AUTHENTICATION']).optional(), components: z.array(ComponentSchema).min(1) });

/** Words of an offer: Meta's review moves such a UTILITY template to MARKETING, i.e. rejects it as miscategorised. */
const MARKETING_WORDS = /\b(discount|sale|offer|promo\w*|korting|aanbieding|actie)\b/i;

/** Meta's review of a template's content: the reason it is rejected, or null when approved. */
function reviewOf(t: { category: string; components: AccountTemplate['components'] }): string | null {
  const body = t.components.find((c) => c.type === 'BODY')?.text ?? '';
  const count = new Set([...body.matchAll(/\{\{(\d+)\}\}/g)].map((m) => m[1])).size;
  if (!body.trim()) return 'INVALID_FORMAT';
  if (/^\{\{\d+\}\}/.test(body.trim()) || /\{\{\d+\}\}$/.test(body.trim())) return 'INVALID_FORMAT';
  const examples = t.components.find((c) => c.type === 'BODY')?.example?.body_text?.[0] ?? [];
  if (examples.length !== count || examples.some((e) => !e.trim())) return 'INVALID_FORMAT';
  if (t.category === 'UTILITY' && t.components.some((c) => MARKETING_WORDS.test(c.text ?? ''))) return 'INCORRECT_CATEGORY';
  return null;
}

function parameterCount(t: AccountTemplate, type: 'HEADER' | 'BODY'): number {
  const text = t.components.find((c) => c.type === type)?.text ?? '';
  return new Set([...text.matchAll(/\{\{(\d+)\}\}/g)].map((m) => m[1])).size;
}

type SendComponent = NonNullable<NonNullable<z.infer<typeof SendSchema>['template']>['components']>[number];

/** The values a send gives for the approved template's header, body and link buttons. */
interface SentValues {
  header: string | null;
  body: string[];
  /** Each button component, by the button's index in the template. */
  buttons: Array<{ index: number; type: 'quick_reply' | 'url'; value: string }>;
}

/**
 * Meta's check of a template send against the approved template: as many header and body values
 * as it has {{n}}, and for each button component the button at that index (its place among all
 * the template's buttons) of that kind, a link taking its one value. The values, or why Meta
 * answers 132000.
 */
function sentValues(held: AccountTemplate, components: SendComponent[]): SentValues | string {
  const texts = (type: string) => components.filter((c) => c.type === type).flatMap((c) => c.parameters ?? []).map((p) => p.text ?? '');
  const header = texts('header');
  if (header.length !== parameterCount(held, 'HEADER')) return `the header takes ${parameterCount(held, 'HEADER')} parameters; ${header.length} given`;
  const body = texts('body');
  if (body.length !== parameterCount(held, 'BODY')) return `the body takes ${parameterCount(held, 'BODY')} parameters; ${body.length} given`;
  const templateButtons = held.components.find((c) => c.type === 'BUTTONS')?.buttons ?? [];
  const buttons: SentValues['buttons'] = [];
  for (const c of components.filter((c) => c.type === 'button')) {
    const index = Number(c.index);
    const button = templateButtons[index];
    const kind = c.sub_type === 'url' ? 'URL' : c.sub_type === 'quick_reply' ? 'QUICK_REPLY' : null;
    if (!Number.isInteger(index) || !button || button.type !== kind) return `button ${String(c.index)} of the template is no ${c.sub_type ?? 'button'} button`;
    if (buttons.some((b) => b.index === index)) return `button ${index} is given twice`;
    const p = c.parameters ?? [];
    if (kind === 'URL' && (!button.url?.includes('{{1}}') || p.length !== 1 || !p[0]!.text)) return `the link of button ${index} takes ${button.url?.includes('{{1}}') ? 1 : 0} parameters; ${p.length} given`;
    buttons.push({ index, type: c.sub_type as 'quick_reply' | 'url', value: kind === 'URL' ? p[0]!.text! : (p[0]?.payload ?? '') });
  }
  const linksTaking = templateButtons.flatMap((b, i) => (b.type === 'URL' && b.url?.includes('{{1}}') ? [i] : []));
  const missing = linksTaking.find((i) => !buttons.some((b) => b.index === i));
  if (missing !== undefined) return `the link of button ${missing} takes 1 parameter; 0 given`;
  return { header: header[0] ?? null, body, buttons };
}

export interface DeliveredMessage {
  wamid: string;
  to: string;
  type: 'text' | 'template';
  body: string;
  template: string | null;
  /** A template's header value and its button components as Meta took them; null for text. */
  values: Pick<SentValues, 'header' | 'buttons'> | null;
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
        .array(
          z.object({
            type: z.string(),
            sub_type: z.string().optional(),
            index: z.union([z.string(), z.number()]).optional(),
            parameters: z.array(z.object({ type: z.string(), text: z.string().optional(), payload: z.string().optional() })).optional(),
          }),
        )
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
  const stalls = new Map<string, { taken: boolean; released: Promise<void>; gaveUp: number }>();
  const releases = new Set<() => void>();

  const sign = (body: string) => `sha256=${createHmac('sha256', options.appSecret).update(body).digest('hex')}`;
  const businessAccountId = options.businessAccountId ?? '100000000000001';
  const approveAfterMs = options.approveAfterMs ?? 60 * 60 * 1000;
  let nextTemplateId = 900_000_000_000_001;
  /** The account's templates: the approved ones the options name, then what is created. */
  const accountTemplates = new Map<string, AccountTemplate>();
  for (const t of options.templates) {
    const id = String(nextTemplateId++);
    const count = new Set([...t.body.matchAll(/\{\{(\d+)\}\}/g)].map((m) => m[1])).size;
    const example = count ? { body_text: [Array.from({ length: count }, (_, i) => `value ${i + 1}`)] } : undefined;
    const buttons = (t.buttons ?? []).map((b) => (b.type === 'url' ? { type: 'URL' as const, text: b.text, url: b.url } : { type: 'QUICK_REPLY' as const, text: b.text }));
    const components: AccountTemplate['components'] = [{ type: 'BODY', text: t.body, example }, ...(buttons.length ? [{ type: 'BUTTONS' as const, buttons }] : [])];
    accountTemplates.set(id, { id, name: t.name, language: t.language, category: 'UTILITY', status: 'APPROVED', rejectedReason: 'NONE', components, reviewAt: null });
  }

  /** Meta retries webhooks that are not acknowledged; so does the simulator, with backoff, for a minute. */
  const deliverWebhook = (value: Record<string, unknown>) =>
    deliverChange('WABA_SIMULATOR', 'messages', { messaging_product: 'whatsapp', metadata: { display_phone_number: '31200000000', phone_number_id: options.phoneNumberId }, ...value });
  const deliverChange = (entryId: string, field: string, value: Record<string, unknown>): Promise<void> => {
    const body = JSON.stringify({ object: 'whatsapp_business_account', entry: [{ id: entryId, time: Math.floor(options.clock.now() / 1000), changes: [{ field, value }] }] });
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
    return p;
  };

  /** Decides every review that is due on the clock, each reported with the signed status webhook. */
  const reviewDue = async () => {
    const now = options.clock.now();
    const sent: Promise<void>[] = [];
    for (const t of accountTemplates.values()) {
      if (t.reviewAt === null || t.reviewAt > now) continue;
      const reason = reviewOf(t);
      t.reviewAt = null;
      t.status = reason ? 'REJECTED' : 'APPROVED';
      t.rejectedReason = reason ?? 'NONE';
      sent.push(
        deliverChange(businessAccountId, 'message_template_status_update', {
          event: t.status,
          message_template_id: Number(t.id),
          message_template_name: t.name,
          message_template_language: t.language,
          reason: t.rejectedReason,
        }),
      );
    }
    await Promise.all(sent);
  };
  // Meta decides on its own time: the simulator looks at its clock now and then (tests move the clock and call reviewDue).
  const reviewer = setInterval(() => void reviewDue(), 200);
  reviewer.unref();

  const authorised = (request: { headers: Record<string, unknown> }) => request.headers.authorization === `Bearer ${options.accessToken}`;

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
      let gaveUp = false;
      const onClose = () => {
        gaveUp = true;
        stall.gaveUp++;
      };
      request.raw.socket.once('close', onClose);
      await stall.released;
      request.raw.socket.off('close', onClose);
      // The sender gave up waiting and closed the connection: the request never got through.
      if (gaveUp || request.raw.socket.destroyed) return reply;
    }
    let body = send.text?.body ?? '';
    let values: DeliveredMessage['values'] = null;
    if (send.type === 'template') {
      const t = send.template!;
      const held = [...accountTemplates.values()].find((a) => a.name === t.name && a.language === t.language.code);
      // Meta sends only an approved template; a pending, rejected, paused or disabled one is as if it did not exist.
      if (!held || held.status !== 'APPROVED') return reply.code(404).send(graphError(132001, 'Template name does not exist in the translation'));
      const checked = sentValues(held, t.components ?? []);
      if (typeof checked === 'string') return reply.code(400).send(graphError(132000, `Number of parameters does not match the expected number of params: ${checked}`));
      body = `[${t.name}] ${checked.body.join(' | ')}`;
      values = { header: checked.header, buttons: checked.buttons };
    } else if (!send.text) {
      return reply.code(400).send(graphError(100, 'Invalid parameter'));
    }
    const wamid = `wamid.${randomBytes(12).toString('base64url')}`;
    byWamid.set(wamid, { to: send.to, opaque: send.biz_opaque_callback_data });
    const at = options.clock.now();
    accepted.push({ wamid, to: send.to, type: send.type, body, template: send.template?.name ?? null, values, at });
    const inWindow = (lastInbound.get(send.to) ?? -Infinity) + WINDOW_MS > at;
    setTimeout(() => {
      if (send.type === 'text' && !inWindow) {
        status(wamid, 'failed', 131047);
        return;
      }
      delivered.push({ wamid, to: send.to, type: send.type, body, template: send.template?.name ?? null, values, at });
      status(wamid, 'sent');
      status(wamid, 'delivered');
    }, options.statusDelayMs ?? 5).unref();
    if (responseDelayMs > 0) await sleep(responseDelayMs);
    if (stall?.taken) await stall.released;
    return reply.send({ messaging_product: 'whatsapp', contacts: [{ input: send.to, wa_id: send.to }], messages: [{ id: wamid, message_status: 'accepted' }] });
  });

  const listed = (t: AccountTemplate) => ({
    id: t.id,
    name: t.name,
    language: t.language,
    status: t.status,
    category: t.category,
    components: t.components,
    ...(t.status === 'REJECTED' ? { rejected_reason: t.rejectedReason } : {}),
  });
  const unknownAccount = (waba: string) => waba !== businessAccountId;

  // The business account's phone numbers (a channel's ownership check): this simulator's one number, on one page as Graph pages them.
  app.get('/:version/:waba/phone_numbers', async (request, reply) => {
    const { waba } = request.params as { waba: string };
    if (!authorised(request)) return reply.code(401).send(graphError(190, 'Error validating access token'));
    if (unknownAccount(waba)) return reply.code(400).send(graphError(100, `Unsupported get request. Object with ID '${waba}' does not exist`));
    const cursor = Buffer.from(options.phoneNumberId).toString('base64url');
    return { data: [{ id: options.phoneNumberId, display_phone_number: '+31 20 000 0000', verified_name: 'Autobedrijf Simulator' }], paging: { cursors: { before: cursor, after: cursor } } };
  });

  app.get('/:version/:waba/message_templates', async (request, reply) => {
    const { waba } = request.params as { waba: string };
    if (!authorised(request)) return reply.code(401).send(graphError(190, 'Error validating access token'));
    if (unknownAccount(waba)) return reply.code(400).send(graphError(100, 'Unsupported get request'));
    const q = z.object({ limit: z.coerce.number().int().min(1).max(1000).default(25), after: z.string().optional() }).safeParse(request.query);
    if (!q.success) return reply.code(400).send(graphError(100, 'Invalid parameter'));
    const all = [...accountTemplates.values()];
    const start = q.data.after ? all.findIndex((t) => t.id === Buffer.from(q.data.after!, 'base64url').toString()) + 1 : 0;
    const page = all.slice(start, start + q.data.limit);
    const more = start + q.data.limit < all.length;
    const cursor = (t: AccountTemplate | undefined) => (t ? Buffer.from(t.id).toString('base64url') : undefined);
    return {
      data: page.map(listed),
      paging: { cursors: { before: cursor(page[0]), after: cursor(page.at(-1)) }, ...(more ? { next: `${url}/${(request.params as { version: string }).version}/${waba}/message_templates?limit=${q.data.limit}&after=${cursor(page.at(-1))}` } : {}) },
    };
  });

  app.post('/:version/:waba/message_templates', async (request, reply) => {
    const { waba } = request.params as { waba: string };
    if (!authorised(request)) return reply.code(401).send(graphError(190, 'Error validating access token'));
    if (unknownAccount(waba)) return reply.code(400).send(graphError(100, 'Unsupported post request'));
    const parsed = CreateTemplateSchema.safeParse(request.body);
    if (!parsed.success) return reply.code(400).send(graphError(100, 'Invalid parameter'));
    const t = parsed.data;
    if ([...accountTemplates.values()].some((a) => a.name === t.name && a.language === t.language)) {
      return reply.code(400).send({
        error: {
          message: 'Invalid parameter',
          type: 'OAuthException',
          code: 100,
          error_subcode: 2388024,
          error_user_title: 'Content in this language already exists',
          error_user_msg: `There is already ${t.language} content for this template. You can create a new template and try again.`,
          fbtrace_id: randomBytes(8).toString('hex'),
        },
      });
    }
    const id = String(nextTemplateId++);
    accountTemplates.set(id, { id, ...t, status: 'PENDING', rejectedReason: 'NONE', reviewAt: options.clock.now() + approveAfterMs });
    return { id, status: 'PENDING', category: t.category };
  });

  app.post('/:version/:templateId', async (request, reply) => {
    const { templateId } = request.params as { templateId: string };
    if (!authorised(request)) return reply.code(401).send(graphError(190, 'Error validating access token'));
    const held = accountTemplates.get(templateId);
    if (!held) return reply.code(400).send(graphError(100, 'Unsupported post request'));
    const parsed = EditTemplateSchema.safeParse(request.body);
    if (!parsed.success) return reply.code(400).send(graphError(100, 'Invalid parameter'));
    Object.assign(held, { components: parsed.data.components, category: parsed.data.category ?? held.category, status: 'PENDING', rejectedReason: 'NONE', reviewAt: options.clock.now() + approveAfterMs });
    return { success: true };
  });

  app.delete('/:version/:waba/message_templates', async (request, reply) => {
    const { waba } = request.params as { waba: string };
    if (!authorised(request)) return reply.code(401).send(graphError(190, 'Error validating access token'));
    if (unknownAccount(waba)) return reply.code(400).send(graphError(100, 'Unsupported delete request'));
    const q = z.object({ name: z.string().min(1), hsm_id: z.string().optional() }).safeParse(request.query);
    if (!q.success) return reply.code(400).send(graphError(100, 'Invalid parameter'));
    const doomed = [...accountTemplates.values()].filter((t) => t.name === q.data.name && (!q.data.hsm_id || t.id === q.data.hsm_id));
    if (!doomed.length) return reply.code(400).send({ error: { message: 'Invalid parameter', type: 'OAuthException', code: 100, error_subcode: 2593002, error_user_title: 'Message template not found', error_user_msg: `The template ${q.data.name} was not found.` } });
    for (const t of doomed) accountTemplates.delete(t.id);
    return { success: true };
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
     * request before anything happens, and drops it if the sender gives up meanwhile;
     * `gaveUp()` counts the held requests whose sender closed the connection, which reaches
     * this server a moment after the sender gave up.
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
      const held = { taken: options.taken, released, gaveUp: 0 };
      stalls.set(waId, held);
      return { release, gaveUp: () => held.gaveUp };
    },
    /** While unavailable, sends are answered 503, as during an outage at Meta. */
    setAvailable(up: boolean) {
      available = up;
    },
    /** Re-sends a status report, as Meta does when it thinks an earlier one was lost. */
    repeatStatus: status,
    businessAccountId,
    /** The account's templates as Meta lists them. */
    templates: () => [...accountTemplates.values()].map(listed),
    /** A template made in Meta's manager, outside the app (a sync finds it); approved at once. */
    addApprovedTemplate(t: { name: string; language: string; category: 'UTILITY' | 'MARKETING'; body: string; examples: string[] }) {
      const id = String(nextTemplateId++);
      accountTemplates.set(id, {
        id,
        name: t.name,
        language: t.language,
        category: t.category,
        status: 'APPROVED',
        rejectedReason: 'NONE',
        components: [{ type: 'BODY', text: t.body, ...(t.examples.length ? { example: { body_text: [t.examples] } } : {}) }],
        reviewAt: null,
      });
      return id;
    },
    /** Decides the reviews due on the simulator's clock now, and waits until their webhooks are delivered. */
    reviewDue,
    async close() {
      stopped = true;
      clearInterval(reviewer);
      for (const wake of [...sleepers]) wake();
      for (const release of [...releases]) release();
      await Promise.allSettled([...pending]);
      await app.close();
    },
  };
}

export type WhatsAppSimulator = Awaited<ReturnType<typeof startWhatsAppSimulator>>;
