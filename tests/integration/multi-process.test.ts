import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import WebSocket from 'ws';
import { BackendStore } from '../../src/backend/store/backend-store';
import { systemClock } from '../../src/ports/clock';
import { startWhatsAppSimulator, type WhatsAppSimulator } from '../../src/simulators/whatsapp-cloud-api-simulator';
import { call, eventually, REMINDER_TEMPLATE, seedApprovedTemplate, WHATSAPP } from '../support/backend';
import { spawnBackend, type BackendProcess } from '../support/backend-process';
import { freshDatabase } from '../support/engine';

/**
 * A dealer group's backend: several processes over one PostgreSQL database, each its own
 * `npm run backend` (spawned, so that one can be killed), whatever engine the rest of the run uses.
 */
interface Group {
  dataDir: string;
  databaseUrl: string;
  simulator: WhatsAppSimulator;
  organizationId: string;
  inboxId: string;
  token: string;
  processes: BackendProcess[];
}

async function startGroup(count: number, env: Record<string, string> = {}, simulatorOptions: { ratePerSecond?: number } = {}): Promise<Group> {
  const dataDir = mkdtempSync(join(tmpdir(), 'aftersales-group-'));
  const databaseUrl = await freshDatabase('group');
  const simulator = await startWhatsAppSimulator({ ...WHATSAPP, templates: [REMINDER_TEMPLATE], clock: systemClock, ...simulatorOptions });
  const store = await BackendStore.open({ dataFile: join(dataDir, 'backend.sqlite'), databaseUrl });
  let created;
  try {
    created = await store.organizations.create(
      { name: 'Autogroep Test', inboxes: [{ name: 'Werkplaats', kind: 'workshop', zone: 'Europe/Amsterdam', country: 'NL' }], user: { name: 'Sanne' } },
      Date.now(),
    );
    await seedApprovedTemplate(store, created.organizationId, REMINDER_TEMPLATE, Date.now());
  } finally {
    await store.close();
  }
  // All at once, as a group's processes start after a deploy: one stores the environment's channel, the others find it.
  const processes = await Promise.all(range(1, count).map(() => spawnBackend({ dataDir, databaseUrl, simulator, organizationId: created.organizationId, env })));
  simulator.setWebhookUrl(`${processes[0]!.url}/webhooks/whatsapp`);
  return { dataDir, databaseUrl, simulator, organizationId: created.organizationId, inboxId: created.inboxIds[0]!, token: created.token, processes };
}

async function stopGroup(group: Group): Promise<void> {
  await Promise.all(group.processes.map((p) => p.kill()));
  await group.simulator.close();
}

interface Streamed {
  seq: number;
  type: string;
  data: Record<string, unknown>;
}

/** A desktop's live stream from one process, from `since`. */
function follow(base: string, token: string, since: number) {
  const events: Streamed[] = [];
  const socket = new WebSocket(`${base.replace('http', 'ws')}/v2/events/stream?since=${since}`, { headers: { authorization: `Bearer ${token}` } });
  const closed = new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)));
  socket.on('message', (raw: Buffer) => events.push(JSON.parse(raw.toString()) as Streamed));
  const opened = new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  return { events, opened, closed, close: () => socket.close() };
}

/** `n` of p's values' positions: the events of an organisation as the log holds them. */
async function loggedSeqs(databaseUrl: string, dataDir: string, organizationId: string): Promise<number[]> {
  const store = await BackendStore.open({ dataFile: join(dataDir, 'backend.sqlite'), databaseUrl });
  try {
    const rows = await store.sql.all(sql<{ seq: number }>`SELECT seq FROM events WHERE organization_id = ${organizationId} ORDER BY seq`);
    return rows.map((r) => r.seq);
  } finally {
    await store.close();
  }
}

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

function tomorrow(): string {
  return new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
}

