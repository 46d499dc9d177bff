import Fastify from 'fastify';
import { createHmac, randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';

/**
 * X-Twilio-Signature as Twilio computes it (twilio.com/docs/usage/security): base64 HMAC-SHA1,
 * keyed with the auth token, over the URL followed by each parameter's name and value, sorted
 * by name. Written here from the documentation, apart from the backend's check, so that the
 * simulator does not merely agree with whatever the backend computes.
 */
function sign(authToken: string, url: string, params: Record<string, string>): string {
  const names = Object.keys(params).sort();
  return createHmac('sha1', authToken)
    .update(url + names.map((name) => `${name}${params[name]}`).join(''))
    .digest('base64');
}

/**
 * A Twilio-compatible SMS provider on loopback: form-encoded sends with Basic auth, JSON
 * answers, signed status callbacks naming our sending number (From) and the customer (To), and
 * a test hook that makes a customer text in to one of the account's numbers (To).
 */
export async function startSmsSimulator(options: { accountSid: string; authToken: string; /** The account's own numbers (IncomingPhoneNumbers). */ phoneNumbers?: string[] }) {
  const app = Fastify({ logger: false });
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_r, body: string, done) =>
    done(null, Object.fromEntries(new URLSearchParams(body))),
  );
  const delivered: Array<{ sid: string; to: string; body: string }> = [];
  let inboundUrl: string | null = null;
  let statusesFirst = false;
  const basic = `Basic ${Buffer.from(`${options.accountSid}:${options.authToken}`).toString('base64')}`;

  const post = async (url: string, params: Record<string, string>) => {
    await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': sign(options.authToken, url, params) },
      body: new URLSearchParams(params),
    }).catch(() => undefined);
  };

  app.post('/2010-04-01/Accounts/:sid/Messages.json', async (request, reply) => {
    if (request.headers.authorization !== basic) return reply.code(401).send({ code: 20003, message: 'Authenticate' });
    const send = z.object({ To: z.string().regex(/^\+\d{8,15}$/), From: z.string(), Body: z.string().min(1).max(1600), StatusCallback: z.string().url().optional() }).safeParse(request.body);
    if (!send.success) return reply.code(400).send({ code: 21211, message: "The 'To' number is not a valid phone number." });
    const sid = `SM${randomBytes(16).toString('hex')}`;
    delivered.push({ sid, to: send.data.To, body: send.data.Body });
    const callback = send.data.StatusCallback;
    const report = async () => {
      for (const status of ['sent', 'delivered']) {
        await post(callback!, { AccountSid: options.accountSid, MessageSid: sid, MessageStatus: status, To: send.data.To, From: send.data.From });
      }
    };
    // Twilio's callbacks race its answer: in this mode they are delivered before it, as happens when the answer is slow to arrive.
    if (callback && statusesFirst) await report();
    else if (callback) setTimeout(() => void report(), 5).unref();
    return reply.code(201).send({ sid, status: 'queued', to: send.data.To, from: send.data.From, body: send.data.Body });
  });

  // The account's numbers (a manager's channel Test): Twilio's list, filtered by PhoneNumber.
  app.get('/2010-04-01/Accounts/:sid/IncomingPhoneNumbers.json', async (request, reply) => {
    if (request.headers.authorization !== basic) return reply.code(401).send({ code: 20003, message: 'Authenticate', status: 401 });
    const wanted = (request.query as { PhoneNumber?: string }).PhoneNumber;
    const numbers = (options.phoneNumbers ?? []).filter((n) => wanted === undefined || n === wanted);
    return { incoming_phone_numbers: numbers.map((n) => ({ phone_number: n, friendly_name: `Simulated ${n}` })), page: 0, page_size: 50 };
  });

  app.post('/simulator/sms/inbound', async (request) => {
    // `to`: which of the account's numbers the customer texts (the backend routes by it); else its first.
    const { from, body, to } = z.object({ from: z.string(), body: z.string(), to: z.string().optional() }).parse(request.body);
    const sid = `SM${randomBytes(16).toString('hex')}`;
    const number = to ?? options.phoneNumbers?.[0] ?? '+3197000000000';
    if (inboundUrl) await post(inboundUrl, { AccountSid: options.accountSid, MessageSid: sid, From: from, To: number, Body: body });
    return { sid };
  });

  await app.listen({ host: '127.0.0.1', port: 0 });
  return {
    url: `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`,
    setInboundUrl(url: string) {
      inboundUrl = url;
    },
    delivered: () => [...delivered],
    /** Posts a message's status callbacks before answering its send (true), or a moment after (false, the default). */
    setStatusesBeforeAnswer(on: boolean) {
      statusesFirst = on;
    },
    close: () => app.close(),
  };
}

export type SmsSimulator = Awaited<ReturnType<typeof startSmsSimulator>>;
