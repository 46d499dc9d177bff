import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { call, integrationToken, startSystem } from '../support/backend';
import { assertErrorBody, changedTables, storeFingerprint, rawRequest, type RawRequest } from '../support/bad-input';
import { manualClock } from '../support/desktop';

/*
 * Malformed and hostile pushes of the planning systems: ISPA Next's appointment events and
 * Keyloop's CloudEvents notifications, one line each. A refused push is answered with its
 * reason and leaves no trace (not even "seen", so the sender can send it again once it is
 * right); a push that is taken says what became of it.
 */

const NOW = Date.parse('2026-11-25T08:00:00Z');
let serial = 0;

type Who = 'A' | 'B' | null | { raw: string };

interface EventCase {
  name: string;
  send: () => RawRequest & { who?: Who };
  status: number;
  /** A refusal's code. */
  code?: string;
  message?: RegExp;
  /** ISPA's receipt for a push it took. */
  outcome?: 'applied' | 'duplicate' | 'stale' | 'unknown-appointment';
  /** The tables a push that is taken changes (an event also moves its organisation's counter, event_counters). */
  stored?: string[];
}

/** ISPA and Keyloop push with integration tokens made for them (A: our organisation's, B: another's). */
const seeds = { inbox: '', inboxB: '', tokenB: '', ispaA: '', keyloopA: '', ispaB: '' };

/** A valid ISPA Next event with a fresh id, and what the case changes in it. */
function ispaEvent(change: (e: Record<string, any>) => void = () => {}): Record<string, any> {
  const n = ++serial;
  const event: Record<string, any> = {
    eventId: `EV-${n}`,
    type: 'appointment.created',
    occurredAt: '2026-11-24T09:00:00+01:00',
    appointment: { id: `ISPA-${n}`, branch: 'ams', date: '2026-11-26', time: '09:00' },
  };
  change(event);
  return event;
}

const ispa = (body: unknown, options: { inbox?: string; who?: Who } = {}) => ({
  method: 'POST',
  path: `/v2/inboxes/${options.inbox ?? seeds.inbox}/ispa/events`,
  headers: { 'content-type': 'application/json' },
  body: typeof body === 'string' ? body : JSON.stringify(body),
  who: options.who,
});

/** A Keyloop notification (CloudEvents 1.0, structured JSON) with a fresh id. */
function keyloopEvent(change: (e: Record<string, any>) => void = () => {}): Record<string, any> {
  const event: Record<string, any> = {
    specversion: '1.0',
    id: `kl-${++serial}`,
    source: 'https://api.keyloop.io/',
    type: 'com.keyloop.repairorder.updated',
    time: '2026-11-25T07:59:00Z',
    context: { enterpriseId: 'E1', storeId: 'S1' },
    data: { RepairOrderId: `RO-${serial}` },
  };
  change(event);
  return event;
}

const keyloop = (body: unknown, headers: Record<string, string> = {}, who?: Who) => ({
  method: 'POST',
  path: '/v2/keyloop/events',
  headers: { 'content-type': 'application/cloudevents+json', ...headers },
  body: typeof body === 'string' ? body : JSON.stringify(body),
  who,
});

/** Pushed twice: the second push of the same id is what the case sends. */
const repeated = new Map<string, Record<string, any>>();

