import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';
import { BackendStore } from '../../src/backend/store/backend-store';
import { systemClock } from '../../src/ports/clock';
import { startWhatsAppSimulator, type WhatsAppSimulator } from '../../src/simulators/whatsapp-cloud-api-simulator';
import { call, WHATSAPP } from '../support/backend';
import { spawnBackend, type BackendProcess } from '../support/backend-process';
import { freshDatabase } from '../support/engine';
import { median, p95, report } from './report';

const WRITERS = 8;
const WRITE_ORGANIZATIONS = 4;
const WRITES_PER_WRITER = 250;
const WRITE_WARM_UP = 20;

const LOAD_CLIENTS = 20;
const LOAD_WARM_UP_MS = 2_000;
const LOAD_MEASURED_MS = 10_000;

const CROSS_MOVES = 200;
const CROSS_WARM_UP = 10;
const MOVE_GOAL_MS = 50;

const FANOUT_CLIENTS = 500;
const FANOUT_BATCH = 50;
const FANOUT_MOVES = 30;
const FANOUT_WARM_UP = 3;
const FANOUT_GOAL_MS = 100;

/** The columns a card cycles through; `finished` is left out, as it takes a card off the board. */
const CYCLE = ['in_service', 'on_hold', 'ready', 'new'] as const;

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

function p99(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length * 0.99)]!;
}

function tomorrow(): string {
  return new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
}

/** Every process this bench spawned, killed when it ends, however it ends (a thrown error or the bench process exiting). */
class Spawned {
  private readonly processes: BackendProcess[] = [];
  private readonly onExit = () => {
    for (const p of this.processes) if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL');
  };

  constructor() {
    process.once('exit', this.onExit);
  }

  add(processes: BackendProcess[]): BackendProcess[] {
    this.processes.push(...processes);
    return processes;
  }

  async killAll(): Promise<void> {
    await Promise.all(this.processes.map((p) => p.kill()));
    process.removeListener('exit', this.onExit);
  }
}

/**
 * The same writes on both engines, in-process: 8 writers over 4 organisations, each write a
 * contact row and its event in one store.write (the event counter locked, the event appended).
 */
async function eventWritesPerSecond(location: { dataFile: string; databaseUrl?: string }): Promise<number> {
  const store = await BackendStore.open(location);
  try {
    const organizations: string[] = [];
    for (const n of range(WRITE_ORGANIZATIONS)) {
      const created = await store.organizations.create(
        { name: `Dealer ${n}`, inboxes: [{ name: 'Werkplaats', kind: 'workshop', zone: 'Europe/Amsterdam', country: 'NL' }], user: { name: 'Sanne' } },
        Date.now(),
      );
      organizations.push(created.organizationId);
    }
    const writer = async (w: number, count: number, tag: string) => {
      const organizationId = organizations[w % WRITE_ORGANIZATIONS]!;
      for (let i = 0; i < count; i++) {
        const now = Date.now();
        await store.write(organizationId, now, async (emit) => {
          const contact = await store.contacts.create(organizationId, { name: `Klant ${tag}${w}-${i}`, phone: `+3161${String(w).padStart(2, '0')}${String(i).padStart(5, '0')}`, email: null }, now);
          emit('contact.create', { contact });
        });
      }
    };
    // Warm up (prepared statements, the pool's connections, JIT) before the clock starts.
    await Promise.all(range(WRITERS).map((w) => writer(w, WRITE_WARM_UP, 'w')));
    const t0 = performance.now();
    await Promise.all(range(WRITERS).map((w) => writer(w, WRITES_PER_WRITER, 'm')));
    return (WRITERS * WRITES_PER_WRITER) / ((performance.now() - t0) / 1000);
  } finally {
    await store.close();
  }
}

/** One organisation's backend: `count` spawned processes over one store (SQLite file without `databaseUrl`). */
interface Group {
  token: string;
  processes: BackendProcess[];
  simulator: WhatsAppSimulator;
  inboxId: string;
}

async function startGroup(spawned: Spawned, count: number, databaseUrl: string | undefined): Promise<Group> {
  const dataDir = mkdtempSync(join(tmpdir(), 'aftersales-group-bench-'));
  const dataFile = join(dataDir, 'backend.sqlite');
  const store = await BackendStore.open({ dataFile, databaseUrl });
  let created;
  try {
    created = await store.organizations.create(
      { name: 'Autogroep Bench', inboxes: [{ name: 'Werkplaats', kind: 'workshop', zone: 'Europe/Amsterdam', country: 'NL' }], user: { name: 'Sanne' } },
      Date.now(),
    );
  } finally {
    await store.close();
  }
  const simulator = await startWhatsAppSimulator({ ...WHATSAPP, templates: [], clock: systemClock });
  const processes = spawned.add(
    await Promise.all(range(count).map(() => spawnBackend({ dataDir, databaseUrl, simulator, organizationId: created.organizationId }))),
  );
  simulator.setWebhookUrl(`${processes[0]!.url}/webhooks/whatsapp`);
  return { token: created.token, processes, simulator, inboxId: created.inboxIds[0]! };
}

