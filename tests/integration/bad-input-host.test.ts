import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import WebSocket from 'ws';
import { FIELD_LIMITS } from '../../src/api/limits';
import { changedTables, fingerprint, rawRequest } from '../support/bad-input';
import { startDesktop } from '../support/desktop';

/*
 * Hostile and malformed use of the headless host's BoardApi WebSocket, one line each: pages
 * that are not the host's own, frames that are not requests, methods that do not exist and
 * arguments the contract refuses. Every case shows that the cache file did not change and
 * that a new connection is still served.
 */

type Desktop = Awaited<ReturnType<typeof startDesktop>>;

interface Host {
  port: number;
  origin: string;
  token: string;
}

const host: Host = { port: 0, origin: '', token: '' };
const api = (token = host.token) => `ws://127.0.0.1:${host.port}/api?token=${encodeURIComponent(token)}`;

/** Opens a connection; a refused upgrade rejects with its status and body. */
function open(url: string, origin?: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, origin === undefined ? {} : { origin });
    socket.once('open', () => resolve(socket));
    socket.once('unexpected-response', (_request, response) => {
      let body = '';
      response.on('data', (c: Buffer) => (body += c.toString()));
      response.on('end', () => reject(Object.assign(new Error(`HTTP ${response.statusCode}`), { status: response.statusCode, body })));
    });
    socket.once('error', reject);
  });
}

type Answer = { kind: 'closed'; code: number } | { kind: 'result'; ok: boolean; value?: any; error?: { code: string; message: string } };

/** Sends one frame and waits for the answer to request `id`, or for the connection to close. */
function exchange(socket: WebSocket, frame: string | Buffer, id: number | null): Promise<Answer> {
  return new Promise((resolve) => {
    socket.on('message', (data) => {
      const parsed = JSON.parse(data.toString());
      if (parsed.kind === 'result' && parsed.id === id) resolve({ kind: 'result', ok: parsed.ok, value: parsed.value, error: parsed.error });
    });
    socket.once('close', (code) => resolve({ kind: 'closed', code }));
    socket.send(frame);
  });
}

const request = (method: string, params: unknown, id = 7) => JSON.stringify({ id, method, params });

interface ConnectionCase {
  name: string;
  url: () => string;
  origin?: () => string | undefined;
}

const CONNECTIONS: ConnectionCase[] = [
  { name: 'another site’s page', url: () => api(), origin: () => 'https://evil.example' },
  { name: 'no Origin at all', url: () => api(), origin: () => undefined },
  { name: 'the Origin "null" of a sandboxed frame', url: () => api(), origin: () => 'null' },
  { name: 'localhost instead of 127.0.0.1', url: () => api(), origin: () => `http://localhost:${host.port}` },
  { name: 'the host’s address on another port', url: () => api(), origin: () => `http://127.0.0.1:${host.port + 1}` },
  { name: 'https on the host’s address', url: () => api(), origin: () => `https://127.0.0.1:${host.port}` },
  { name: 'no token', url: () => `ws://127.0.0.1:${host.port}/api` },
  { name: 'an empty token', url: () => api('') },
  { name: 'a token one character short', url: () => api(host.token.slice(1)) },
  { name: 'a token of the right length but wrong', url: () => api(`${host.token.slice(0, -1)}${host.token.endsWith('A') ? 'B' : 'A'}`) },
  { name: 'a wrong token before the right one', url: () => `${api('wrong')}&token=${host.token}` },
  { name: 'a token of 10 KB', url: () => api('t'.repeat(10_000)) },
];

interface FrameCase {
  name: string;
  frame: () => string | Buffer;
  /** The request id the answer carries; null for frames that carry none. */
  id?: number | null;
  /** The connection is closed with this code. */
  closes?: number;
  /** Answered with this error code. */
  error?: string;
  message?: RegExp;
  /** Answered with a value; what it must be. */
  value?: (value: any) => void;
  /** Cache tables a good call changes. */
  changes?: string[];
}

const day = '2026-12-01';
const manual = (fields: Record<string, unknown>) => request('createManualAppointment', { date: day, customerName: 'Jan de Vries', ...fields });
const names = (value: Array<{ name: string | null }>) => value.map((c) => c.name).sort();