describe('a dealer group: several backend processes over one PostgreSQL database', () => {
  describe('three processes', () => {
    let group: Group;
    before(async () => {
      group = await startGroup(3);
    });
    after(() => stopGroup(group));
    const api = (p: number, method: string, path: string, body?: unknown) => call(group.processes[p]!.url, group.token, method, path, body);

    it('desktops connected to different processes see each other’s moves at once', async () => {
      const created = await api(0, 'POST', '/v2/appointments', {
        inbox: group.inboxId, source: 'planit', sourceId: 'GRP-1', date: tomorrow(), time: '09:30', plate: 'AB-123-C',
      });
      assert.equal(created.status, 200, JSON.stringify(created.body));
      const since = (await api(0, 'GET', '/v2/events?since=0&limit=1000')).body.data.at(-1).seq as number;
      const streams = group.processes.map((p) => follow(p.url, group.token, since));
      await Promise.all(streams.map((s) => s.opened));

      // Each process moves the card in turn; every desktop, on whichever process, sees every move.
      const columns = ['in_service', 'on_hold', 'ready'] as const;
      for (const [i, column] of columns.entries()) {
        const moved = await api(i, 'PATCH', `/v2/appointments/${created.body.id}`, { column });
        assert.equal(moved.status, 200, JSON.stringify(moved.body));
      }
      for (const stream of streams) {
        await eventually(() => stream.events.length >= 3);
        assert.deepEqual(stream.events.map((e) => e.seq), range(since + 1, since + 3), 'each move once, in order');
        assert.deepEqual(stream.events.map((e) => [e.type, e.data.appointment, e.data.column]), columns.map((c) => ['appointment.move', created.body.id, c]));
      }
      for (const stream of streams) stream.close();
    });

    it('the same request sent to two processes at once (a client retrying elsewhere) is stored and answered once', async () => {
      const conversation = await api(0, 'POST', '/v2/conversations', { contact: { profile: { name: 'Herhaling', telephone: '+31612009999' } } });
      const note = { type: 'chat', isBackchannel: true, text: 'Klant belt terug' };
      const answers = await Promise.all(
        group.processes.map((p) => call(p.url, group.token, 'POST', `/v2/conversations/${conversation.body.id}/messages`, note, { 'idempotency-key': 'retry-elsewhere-1' })),
      );
      assert.deepEqual(answers.map((a) => a.status).sort(), [200, 200, 201], JSON.stringify(answers.map((a) => a.body)));
      assert.equal(new Set(answers.map((a) => a.body.id)).size, 1, 'one message, answered three times');
      const stored = (await api(1, 'GET', `/v2/conversations/${conversation.body.id}/messages`)).body.data as Array<{ text: string }>;
      assert.equal(stored.filter((m) => m.text === 'Klant belt terug').length, 1);
    });

    it('a client that reconnects to another process misses nothing and gets nothing twice', async () => {
      const start = (await api(1, 'GET', '/v2/events?since=0&limit=1000')).body.data.at(-1).seq as number;
      const first = follow(group.processes[0]!.url, group.token, start);
      await first.opened;
      const notes = async (from: number, to: number, via: number) => {
        for (let i = from; i <= to; i++) {
          const res = await api(via, 'POST', '/v2/conversations', { contact: { profile: { name: `Klant ${i}`, telephone: `+3161200${String(i).padStart(4, '0')}` } } });
          assert.equal(res.status, 201, JSON.stringify(res.body));
        }
      };
      await notes(1, 10, 1);
      await eventually(() => first.events.length >= 1);
      first.close();
      await first.closed;
      // Written while the client is away, through both other processes.
      await notes(11, 20, 2);
      const last = first.events.at(-1)!.seq;
      const second = follow(group.processes[1]!.url, group.token, last);
      await second.opened;
      await notes(21, 30, 0);
      const end = (await api(2, 'GET', '/v2/events?since=0&limit=1000')).body.data.at(-1).seq as number;
      await eventually(() => second.events.at(-1)?.seq === end, 10_000);
      const seen = [...first.events, ...second.events].map((e) => e.seq);
      assert.deepEqual(seen, range(start + 1, end));
      second.close();
    });
  });

  it('four processes writing at once leave a gapless seq per organisation', async () => {
    const group = await startGroup(4);
    try {
      const writes = group.processes.flatMap((p, i) =>
        range(1, 25).map((n) =>
          call(p.url, group.token, 'POST', '/v2/conversations', {
            contact: { profile: { name: `Klant ${i}-${n}`, telephone: `+316130${i}${String(n).padStart(4, '0')}` } },
          }),
        ),
      );
      const answers = await Promise.all(writes);
      assert.deepEqual(answers.filter((a) => a.status !== 201), []);
      const seqs = await loggedSeqs(group.databaseUrl, group.dataDir, group.organizationId);
      assert.deepEqual(seqs, range(1, seqs.length), 'no gap and no seq twice');
      assert.ok(seqs.length >= 100, `${seqs.length} events for 100 conversations`);
    } finally {
      await stopGroup(group);
    }
  });

  it('a process killed in the middle of sends: every message reaches WhatsApp exactly once, and the number’s pace holds', async () => {
    // A claim lapses 1.5 s after it was taken (1 s for an answer, 0.5 s for a status report).
    const group = await startGroup(2, { AFTERSALES_SEND_TIMEOUT_MS: '1000', AFTERSALES_INTERRUPTED_SEND_GRACE_MS: '500' });
    try {
      const api = (p: number, method: string, path: string, body?: unknown, headers?: Record<string, string>) =>
        call(group.processes[p]!.url, group.token, method, path, body, headers);
      const customers = range(1, 200).map((n) => `3161400${String(n).padStart(4, '0')}`);
      const conversations: string[] = [];
      for (const waId of customers) conversations.push((await api(0, 'POST', '/v2/conversations', { contact: { profile: { telephone: `+${waId}` } } })).body.id);
      // Queued at once through both processes: a backlog of 200 that both drain, more than the number takes in two seconds.
      const queued = await Promise.all(
        conversations.map(async (conversation, i) => {
          const sent = await api(i % 2, 'POST', `/v2/conversations/${conversation}/messages`, {
            type: 'template',
            template: { name: 'appointment_reminder', language: 'nl', parameters: ['Klant', 'morgen', '09:30', `kill-${i}`] },
          });
          assert.equal(sent.status, 202, JSON.stringify(sent.body));
          return { conversation, message: sent.body.id as string };
        }),
      );
      // Both processes send (80 a second is the number's, shared); one dies with sends under way.
      await eventually(() => group.simulator.delivered().length >= 40, 10_000);
      await group.processes[0]!.kill();
      group.simulator.setWebhookUrl(`${group.processes[1]!.url}/webhooks/whatsapp`);
      const statusOf = async ({ conversation, message }: { conversation: string; message: string }) =>
        ((await api(1, 'GET', `/v2/conversations/${conversation}/messages`)).body.data as Array<{ id: string; status: string }>).find((m) => m.id === message)!.status;
      await eventually(async () => (await Promise.all(queued.map(statusOf))).every((status) => ['accepted', 'sent', 'delivered', 'read'].includes(status)), 30_000);
      const delivered = group.simulator.delivered();
      for (const i of range(0, customers.length - 1)) {
        assert.equal(delivered.filter((m) => m.body.endsWith(`| kill-${i}`)).length, 1, `message ${i} once`);
      }
      assert.equal(group.simulator.throughputErrors(), 0, 'the two processes kept to the number’s one limit together');
    } finally {
      await stopGroup(group);
    }
  });
});