async function api(group: Group, p: number, method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> {
  const answer = await call(group.processes[p]!.url, group.token, method, path, body);
  if (answer.status >= 300) throw new Error(`group bench: ${method} ${path} answered ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer;
}

async function createAppointment(group: Group, n: number): Promise<string> {
  const created = await api(group, 0, 'POST', '/v2/appointments', {
    inbox: group.inboxId, source: 'planit', sourceId: `BENCH-${n}`, date: tomorrow(), time: '09:30', plate: `BN-${String(n).padStart(3, '0')}-X`,
  });
  return created.body.id as string;
}

/** The log's last seq, read page by page. */
async function lastSeq(group: Group): Promise<number> {
  let since = 0;
  for (;;) {
    const page = (await api(group, 0, 'GET', `/v2/events?since=${since}&limit=1000`)).body as { data: Array<{ seq: number }>; next: number | null };
    since = page.data.at(-1)?.seq ?? since;
    if (page.next === null) return since;
  }
}

/**
 * 20 clients, each in a loop of an event read (GET /v2/events from a recent seq), an internal
 * note on its own conversation, and a board move of its own card, spread over the group's
 * processes; 2 s of warm-up, then 10 s counted.
 */
async function mixedLoad(group: Group): Promise<{ perSecond: number; p99: number }> {
  const clients = await Promise.all(
    range(LOAD_CLIENTS).map(async (c) => ({
      process: c % group.processes.length,
      conversation: (await api(group, 0, 'POST', '/v2/conversations', { contact: { profile: { name: `Klant ${c}`, telephone: `+316150${String(c).padStart(5, '0')}` } } })).body.id as string,
      appointment: await createAppointment(group, c),
    })),
  );
  let head = await lastSeq(group);
  const start = performance.now();
  const counted = start + LOAD_WARM_UP_MS;
  const end = counted + LOAD_MEASURED_MS;
  const latencies: number[] = [];
  let finished = counted;
  await Promise.all(
    clients.map(async (client, c) => {
      // Each client starts at another step of the mix, so the three kinds run side by side throughout.
      for (let step = c; performance.now() < end; step++) {
        const t0 = performance.now();
        const kind = step % 3;
        if (kind === 0) {
          const page = (await api(group, client.process, 'GET', `/v2/events?since=${Math.max(0, head - 20)}`)).body as { data: Array<{ seq: number }> };
          head = Math.max(head, page.data.at(-1)?.seq ?? 0);
        } else if (kind === 1) {
          await api(group, client.process, 'POST', `/v2/conversations/${client.conversation}/messages`, { type: 'chat', isBackchannel: true, text: `Notitie ${step}` });
        } else {
          await api(group, client.process, 'PATCH', `/v2/appointments/${client.appointment}`, { column: CYCLE[step % CYCLE.length] });
        }
        const t1 = performance.now();
        if (t0 >= counted) {
          latencies.push(t1 - t0);
          finished = Math.max(finished, t1);
        }
      }
    }),
  );
  return { perSecond: latencies.length / ((finished - counted) / 1000), p99: p99(latencies) };
}

/** A desktop's live stream from one process; `onEvent` hears each event as it arrives. */
function follow(base: string, token: string, since: number, onEvent: (raw: string) => void): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`${base.replace('http', 'ws')}/v2/events/stream?since=${since}`, { headers: { authorization: `Bearer ${token}` } });
    socket.on('message', (raw: Buffer) => onEvent(raw.toString()));
    socket.once('open', () => resolve(socket));
    socket.once('error', reject);
  });
}

function isMoveOf(raw: string, appointment: string, column: string): boolean {
  const event = JSON.parse(raw) as { type: string; data: { appointment?: string; column?: string } };
  return event.type === 'appointment.move' && event.data.appointment === appointment && event.data.column === column;
}

/** A move PATCHed on process 0 until a desktop following process 1 sees it; one move at a time. */
async function crossProcessMoves(group: Group): Promise<number[]> {
  const appointment = await createAppointment(group, 1000);
  let waiting: { column: string; seen: () => void } | null = null;
  const socket = await follow(group.processes[1]!.url, group.token, await lastSeq(group), (raw) => {
    if (waiting && isMoveOf(raw, appointment, waiting.column)) waiting.seen();
  });
  try {
    const samples: number[] = [];
    for (let i = 0; i < CROSS_WARM_UP + CROSS_MOVES; i++) {
      const column = CYCLE[i % CYCLE.length]!;
      const seen = new Promise<void>((resolve) => (waiting = { column, seen: resolve }));
      const t0 = performance.now();
      await Promise.all([api(group, 0, 'PATCH', `/v2/appointments/${appointment}`, { column }), seen]);
      if (i >= CROSS_WARM_UP) samples.push(performance.now() - t0);
    }
    return samples;
  } finally {
    socket.close();
  }
}

/**
 * 500 desktops' streams spread over the group's processes, opened 50 at a time (as desktops
 * come online over a morning, not all in one instant); each move is PATCHed on process 0 and
 * timed until each of the 500 has it. Every receipt is one sample.
 */
async function fanout(group: Group): Promise<number[]> {
  const appointment = await createAppointment(group, 2000);
  const since = await lastSeq(group);
  let current: { column: string; t0: number; pending: number; done: () => void; receipts: number[] } | null = null;
  const sockets: WebSocket[] = [];
  try {
    for (let first = 0; first < FANOUT_CLIENTS; first += FANOUT_BATCH) {
      const batch = range(Math.min(FANOUT_BATCH, FANOUT_CLIENTS - first)).map((i) =>
        follow(group.processes[(first + i) % group.processes.length]!.url, group.token, since, (raw) => {
          if (!current || !isMoveOf(raw, appointment, current.column)) return;
          current.receipts.push(performance.now() - current.t0);
          if (--current.pending === 0) current.done();
        }),
      );
      sockets.push(...(await Promise.all(batch)));
    }
    const samples: number[] = [];
    for (let i = 0; i < FANOUT_WARM_UP + FANOUT_MOVES; i++) {
      const column = CYCLE[i % CYCLE.length]!;
      const all = new Promise<void>((done) => (current = { column, t0: performance.now(), pending: FANOUT_CLIENTS, done, receipts: [] }));
      await api(group, 0, 'PATCH', `/v2/appointments/${appointment}`, { column });
      await all;
      if (i >= FANOUT_WARM_UP) samples.push(...current!.receipts);
    }
    return samples;
  } finally {
    for (const socket of sockets) socket.close();
  }
}

/**
 * A dealer group's backend on PostgreSQL beside the SQLite one, in one run: event writes
 * in-process on each engine; a mixed load of 20 clients on a spawned SQLite process and on
 * one and two PostgreSQL processes; a move seen across processes; one move reaching 500
 * streams spread over two processes. The bench's own clients share the machine's cores with
 * the processes they measure, as in the other benches.
 */
export async function benchGroup(): Promise<void> {
  const sqliteWrites = await eventWritesPerSecond({ dataFile: join(mkdtempSync(join(tmpdir(), 'aftersales-writes-bench-')), 'backend.sqlite') });
  const pgWrites = await eventWritesPerSecond({ dataFile: join(mkdtempSync(join(tmpdir(), 'aftersales-writes-bench-')), 'backend.sqlite'), databaseUrl: await freshDatabase('bench') });
  report('sqlite_event_writes_per_s', sqliteWrites, 'writes/s');
  report('pg_event_writes_per_s', pgWrites, 'writes/s');
  report('pg_vs_sqlite_event_writes_ratio', pgWrites / sqliteWrites, 'x');

  const spawned = new Spawned();
  const simulators: WhatsAppSimulator[] = [];
  try {
    const load = async (name: string, count: number, databaseUrl: string | undefined) => {
      const group = await startGroup(spawned, count, databaseUrl);
      simulators.push(group.simulator);
      const { perSecond, p99: slowest } = await mixedLoad(group);
      report(`backend_mixed_load_req_per_s_${name}`, perSecond, 'req/s');
      report(`backend_mixed_load_p99_ms_${name}`, slowest, 'ms');
      return group;
    };
    const single = await load('sqlite', 1, undefined);
    await Promise.all(single.processes.map((p) => p.kill()));
    const one = await load('pg_1', 1, await freshDatabase('bench'));
    await Promise.all(one.processes.map((p) => p.kill()));
    // The two-process group goes on to the cross-process figures.
    const two = await load('pg_2', 2, await freshDatabase('bench'));

    const moves = await crossProcessMoves(two);
    report('move_cross_process_p50_ms', median(moves), 'ms');
    report('move_cross_process_p95_ms', p95(moves), 'ms');
    report('move_cross_process_p95_goal_ms', MOVE_GOAL_MS, 'ms');

    const receipts = await fanout(two);
    report('group_fanout_500_p50_ms', median(receipts), 'ms');
    report('group_fanout_500_p95_ms', p95(receipts), 'ms');
    report('group_fanout_500_p95_goal_ms', FANOUT_GOAL_MS, 'ms');
  } finally {
    await spawned.killAll();
    for (const simulator of simulators) await simulator.close();
  }
}
