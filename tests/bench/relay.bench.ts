import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import WebSocket from 'ws';
import { systemClock } from '../../src/ports/clock';
import { startWhatsAppSimulator } from '../../src/simulators/whatsapp-cloud-api-simulator';
import { call, REMINDER_TEMPLATE, seedApprovedTemplate, startSystem, WHATSAPP } from '../support/backend';
import { median, p95, report } from './report';

const MESSAGES = 1000;
const FANOUT_CLIENTS = 50;
const FANOUT_EVENTS = 100;
const PACE_MESSAGES = 400;

async function loopbackRtt(): Promise<number[]> {
  const server = createServer((_req, res) => res.end('{}'));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  const samples: number[] = [];
  for (let i = 0; i < MESSAGES; i++) {
    const t0 = performance.now();
    await (await fetch(url, { method: 'POST', body: '{}' })).text();
    samples.push(performance.now() - t0);
  }
  server.close();
  return samples;
}

function subscribe(
  base: string,
  token: string,
  since: number,
  onEvent: (e: { type: string; data: Record<string, unknown> }) => void,
): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`${base.replace('http', 'ws')}/v2/events/stream?since=${since}`, { headers: { authorization: `Bearer ${token}` } });
    socket.on('message', (data) => onEvent(JSON.parse(data.toString())));
    socket.once('open', () => resolve(socket));
    socket.once('error', reject);
  });
}

/** Send → simulator → signed status webhook → event on a WebSocket; fan-out; pacing at 80/s. */
export async function benchRelay(): Promise<void> {
  const simulator = await startWhatsAppSimulator({
    ...WHATSAPP,
    templates: [REMINDER_TEMPLATE],
    clock: systemClock,
    statusDelayMs: 0,
  });
  const { backend, org } = await startSystem({ clock: systemClock, simulator });
  const api = (method: string, path: string, body?: unknown) => call(backend.url, org.token, method, path, body);
  await seedApprovedTemplate(backend.store, org.organizationId, REMINDER_TEMPLATE, systemClock.now());
  const conversation = (await api('POST', '/v2/conversations', { contact: { profile: { telephone: '06 12345678' } } })).body.id;
  /** Subscribers start at the log's end: only live events are measured. */
  const latest = async () =>
    (await backend.store.sql.get(sql<{ seq: number }>`SELECT coalesce(max(seq), 0) AS seq FROM events WHERE organization_id = ${org.organizationId}`))!.seq;
  const template = { type: 'template', template: { name: 'appointment_reminder', language: 'nl', parameters: ['a', 'b', 'c', 'd'] } };

  // Relay: one message at a time, at most 50 a second so the pacing does not enter the figure.
  // The event may arrive before the POST's answer: remember arrivals as well as waiters.
  const waiting = new Map<string, () => void>();
  const arrived = new Set<string>();
  const socket = await subscribe(backend.url, org.token, await latest(), (e) => {
    if (e.type !== 'message.status' || e.data.status !== 'sent') return;
    const id = e.data.message as string;
    const resolve = waiting.get(id);
    if (resolve) resolve();
    else arrived.add(id);
  });
  const relay: number[] = [];
  for (let i = 0; i < MESSAGES; i++) {
    const t0 = performance.now();
    const seen = new Promise<void>((resolve) => {
      void api('POST', `/v2/conversations/${conversation}/messages`, template).then(({ body }) =>
        arrived.has(body.id) ? resolve() : waiting.set(body.id, resolve),
      );
    });
    await seen;
    const elapsed = performance.now() - t0;
    relay.push(elapsed);
    if (elapsed < 20) await new Promise((r) => setTimeout(r, 20 - elapsed));
  }
  socket.close();
  const rtt = await loopbackRtt();
  report('relay_p50_ms', median(relay), 'ms');
  report('relay_p95_ms', p95(relay), 'ms');
  report('loopback_http_rtt_ms', median(rtt), 'ms');

  // Fan-out: one event to 50 subscribers.
  let pending = 0;
  let done: () => void = () => {};
  const clients = await Promise.all(
    Array.from({ length: FANOUT_CLIENTS }, async () =>
      subscribe(backend.url, org.token, await latest(), (e) => {
        if (e.type === 'message.create' && --pending === 0) done();
      }),
    ),
  );
  const fanout: number[] = [];
  for (let i = 0; i < FANOUT_EVENTS; i++) {
    pending = FANOUT_CLIENTS;
    const all = new Promise<void>((resolve) => (done = resolve));
    const t0 = performance.now();
    await api('POST', `/v2/conversations/${conversation}/messages`, { text: `note ${i}`, isBackchannel: true });
    await all;
    fanout.push(performance.now() - t0);
  }
  clients.forEach((c) => c.close());
  report('fanout_50_p95_ms', p95(fanout), 'ms');

  // Pace: a burst of sends against the simulator's 80 messages/s.
  await new Promise((r) => setTimeout(r, 1100));
  const errorsBefore = simulator.throughputErrors();
  let accepted = 0;
  let allAccepted: () => void = () => {};
  const finished = new Promise<void>((resolve) => (allAccepted = resolve));
  const paceSocket = await subscribe(backend.url, org.token, await latest(), (e) => {
    if (e.type === 'message.status' && e.data.status === 'accepted' && ++accepted === PACE_MESSAGES) allAccepted();
  });
  const t0 = performance.now();
  for (let i = 0; i < PACE_MESSAGES; i++) await api('POST', `/v2/conversations/${conversation}/messages`, template);
  await finished;
  const seconds = (performance.now() - t0) / 1000;
  paceSocket.close();
  report('send_pace_pct_of_limit', (100 * PACE_MESSAGES) / seconds / 80, '%');
  report('throughput_errors', simulator.throughputErrors() - errorsBefore, 'errors');

  await backend.close();
  await simulator.close();
}