const ISPA_CASES: EventCase[] = [
  { name: 'no token', send: () => ispa(ispaEvent(), { who: null }), status: 401, code: 'UNAUTHORIZED' },
  { name: 'a wrong token', send: () => ispa(ispaEvent(), { who: { raw: 'Bearer ispa-guess' } }), status: 401, code: 'UNAUTHORIZED' },
  { name: 'an inbox that does not exist', send: () => ispa(ispaEvent(), { inbox: 'no-such-inbox' }), status: 403, code: 'FORBIDDEN', message: /not no-such-inbox/ },
  { name: 'another organisation’s inbox', send: () => ispa(ispaEvent(), { inbox: seeds.inboxB }), status: 403, code: 'FORBIDDEN' },
  { name: 'the other organisation’s token on our inbox', send: () => ispa(ispaEvent(), { who: 'B' }), status: 403, code: 'FORBIDDEN' },
  { name: 'a person’s token instead of an integration’s', send: () => ispa(ispaEvent(), { who: { raw: `Bearer ${seeds.tokenB}` } }), status: 403, code: 'FORBIDDEN', message: /integration\.push/ },
  { name: 'an inbox id of 101 characters', send: () => ispa(ispaEvent(), { inbox: 'i'.repeat(101) }), status: 414, code: 'URL_TOO_LONG' },
  { name: 'broken JSON', send: () => ispa('{"eventId":"x",'), status: 400, code: 'BAD_REQUEST' },
  { name: 'a list of events', send: () => ispa([ispaEvent(), ispaEvent()]), status: 400, code: 'INVALID_REQUEST' },
  { name: 'no event id', send: () => ispa(ispaEvent((e) => delete e.eventId)), status: 400, code: 'INVALID_REQUEST', message: /eventId/ },
  { name: 'an empty event id', send: () => ispa(ispaEvent((e) => (e.eventId = ''))), status: 400, code: 'INVALID_REQUEST', message: /eventId/ },
  { name: 'an event id of 201 characters', send: () => ispa(ispaEvent((e) => (e.eventId = 'e'.repeat(201)))), status: 400, code: 'INVALID_REQUEST', message: /eventId/ },
  { name: 'an event id that is a number', send: () => ispa(ispaEvent((e) => (e.eventId = 42))), status: 400, code: 'INVALID_REQUEST', message: /eventId/ },
  { name: 'no type', send: () => ispa(ispaEvent((e) => delete e.type)), status: 400, code: 'INVALID_REQUEST', message: /type/ },
  { name: 'a type ISPA does not send', send: () => ispa(ispaEvent((e) => (e.type = 'appointment.deleted'))), status: 400, code: 'INVALID_REQUEST', message: /type/ },
  { name: 'an occurredAt in words', send: () => ispa(ispaEvent((e) => (e.occurredAt = 'yesterday'))), status: 400, code: 'INVALID_REQUEST', message: /occurredAt/ },
  { name: 'an occurredAt without a zone', send: () => ispa(ispaEvent((e) => (e.occurredAt = '2026-11-24T09:00:00'))), status: 400, code: 'INVALID_REQUEST', message: /occurredAt/ },
  { name: 'an occurredAt on 30 February', send: () => ispa(ispaEvent((e) => (e.occurredAt = '2026-02-30T09:00:00Z'))), status: 400, code: 'INVALID_REQUEST', message: /occurredAt/ },
  { name: 'an occurredAt as Unix seconds', send: () => ispa(ispaEvent((e) => (e.occurredAt = 1764057600))), status: 400, code: 'INVALID_REQUEST', message: /occurredAt/ },
  { name: 'an occurredAt in the year 9999', send: () => ispa(ispaEvent((e) => (e.occurredAt = '9999-12-31T23:59:59Z'))), status: 422, code: 'OCCURRED_IN_FUTURE', message: /future/ },
  { name: 'a negative sequence', send: () => ispa(ispaEvent((e) => (e.sequence = -1))), status: 400, code: 'INVALID_REQUEST', message: /sequence/ },
  { name: 'a sequence of 1.5', send: () => ispa(ispaEvent((e) => (e.sequence = 1.5))), status: 400, code: 'INVALID_REQUEST', message: /sequence/ },
  { name: 'a sequence past the safe integers', send: () => ispa(ispaEvent((e) => (e.sequence = 2 ** 60))), status: 400, code: 'INVALID_REQUEST', message: /sequence/ },
  { name: 'no appointment', send: () => ispa(ispaEvent((e) => delete e.appointment)), status: 400, code: 'INVALID_REQUEST', message: /appointment/ },
  { name: 'no appointment id', send: () => ispa(ispaEvent((e) => delete e.appointment.id)), status: 400, code: 'INVALID_REQUEST', message: /appointment\.id/ },
  { name: 'an appointment id of spaces', send: () => ispa(ispaEvent((e) => (e.appointment.id = '   '))), status: 400, code: 'INVALID_REQUEST', message: /appointment\.id/ },
  { name: 'a creation without a date', send: () => ispa(ispaEvent((e) => delete e.appointment.date)), status: 400, code: 'INVALID_REQUEST', message: /needs the appointment's date and time/ },
  { name: 'a change without a time', send: () => ispa(ispaEvent((e) => ((e.type = 'appointment.changed'), delete e.appointment.time))), status: 400, code: 'INVALID_REQUEST', message: /date and time/ },
  { name: 'a date of 30 February', send: () => ispa(ispaEvent((e) => (e.appointment.date = '2026-02-30'))), status: 400, code: 'INVALID_REQUEST', message: /appointment\.date/ },
  { name: 'a date in 1899', send: () => ispa(ispaEvent((e) => (e.appointment.date = '1899-12-31'))), status: 400, code: 'INVALID_REQUEST', message: /between 1900 and 2100/ },
  { name: 'a date in 2101', send: () => ispa(ispaEvent((e) => (e.appointment.date = '2101-01-01'))), status: 400, code: 'INVALID_REQUEST', message: /between 1900 and 2100/ },
  { name: 'a date as dd-mm-yyyy', send: () => ispa(ispaEvent((e) => (e.appointment.date = '26-11-2026'))), status: 400, code: 'INVALID_REQUEST', message: /appointment\.date/ },
  { name: 'the time 25:00', send: () => ispa(ispaEvent((e) => (e.appointment.time = '25:00'))), status: 400, code: 'INVALID_REQUEST', message: /appointment\.time/ },
  { name: 'a customer phone of words', send: () => ispa(ispaEvent((e) => (e.appointment.customer = { name: 'Jan', phone: 'bel maar' }))), status: 422, code: 'INVALID_PHONE' },
  { name: 'a customer e-mail without @', send: () => ispa(ispaEvent((e) => (e.appointment.customer = { email: 'jan.example.nl' }))), status: 400, code: 'INVALID_REQUEST', message: /email/ },
  { name: 'a make of 101 characters', send: () => ispa(ispaEvent((e) => (e.appointment.vehicle = { make: 'm'.repeat(101) }))), status: 400, code: 'INVALID_REQUEST', message: /make/ },
  { name: 'a plate of 21 characters', send: () => ispa(ispaEvent((e) => (e.appointment.vehicle = { plate: 'P'.repeat(21) }))), status: 400, code: 'INVALID_REQUEST', message: /plate/ },
  { name: 'a work text of 4001 characters', send: () => ispa(ispaEvent((e) => (e.appointment.work = 'w'.repeat(4001)))), status: 400, code: 'INVALID_REQUEST', message: /work/ },
  { name: 'a branch of 61 characters', send: () => ispa(ispaEvent((e) => (e.appointment.branch = 'b'.repeat(61)))), status: 400, code: 'INVALID_REQUEST', message: /branch/ },
  // Taken, and said what became of it.
  {
    name: 'a good creation',
    send: () => {
      const first = ispaEvent();
      repeated.set('ispa', first);
      return ispa(first);
    },
    status: 200,
    outcome: 'applied',
    stored: ['appointments', 'event_counters', 'events', 'pushed_events', 'pushed_versions'],
  },
  {
    name: 'the same event id again, with other content',
    send: () => {
      const first = repeated.get('ispa')!;
      return ispa({ ...first, appointment: { ...first.appointment, time: '15:00' } });
    },
    status: 200,
    outcome: 'duplicate',
    stored: [],
  },
  {
    name: 'a change older than the one stored',
    send: () => {
      const first = repeated.get('ispa')!;
      return ispa({ ...first, eventId: `${first.eventId}-old`, type: 'appointment.changed', occurredAt: '2026-11-24T08:00:00+01:00', appointment: { ...first.appointment, time: '07:00' } });
    },
    status: 200,
    outcome: 'stale',
    stored: ['pushed_events'],
  },
  { name: 'a cancellation of an appointment never created', send: () => ispa(ispaEvent((e) => ((e.type = 'appointment.cancelled'), delete e.appointment.date, delete e.appointment.time))), status: 200, outcome: 'unknown-appointment', stored: ['pushed_events', 'pushed_versions'] },
  { name: 'a check-in of an appointment never created', send: () => ispa(ispaEvent((e) => (e.type = 'vehicle.checkedIn'))), status: 200, outcome: 'unknown-appointment', stored: ['pushed_events', 'pushed_versions'] },
  { name: 'a formula as the work, kept as text', send: () => ispa(ispaEvent((e) => (e.appointment.work = '=HYPERLINK("http://evil.example","klik")'))), status: 200, outcome: 'applied', stored: ['appointments', 'event_counters', 'events', 'pushed_events', 'pushed_versions'] },
];

const KEYLOOP_CASES: EventCase[] = [
  { name: 'no token', send: () => keyloop(keyloopEvent(), {}, null), status: 401, code: 'UNAUTHORIZED' },
  { name: 'a wrong token', send: () => keyloop(keyloopEvent(), {}, { raw: 'Bearer keyloop-guess' }), status: 401, code: 'UNAUTHORIZED' },
  { name: 'broken JSON', send: () => keyloop('{"specversion":"1.0",'), status: 400, code: 'BAD_REQUEST' },
  { name: 'JSON null', send: () => keyloop('null'), status: 400, code: 'INVALID_REQUEST' },
  { name: 'a JSON string', send: () => keyloop('"event"'), status: 400, code: 'INVALID_REQUEST' },
  { name: 'a batch of CloudEvents', send: () => keyloop(JSON.stringify([keyloopEvent()]), { 'content-type': 'application/cloudevents-batch+json' }), status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' },
  { name: 'specversion 0.3', send: () => keyloop(keyloopEvent((e) => (e.specversion = '0.3'))), status: 400, code: 'INVALID_REQUEST', message: /specversion/ },
  { name: 'no id', send: () => keyloop(keyloopEvent((e) => delete e.id)), status: 400, code: 'INVALID_REQUEST', message: /id/ },
  { name: 'an id of 201 characters', send: () => keyloop(keyloopEvent((e) => (e.id = 'k'.repeat(201)))), status: 400, code: 'INVALID_REQUEST', message: /id/ },
  { name: 'no source', send: () => keyloop(keyloopEvent((e) => delete e.source)), status: 400, code: 'INVALID_REQUEST', message: /source/ },
  { name: 'no type', send: () => keyloop(keyloopEvent((e) => delete e.type)), status: 400, code: 'INVALID_REQUEST', message: /type/ },
  { name: 'a time of 65 characters', send: () => keyloop(keyloopEvent((e) => (e.time = 't'.repeat(65)))), status: 400, code: 'INVALID_REQUEST', message: /time/ },
  { name: 'no tenant in the body or the headers', send: () => keyloop(keyloopEvent((e) => delete e.context)), status: 400, code: 'INVALID_REQUEST', message: /context/ },
  { name: 'an empty store id', send: () => keyloop(keyloopEvent((e) => (e.context.storeId = ''))), status: 400, code: 'INVALID_REQUEST', message: /storeId/ },
  { name: 'data that names no record', send: () => keyloop(keyloopEvent((e) => (e.data = { Status: 'Closed' }))), status: 400, code: 'INVALID_REQUEST', message: /names no record/ },
  { name: 'no data', send: () => keyloop(keyloopEvent((e) => delete e.data)), status: 400, code: 'INVALID_REQUEST', message: /data/ },
  { name: 'a repair order id that is a number', send: () => keyloop(keyloopEvent((e) => (e.data = { RepairOrderId: 1234 }))), status: 400, code: 'INVALID_REQUEST', message: /RepairOrderId/ },
  { name: 'a repair order id of 101 characters', send: () => keyloop(keyloopEvent((e) => (e.data = { RepairOrderId: 'r'.repeat(101) }))), status: 400, code: 'INVALID_REQUEST', message: /RepairOrderId/ },
  { name: 'a prototype smuggled in as __proto__', send: () => keyloop('{"__proto__":{"specversion":"1.0","id":"x","source":"s","type":"t"},"context":{"enterpriseId":"E1","storeId":"S1"},"data":{"RepairOrderId":"RO-1"}}'), status: 400, code: 'INVALID_REQUEST' },
  // Taken.
  { name: 'a good notification', send: () => keyloop(keyloopEvent()), status: 204, stored: ['event_counters', 'events', 'pushed_events'] },
  { name: 'the tenant in the headers of before 1.2.5', send: () => keyloop(keyloopEvent((e) => delete e.context), { 'enterprise-id': 'E1', 'store-id': 'S1' }), status: 204, stored: ['event_counters', 'events', 'pushed_events'] },
  { name: 'an event type nobody listed, naming a repair order (the desktop fetches the record itself)', send: () => keyloop(keyloopEvent((e) => (e.type = 'com.keyloop.something.else'))), status: 204, stored: ['event_counters', 'events', 'pushed_events'] },
  {
    name: 'the same id delivered again',
    send: () => {
      const first = keyloopEvent();
      repeated.set('keyloop', first);
      return keyloop(first);
    },
    status: 204,
    stored: ['event_counters', 'events', 'pushed_events'],
  },
  { name: 'the same id a second time', send: () => keyloop(repeated.get('keyloop')!), status: 204, stored: [] },
];

describe('bad input: ISPA Next and Keyloop events', () => {
  const clock = manualClock(NOW);
  let system: Awaited<ReturnType<typeof startSystem>>;
  let address = 10;

  before(async () => {
    system = await startSystem({ clock });
    seeds.inbox = (await call(system.backend.url, system.org.token, 'GET', '/v2/organization')).body.inboxes[0].id;
    const b = await system.backend.store.organizations.create(
      { name: 'Garage Anders', inboxes: [{ name: 'Balie', kind: 'dealership', zone: 'Europe/Brussels', country: 'BE' }], user: { name: 'Piet' } },
      clock.now(),
    );
    seeds.tokenB = b.token;
    seeds.inboxB = b.inboxIds[0]!;
    seeds.ispaA = await integrationToken(system.backend.url, system.org.token, 'ispa', [seeds.inbox]);
    seeds.keyloopA = await integrationToken(system.backend.url, system.org.token, 'keyloop', [seeds.inbox]);
    seeds.ispaB = await integrationToken(system.backend.url, seeds.tokenB, 'ispa', [seeds.inboxB]);
    // A first use of each token notes it in its session; the cases below compare what else they write.
    for (const token of [seeds.ispaA, seeds.keyloopA, seeds.ispaB]) await call(system.backend.url, token, 'POST', '/v2/keyloop/events', {});
  });
  after(async () => {
    await system.backend.close();
    await system.simulator.close();
  });

  const send = (request: RawRequest & { who?: Who }) => {
    const who = request.who === undefined ? 'A' : request.who;
    const own = request.path.includes('/ispa/') ? seeds.ispaA : seeds.keyloopA;
    const authorization = who === 'A' ? `Bearer ${own}` : who === 'B' ? `Bearer ${seeds.ispaB}` : who?.raw;
    // Each case from its own loopback address, so the wrong-token cases do not lock the others out.
    return rawRequest(system.backend.url, { ...request, headers: { ...request.headers, ...(authorization ? { authorization } : {}) }, from: `127.0.0.${address++}` });
  };

  const stillUp = async () => {
    assert.equal((await call(system.backend.url, system.org.token, 'GET', '/v2/organization')).status, 200, 'a good request after it is answered');
  };

  for (const [system_, cases] of [['ISPA Next', ISPA_CASES], ['Keyloop', KEYLOOP_CASES]] as const) {
    describe(system_, () => {
      for (const c of cases) {
        const outcome = c.code ? `${c.status} ${c.code}, nothing kept` : `${c.status}${c.outcome ? ` ${c.outcome}` : ''}`;
        it(`${c.name}: ${outcome}`, async () => {
          const before = await storeFingerprint(system.dataFile);
          const answer = await send(c.send());
          assert.equal(answer.status, c.status, answer.text.slice(0, 300));
          if (c.code) assertErrorBody(answer.json, c.code, c.message);
          if (c.outcome) assert.equal(answer.json.outcome, c.outcome);
          assert.deepEqual(changedTables(before, await storeFingerprint(system.dataFile)), c.stored ?? [], 'what was written');
          await stillUp();
        });
      }
    });
  }

  it('an event refused for a wrong value is taken when it is sent again put right, and a far-future event did not block later ones', async () => {
    const refused = ispaEvent((e) => (e.appointment.customer = { phone: '0612' }));
    assert.equal((await send(ispa(refused))).status, 422);
    const fixed = await send(ispa({ ...refused, appointment: { ...refused.appointment, customer: { phone: '0612345678' } } }));
    assert.equal(fixed.json.outcome, 'applied', 'the refused event was not recorded as seen');

    const created = ispaEvent();
    assert.equal((await send(ispa(created))).json.outcome, 'applied');
    const future = { ...created, eventId: `${created.eventId}-future`, type: 'appointment.changed', occurredAt: '9999-01-01T00:00:00Z', appointment: { ...created.appointment, time: '23:00' } };
    assert.equal((await send(ispa(future))).status, 422);
    const next = { ...created, eventId: `${created.eventId}-next`, type: 'appointment.changed', occurredAt: '2026-11-25T08:30:00+01:00', appointment: { ...created.appointment, time: '11:00' } };
    const answer = await send(ispa(next));
    assert.equal(answer.json.outcome, 'applied');
    const stored = await system.backend.store.appointments.bySource(system.org.organizationId, 'ispa', 'ams', created.appointment.id);
    assert.equal(stored?.time, '11:00');
  });
});