const FRAMES: FrameCase[] = [
  // Frames that are not requests: the connection is closed (1007: data not consistent with the type).
  { name: 'text that is not JSON', frame: () => 'hello', id: null, closes: 1007 },
  { name: 'binary garbage', frame: () => Buffer.from([0xff, 0xfe, 0x00, 0x13, 0x37, 0x80]), id: null, closes: 1007 },
  { name: 'a JSON array', frame: () => '[1, "getBoard", {}]', id: null, closes: 1007 },
  { name: 'JSON null', frame: () => 'null', id: null, closes: 1007 },
  { name: 'a request without an id', frame: () => JSON.stringify({ method: 'getBoard', params: {} }), id: null, closes: 1007 },
  { name: 'a negative id', frame: () => JSON.stringify({ id: -1, method: 'getBoard', params: {} }), id: -1, closes: 1007 },
  { name: 'an id that is text', frame: () => JSON.stringify({ id: '7', method: 'getBoard', params: {} }), id: null, closes: 1007 },
  { name: 'a fractional id', frame: () => JSON.stringify({ id: 1.5, method: 'getBoard', params: {} }), id: 1.5, closes: 1007 },
  { name: 'a method name of 101 characters', frame: () => request('m'.repeat(101), {}), closes: 1007 },
  { name: 'a method that is a number', frame: () => JSON.stringify({ id: 7, method: 42, params: {} }), closes: 1007 },
  { name: 'arrays nested 100,000 deep', frame: () => `{"id":7,"method":"getBoard","params":${'['.repeat(100_000)}${']'.repeat(100_000)}}`, error: 'INVALID_INPUT' },
  { name: 'a frame over 28 MiB', frame: () => Buffer.alloc(28 * 1024 * 1024 + 1, 0x20), id: null, closes: 1009 },
  { name: 'a frame over 1 MiB (larger than any call, an import piece included)', frame: () => Buffer.alloc(1024 * 1024 + 1, 0x20), id: null, closes: 1009 },
  // Methods that do not exist, including the names every object has.
  { name: 'an unknown method', frame: () => request('dropDatabase', {}), error: 'UNKNOWN_METHOD', message: /dropDatabase/ },
  { name: 'the method __proto__', frame: () => request('__proto__', {}), error: 'UNKNOWN_METHOD' },
  { name: 'the method constructor', frame: () => request('constructor', {}), error: 'UNKNOWN_METHOD' },
  { name: 'the method hasOwnProperty', frame: () => request('hasOwnProperty', {}), error: 'UNKNOWN_METHOD' },
  { name: 'the method toString', frame: () => request('toString', {}), error: 'UNKNOWN_METHOD' },
  { name: 'a method name in other case', frame: () => request('GETBOARD', {}), error: 'UNKNOWN_METHOD' },
  // Arguments the contract refuses.
  { name: 'arguments that are a list', frame: () => request('getAppointment', ['x']), error: 'INVALID_INPUT' },
  { name: 'an id that is a number', frame: () => request('getAppointment', { id: 42 }), error: 'INVALID_INPUT', message: /id/ },
  { name: 'an id of 101 characters', frame: () => request('setColour', { id: 'x'.repeat(101), colour: 'red' }), error: 'INVALID_INPUT', message: /id/ },
  { name: 'a colour that does not exist', frame: () => request('setColour', { id: 'x', colour: 'pink' }), error: 'INVALID_INPUT', message: /colour/ },
  { name: 'a card that does not exist', frame: () => request('getAppointment', { id: 'no-such-card' }), error: 'NOT_FOUND' },
  { name: 'a move to a column that does not exist', frame: () => request('moveCard', { id: 'x', column: 'done', index: 0 }), error: 'INVALID_INPUT' },
  { name: 'a locale nobody translated', frame: () => request('setLocale', { locale: 'fr' }), error: 'INVALID_INPUT', message: /locale/ },
  { name: 'an inbox filter of 101-character ids', frame: () => request('setInboxFilter', { inboxIds: ['i'.repeat(101)] }), error: 'INVALID_INPUT' },
  { name: 'a page of 501 appointments', frame: () => request('listAppointments', { from: day, to: day, limit: 501 }), error: 'INVALID_INPUT', message: /limit/ },
  { name: 'a negative offset', frame: () => request('listAppointments', { from: day, to: day, offset: -1 }), error: 'INVALID_INPUT', message: /offset/ },
  { name: 'a search of 201 characters', frame: () => request('listAppointments', { from: day, to: day, text: 's'.repeat(201) }), error: 'INVALID_INPUT', message: /text/ },
  { name: 'an empty contact search', frame: () => request('searchContacts', { query: '   ' }), error: 'INVALID_INPUT', message: /query/ },
  { name: 'a comment of spaces', frame: () => request('addComment', { appointmentId: 'x', text: '   ' }), error: 'INVALID_INPUT', message: /text/ },
  { name: 'a comment of 4097 characters', frame: () => request('addComment', { appointmentId: 'x', text: 'c'.repeat(4097) }), error: 'INVALID_INPUT', message: /text/ },
  // The Manual Appointment form: only the date is required, each field within its limit.
  { name: 'a manual appointment without a date', frame: () => request('createManualAppointment', { customerName: 'Jan' }), error: 'INVALID_INPUT', message: /date/ },
  { name: 'a manual appointment on 30 February', frame: () => manual({ date: '2026-02-30' }), error: 'INVALID_INPUT', message: /date/ },
  { name: 'a manual appointment in 1899', frame: () => manual({ date: '1899-12-31' }), error: 'INVALID_INPUT', message: /between 1900 and 2100/ },
  { name: 'a manual appointment in 2101', frame: () => manual({ date: '2101-01-01' }), error: 'INVALID_INPUT', message: /between 1900 and 2100/ },
  { name: 'a manual appointment at 24:00', frame: () => manual({ time: '24:00' }), error: 'INVALID_INPUT', message: /time/ },
  ...(['customerName', 'phone', 'plate', 'make', 'model', 'work', 'owner'] as const).map(
    (field): FrameCase => ({
      name: `a manual appointment with a ${field} one past its limit of ${FIELD_LIMITS[field]}`,
      frame: () => manual({ [field]: 'x'.repeat(FIELD_LIMITS[field] + 1) }),
      error: 'INVALID_INPUT',
      message: new RegExp(`${field}: is longer than ${FIELD_LIMITS[field]} characters`),
    }),
  ),
  { name: 'a manual appointment with an e-mail without @', frame: () => manual({ email: 'jan.example.nl' }), error: 'INVALID_INPUT', message: /email/ },
  { name: 'a manual appointment with a phone of words', frame: () => manual({ phone: 'bel mij' }), error: 'INVALID_PHONE' },
  { name: 'a manual appointment in an inbox that does not exist', frame: () => manual({ inboxId: 'no-such-inbox' }), error: 'NOT_FOUND' },
  { name: 'a manual appointment for a contact that does not exist', frame: () => manual({ contactId: 'no-such-contact' }), error: 'NOT_FOUND' },
  // Searches take % _ and \ as themselves.
  { name: 'a contact search for %', frame: () => request('searchContacts', { query: '%' }), value: (v) => assert.deepEqual(names(v), ['100% Garage']) },
  { name: 'a contact search for _', frame: () => request('searchContacts', { query: '_' }), value: (v) => assert.deepEqual(names(v), ['Auto_Smit']) },
  { name: 'a contact search for \\', frame: () => request('searchContacts', { query: '\\' }), value: (v) => assert.deepEqual(names(v), ['Back\\slash BV']) },
  { name: 'a contact search for to_mit', frame: () => request('searchContacts', { query: 'to_mit' }), value: (v) => assert.deepEqual(names(v), []) },
  {
    name: 'an appointment search for %',
    frame: () => request('listAppointments', { from: day, to: day, text: '%' }),
    value: (v) => assert.deepEqual(v.rows.map((r: { customerName: string }) => r.customerName), ['100% Garage']),
  },
  {
    name: 'an appointment search for _',
    frame: () => request('listAppointments', { from: day, to: day, text: '_' }),
    value: (v) => assert.deepEqual(v.rows.map((r: { customerName: string }) => r.customerName), ['Auto_Smit']),
  },
  // Good values at the limits are stored whole.
  {
    name: 'a manual appointment with every field at its limit',
    frame: () =>
      manual({
        customerName: 'n'.repeat(FIELD_LIMITS.customerName),
        plate: 'p'.repeat(FIELD_LIMITS.plate),
        make: 'm'.repeat(FIELD_LIMITS.make),
        model: 'o'.repeat(FIELD_LIMITS.model),
        work: 'w'.repeat(FIELD_LIMITS.work),
        owner: 'e'.repeat(FIELD_LIMITS.owner),
      }),
    value: (card) => {
      assert.equal(card.customerName.length, FIELD_LIMITS.customerName);
      assert.equal(card.plate.length, FIELD_LIMITS.plate);
    },
    changes: ['appointments', 'contacts'],
  },
  {
    name: 'a formula as a customer’s name, kept as text',
    frame: () => manual({ customerName: '=HYPERLINK("http://evil.example","klik")' }),
    value: (card) => assert.equal(card.customerName, '=HYPERLINK("http://evil.example","klik")'),
    changes: ['appointments', 'contacts'],
  },
];

describe('bad input: the headless host’s BoardApi WebSocket', () => {
  let desktop: Desktop;
  let dataFile = '';

  before(async () => {
    desktop = await startDesktop();
    const url = new URL(desktop.host.url);
    host.port = desktop.host.port;
    host.origin = url.origin;
    host.token = url.searchParams.get('token')!;
    const socket = await open(api(), host.origin);
    const settings = await exchange(socket, request('getSettings', {}, 99), 99);
    assert.ok(settings.kind === 'result' && settings.ok);
    // The file the board in use is kept in.
    dataFile = settings.value.dataFile;
    for (const [i, name] of ['100% Garage', 'Auto_Smit', 'Back\\slash BV', 'Autosmit'].entries()) {
      const made = await exchange(socket, request('createManualAppointment', { date: day, customerName: name }, 100 + i), 100 + i);
      assert.equal(made.kind === 'result' && made.ok, true, JSON.stringify(made));
    }
    socket.close();
  });
  after(() => desktop.stop());

  const stillUp = async () => {
    const socket = await open(api(), host.origin);
    const answer = await exchange(socket, request('getBoard', {}, 1), 1);
    socket.close();
    assert.ok(answer.kind === 'result' && answer.ok, 'a new connection is served');
  };

  describe('connections that are not the host’s own page', () => {
    for (const c of CONNECTIONS) {
      it(`${c.name}: 403 FORBIDDEN before any frame`, async () => {
        const refused = await open(c.url(), c.origin ? c.origin() : host.origin).then(
          (socket) => (socket.close(), null),
          (error: Error & { status?: number; body?: string }) => error,
        );
        assert.ok(refused, 'the connection is refused');
        assert.equal(refused.status, 403);
        const body = JSON.parse(refused.body!);
        assert.equal(body.code, 'FORBIDDEN');
        assert.ok(body.message.length > 10);
        await stillUp();
      });
    }

    it('the API address asked without a WebSocket upgrade: 426 in the error shape', async () => {
      const answer = await rawRequest(host.origin, { path: `/api?token=${host.token}`, headers: { origin: host.origin } });
      assert.equal(answer.status, 426, answer.text);
      assert.equal(answer.json?.code, 'UPGRADE_REQUIRED');
    });
  });

  describe('frames', () => {
    for (const c of FRAMES) {
      const outcome = c.closes ? `closed with ${c.closes}` : c.error ? `answered ${c.error}` : 'answered';
      it(`${c.name}: ${outcome}${c.changes ? '' : ', nothing stored'}`, async () => {
        const socket = await open(api(), host.origin);
        const before = fingerprint(dataFile);
        const answer = await exchange(socket, c.frame(), c.id === undefined ? 7 : c.id);
        if (c.closes) {
          assert.deepEqual(answer, { kind: 'closed', code: c.closes });
        } else {
          assert.equal(answer.kind, 'result', JSON.stringify(answer));
          if (answer.kind !== 'result') return;
          if (c.error) {
            assert.equal(answer.ok, false, JSON.stringify(answer).slice(0, 300));
            assert.equal(answer.error?.code, c.error, JSON.stringify(answer.error));
            assert.ok((answer.error?.message.length ?? 0) > 10, 'a message in words');
            if (c.message) assert.match(answer.error!.message, c.message);
          } else {
            assert.equal(answer.ok, true, JSON.stringify(answer.error));
            c.value?.(answer.value);
          }
          socket.close();
        }
        assert.deepEqual(changedTables(before, fingerprint(dataFile)), c.changes ?? [], 'what was written');
        await stillUp();
      });
    }
  });

  it('a thousand requests sent at once on one connection are each answered once', async () => {
    const socket = await open(api(), host.origin);
    const answered = new Map<number, number>();
    const all = new Promise<void>((resolve) =>
      socket.on('message', (data) => {
        const frame = JSON.parse(data.toString());
        if (frame.kind !== 'result') return;
        answered.set(frame.id, (answered.get(frame.id) ?? 0) + 1);
        if (answered.size === 1000) resolve();
      }),
    );
    for (let id = 1; id <= 1000; id++) socket.send(request(id % 2 ? 'getSettings' : 'nope', {}, id));
    await all;
    socket.close();
    assert.ok([...answered.values()].every((n) => n === 1));
  });
});
