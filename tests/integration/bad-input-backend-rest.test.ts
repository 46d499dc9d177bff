import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { FIELD_LIMITS, type LimitedField } from '../../src/api/limits';
import { call, startSystem } from '../support/backend';
import { manualClock } from '../support/desktop';
import { assertErrorBody, changedTables, storeFingerprint, rawRequest, type RawRequest } from '../support/bad-input';

/*
 * Hostile and malformed requests at the backend's /v2 API, one line each with the answer it
 * must get. Every case also shows that the store did not change (a fingerprint of every
 * table, read from the file), and that the server still answers a good request.
 */

type Who = 'A' | 'B' | null | { raw: string };

interface Refusal {
  name: string;
  method?: string;
  /** A function when it names something made in before(). */
  path: string | (() => string);
  who?: Who;
  /** A header given as undefined is left out (no Content-Type at all). */
  headers?: Record<string, string | undefined>;
  /** An object is sent as JSON; a string or Buffer exactly as it is. */
  body?: unknown;
  status: number;
  code: string;
  message?: RegExp;
}

const seeds = {
  inbox: '',
  inboxB: '',
  appointment: '',
  appointmentB: '',
  conversation: '',
  conversationB: '',
  tokenB: '',
};

const good = (fields: Record<string, unknown> = {}) => ({
  inbox: seeds.inbox,
  source: 'planit',
  sourceId: `GOOD-${Math.random().toString(36).slice(2)}`,
  date: '2026-11-26',
  time: '09:00',
  ...fields,
});

const json = (body: unknown) => JSON.stringify(body);
const conv = (suffix = '') => () => `/v2/conversations/${seeds.conversation}${suffix}`;
const appt = () => `/v2/appointments/${seeds.appointment}`;

const REFUSALS: Refusal[] = [
  // Addresses and HTTP itself.
  { name: 'an unknown route', path: '/v2/nope', status: 404, code: 'NOT_FOUND' },
  { name: 'a route outside /v2', path: '/.env', status: 404, code: 'NOT_FOUND' },
  { name: 'a path-traversal address', path: '/v2/../../etc/passwd', status: 404, code: 'NOT_FOUND' },
  { name: 'a known route with the wrong method', method: 'DELETE', path: '/v2/appointments', status: 405, code: 'METHOD_NOT_ALLOWED', message: /POST/ },
  { name: 'an id of 101 characters', path: `/v2/conversations/${'x'.repeat(101)}`, status: 414, code: 'URL_TOO_LONG' },
  { name: 'an address of 20 KB', path: `/v2/contacts?q=${'x'.repeat(20_000)}`, status: 431, code: 'HEADERS_TOO_LARGE' },
  { name: 'a header of 20 KB', path: '/v2/organization', headers: { 'x-junk': 'y'.repeat(20_000) }, status: 431, code: 'HEADERS_TOO_LARGE' },
  { name: 'a %-escape that does not decode', path: '/v2/conversations/%E0%A4%A', status: 400, code: 'BAD_URL' },
  { name: 'the event stream asked without a WebSocket upgrade', path: '/v2/events/stream', status: 426, code: 'UPGRADE_REQUIRED' },
  // Bodies.
  { name: 'a body over 1 MB', method: 'POST', path: '/v2/appointments', body: { ...good(), work: 'x'.repeat(1024 * 1024) }, status: 413, code: 'BODY_TOO_LARGE' },
  {
    name: 'a batch of 500 rows over 1 MB',
    method: 'POST',
    path: '/v2/appointments/batch',
    body: { appointments: Array.from({ length: 500 }, (_, i) => ({ sourceId: `BIG-${i}`, work: 'w'.repeat(2500) })) },
    status: 413,
    code: 'BODY_TOO_LARGE',
  },
  { name: 'a text/plain body', method: 'POST', path: '/v2/appointments', headers: { 'content-type': 'text/plain' }, body: '{}', status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' },
  { name: 'a body without a Content-Type', method: 'POST', path: '/v2/appointments', headers: { 'content-type': undefined }, body: '{}', status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' },
  { name: 'a multipart body', method: 'POST', path: '/v2/appointments', headers: { 'content-type': 'multipart/form-data; boundary=x' }, body: '--x--', status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' },
  { name: 'broken JSON', method: 'POST', path: '/v2/appointments', body: '{"inbox":', status: 400, code: 'BAD_REQUEST', message: /not valid JSON/ },
  // No store keeps a NUL the same way (PostgreSQL refuses it): the request is refused whichever the backend runs on.
  { name: 'a NUL in a row’s make', method: 'POST', path: '/v2/appointments/batch', body: { appointments: [{ make: 'Vo\u0000lvo' }] }, status: 400, code: 'BAD_REQUEST', message: /holds a NUL character/ },
  { name: 'a NUL in a note', method: 'POST', path: conv('/messages'), body: { type: 'chat', isBackchannel: true, text: 'klaar\u0000' }, status: 400, code: 'BAD_REQUEST', message: /holds a NUL character/ },
  { name: 'a NUL in a key', method: 'POST', path: '/v2/conversations', body: { contact: { profile: { ['na\u0000me']: 'x' } } }, status: 400, code: 'BAD_REQUEST', message: /holds a NUL character/ },
  { name: 'JSON null', method: 'POST', path: '/v2/appointments', body: 'null', status: 400, code: 'INVALID_REQUEST' },
  { name: 'a JSON array for an object', method: 'POST', path: '/v2/appointments', body: '[]', status: 400, code: 'INVALID_REQUEST' },
  { name: 'a form body where JSON is taken', method: 'POST', path: '/v2/appointments', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'inbox=x&source=planit', status: 400, code: 'INVALID_REQUEST' },
  // Tokens.
  { name: 'no token', path: '/v2/organization', who: null, status: 401, code: 'UNAUTHORIZED', message: /Bearer/ },
  { name: 'a wrong token', path: '/v2/organization', who: { raw: 'Bearer not-a-token' }, status: 401, code: 'UNAUTHORIZED' },
  { name: 'Basic credentials', path: '/v2/organization', who: { raw: 'Basic YWRtaW46YWRtaW4=' }, status: 401, code: 'UNAUTHORIZED' },
  { name: 'a token of 10 KB', path: '/v2/organization', who: { raw: `Bearer ${'t'.repeat(10_000)}` }, status: 401, code: 'UNAUTHORIZED' },
  { name: 'a write with no token', method: 'POST', path: '/v2/appointments', who: null, body: good(), status: 401, code: 'UNAUTHORIZED' },
  { name: 'another organisation’s conversation', path: conv(), who: 'B', status: 404, code: 'NOT_FOUND' },
  { name: 'another organisation’s messages', path: conv('/messages'), who: 'B', status: 404, code: 'NOT_FOUND' },
  { name: 'a move of another organisation’s card', method: 'PATCH', path: appt, who: 'B', body: { column: 'finished' }, status: 404, code: 'NOT_FOUND' },
  { name: 'a note in another organisation’s conversation', method: 'POST', path: conv('/messages'), who: 'B', body: { text: 'hi', isBackchannel: true }, status: 404, code: 'NOT_FOUND' },
  { name: 'an appointment in another organisation’s inbox', method: 'POST', path: '/v2/appointments', body: 'INBOX_B', status: 404, code: 'NOT_FOUND', message: /inbox/ },
  // Idempotency keys.
  { name: 'an Idempotency-Key of 3 characters', method: 'PATCH', path: appt, headers: { 'idempotency-key': 'abc' }, body: { column: 'ready' }, status: 400, code: 'INVALID_REQUEST' },
  { name: 'an Idempotency-Key of 201 characters', method: 'POST', path: conv('/messages'), headers: { 'idempotency-key': 'k'.repeat(201) }, body: { text: 'x', isBackchannel: true }, status: 400, code: 'INVALID_REQUEST' },
  {
    name: 'a note’s Idempotency-Key reused for other text',
    method: 'POST',
    path: conv('/messages'),
    headers: { 'idempotency-key': 'note-key-0001' },
    body: { text: 'Iets heel anders', isBackchannel: true },
    status: 422,
    code: 'IDEMPOTENCY_KEY_REUSED',
  },
  {
    name: 'a move’s Idempotency-Key reused for another move',
    method: 'PATCH',
    path: appt,
    headers: { 'idempotency-key': 'move-key-0001' },
    body: { column: 'finished' },
    status: 422,
    code: 'IDEMPOTENCY_KEY_REUSED',
  },
  {
    name: 'a move’s Idempotency-Key reused for another card',
    method: 'PATCH',
    path: () => `/v2/appointments/${seeds.appointmentB}`,
    headers: { 'idempotency-key': 'move-key-0001' },
    body: { column: 'in_service' },
    status: 422,
    code: 'IDEMPOTENCY_KEY_REUSED',
  },
  // Paging and queries.
  { name: 'a cursor that is not one', path: '/v2/contacts?after=garbage', status: 400, code: 'INVALID_REQUEST', message: /cursor/ },
  { name: 'a cursor past the safe integers', path: '/v2/contacts?after=zzzzzzzzzzz.zzzzzzzzzzz', status: 400, code: 'INVALID_REQUEST', message: /cursor/ },
  { name: 'a cursor with a NUL', path: () => `/v2/conversations/${seeds.conversation}/messages?before=1%00.2`, status: 400, code: 'BAD_URL' },
  { name: 'a rejected-webhooks cursor of three parts', path: '/v2/rejected-webhooks?before=1.2.3', status: 400, code: 'INVALID_REQUEST' },
  { name: 'a page of 0', path: '/v2/contacts?limit=0', status: 400, code: 'INVALID_REQUEST' },
  { name: 'a page of 100000', path: conv('/messages?limit=100000'), status: 400, code: 'INVALID_REQUEST' },
  { name: 'a page size twice', path: '/v2/contacts?limit=1&limit=2', status: 400, code: 'INVALID_REQUEST' },
  { name: 'an unknown query parameter', path: '/v2/contacts?admin=1', status: 400, code: 'INVALID_REQUEST' },
  { name: 'events since -1', path: '/v2/events?since=-1', status: 400, code: 'INVALID_REQUEST' },
  { name: 'events since 1e400', path: '/v2/events?since=1e400', status: 400, code: 'INVALID_REQUEST' },
  { name: 'a search of 201 characters', path: `/v2/contacts?q=${'q'.repeat(201)}`, status: 400, code: 'INVALID_REQUEST' },
  // Single upserts: types, missing fields, dates.
  { name: 'an appointment without an inbox', method: 'POST', path: '/v2/appointments', body: 'NO_INBOX', status: 400, code: 'INVALID_REQUEST', message: /inbox/ },
  { name: 'a date as a number', method: 'POST', path: '/v2/appointments', body: 'DATE_NUMBER', status: 400, code: 'INVALID_REQUEST', message: /date/ },
  { name: 'cancelled as "yes"', method: 'POST', path: '/v2/appointments', body: 'CANCELLED_TEXT', status: 400, code: 'INVALID_REQUEST', message: /cancelled/ },
  { name: 'a contact that is a string', method: 'POST', path: '/v2/appointments', body: 'CONTACT_STRING', status: 400, code: 'INVALID_REQUEST', message: /contact/ },
  { name: 'a make of 101 characters', method: 'POST', path: '/v2/appointments', body: 'MAKE_101', status: 400, code: 'INVALID_REQUEST', message: /make: is longer than 100 characters/ },
  { name: 'a phone that is no number', method: 'POST', path: '/v2/appointments', body: 'PHONE_WORDS', status: 422, code: 'INVALID_PHONE' },
  { name: 'a batch that is not a list', method: 'POST', path: '/v2/appointments/batch', body: { appointments: {} }, status: 400, code: 'INVALID_REQUEST' },
  { name: 'an empty batch', method: 'POST', path: '/v2/appointments/batch', body: { appointments: [] }, status: 400, code: 'INVALID_REQUEST' },
  { name: 'a batch of 501 rows', method: 'POST', path: '/v2/appointments/batch', body: { appointments: Array.from({ length: 501 }, () => ({})) }, status: 400, code: 'INVALID_REQUEST' },
  // Board state.
  { name: 'a column that does not exist', method: 'PATCH', path: appt, body: { column: 'done' }, status: 400, code: 'INVALID_REQUEST' },
  { name: 'a position of 1e999', method: 'PATCH', path: appt, body: '{"position":1e999}', status: 400, code: 'INVALID_REQUEST' },
  { name: 'a move that changes nothing', method: 'PATCH', path: appt, body: {}, status: 400, code: 'INVALID_REQUEST' },
  { name: 'a move of a card that does not exist', method: 'PATCH', path: '/v2/appointments/no-such-card', body: { column: 'ready' }, status: 404, code: 'NOT_FOUND' },
  // Messages.
  { name: 'a message of 4097 characters', method: 'POST', path: conv('/messages'), body: { text: 'm'.repeat(4097), isBackchannel: true }, status: 400, code: 'INVALID_REQUEST' },
  { name: 'a chat message without text', method: 'POST', path: conv('/messages'), body: { type: 'chat', text: '   ' }, status: 400, code: 'INVALID_REQUEST', message: /needs text/ },
  { name: 'a message forged as the customer’s', method: 'POST', path: conv('/messages'), body: { role: 'contact', text: 'I cancel', isBackchannel: true }, status: 400, code: 'INVALID_REQUEST' },
  { name: 'a touchpoint that does not exist', method: 'POST', path: conv('/messages'), body: { text: 'hi', touchpoint: 'telegram' }, status: 400, code: 'INVALID_REQUEST' },
  { name: 'a template with 21 parameters', method: 'POST', path: conv('/messages'), body: { type: 'template', template: { name: 'x', language: 'nl', parameters: Array(21).fill('p') } }, status: 400, code: 'INVALID_REQUEST' },
  { name: 'a template on the back channel', method: 'POST', path: conv('/messages'), body: { type: 'template', isBackchannel: true, template: { name: 'x', language: 'nl' } }, status: 400, code: 'INVALID_REQUEST' },
  // Contacts, templates, tokens, leases, settings.
  { name: 'a contact without name, phone or e-mail', method: 'POST', path: '/v2/conversations', body: { contact: { profile: {} } }, status: 422, code: 'CONTACT_EMPTY' },
  { name: 'an e-mail address without @', method: 'POST', path: '/v2/conversations', body: { contact: { profile: { email: 'jan.example.nl' } } }, status: 400, code: 'INVALID_REQUEST' },
  {
    name: 'a template name with spaces and capitals',
    method: 'POST',
    path: '/v2/watemplates',
    body: { name: 'Bad Name', title: 'Klaar', language: 'nl', category: 'UTILITY', body: 'Uw auto is klaar.' },
    status: 400,
    code: 'INVALID_REQUEST',
    message: /name: use lower-case letters, digits and _/,
  },
  { name: 'a token without a label', method: 'POST', path: '/v2/tokens', body: { label: '  ' }, status: 400, code: 'INVALID_REQUEST' },
  { name: 'a lease name with a slash escaped into it', method: 'PUT', path: '/v2/leases/a%2Fb', body: { holder: 'pc-1', ttlSeconds: 60 }, status: 400, code: 'INVALID_REQUEST' },
  { name: 'a lease of 0 seconds', method: 'PUT', path: '/v2/leases/planit', body: { holder: 'pc-1', ttlSeconds: 0 }, status: 400, code: 'INVALID_REQUEST' },
  { name: 'a source status with a negative count', method: 'PUT', path: '/v2/source-status/planit', body: { name: 'P', pulledBy: 'pc', kind: 'planit', enabled: true, lastRun: null, nextRunAt: null, failuresInARow: -1, lastError: null, quarantinedOpen: 0 }, status: 400, code: 'INVALID_REQUEST' },
  { name: 'a webhook to a file: address', method: 'PUT', path: '/v2/webhook', body: { url: 'file:///etc/passwd', secret: 's'.repeat(20) }, status: 400, code: 'INVALID_REQUEST', message: /http/ },
  { name: 'a webhook to javascript:', method: 'PUT', path: '/v2/webhook', body: { url: 'javascript:alert(1)', secret: 's'.repeat(20) }, status: 400, code: 'INVALID_REQUEST', message: /http/ },
  {
    name: 'reminder settings for a template that does not exist',
    method: 'PUT',
    path: () => `/v2/inboxes/${seeds.inbox}/reminders`,
    body: { enabled: true, template: { name: 'nope', language: 'nl' }, when: { kind: 'day_before', at: '17:00' } },
    status: 422,
    code: 'REMINDER_TEMPLATE',
    message: /"nope" \(nl\) does not exist/,
  },
];

/** Named bodies that need an inbox from before(). */
function namedBody(name: string): unknown {
  switch (name) {
    case 'INBOX_B':
      return good({ inbox: seeds.inboxB });
    case 'NO_INBOX':
      return { ...good(), inbox: undefined };
    case 'DATE_NUMBER':
      return good({ date: 20261126 });
    case 'CANCELLED_TEXT':
      return good({ cancelled: 'yes' });
    case 'CONTACT_STRING':
      return good({ contact: 'Jan de Vries' });
    case 'MAKE_101':
      return good({ make: 'm'.repeat(101) });
    case 'PHONE_WORDS':
      return good({ contact: { profile: { name: 'Jan', telephone: 'bel mij maar' } } });
    default:
      return undefined;
  }
}

/** A row of a batch beside good ones: refused with its code and field, or stored whole. */
interface RowCase {
  name: string;
  row: () => Record<string, unknown>;
  refused?: { code: string; field: string | null; params?: Record<string, number> };
}

/** A value exactly `length` long for a field, valid for it. */
function valueOf(field: LimitedField, length: number): string {
  switch (field) {
    case 'phone':
      // As a dealer types it: a valid number with as many separators as fill the length.
      return `+31 6 ${'-'.repeat(length - 15)}1234 5678`;
    case 'email':
      return `${'e'.repeat(length - '@garage.nl'.length)}@garage.nl`;
    default:
      return field.slice(0, 1).repeat(length);
  }
}

function withField(field: LimitedField, value: string): Record<string, unknown> {
  const row = good();
  if (field === 'customerName') return { ...row, contact: { profile: { name: value } } };
  if (field === 'phone') return { ...row, contact: { profile: { telephone: value } } };
  if (field === 'email') return { ...row, contact: { profile: { email: value } } };
  if (field === 'customerId') return { ...row, contact: { profile: { name: 'Jan', customerId: value } } };
  return { ...row, [field]: value };
}

const LIMIT_ROWS: RowCase[] = (Object.keys(FIELD_LIMITS) as LimitedField[]).flatMap((field) => [
  { name: `${field} at its limit of ${FIELD_LIMITS[field]}`, row: () => withField(field, valueOf(field, FIELD_LIMITS[field])) },
  {
    name: `${field} one past its limit`,
    row: () => withField(field, valueOf(field, FIELD_LIMITS[field] + 1)),
    refused: { code: 'tooLong', field, params: { max: FIELD_LIMITS[field] } },
  },
]);

const DATE_ROWS: RowCase[] = [
  { name: 'the first day of 1900', row: () => good({ date: '1900-01-01' }) },
  { name: 'the last day of 2100', row: () => good({ date: '2100-12-31' }) },
  { name: 'a leap day', row: () => good({ date: '2024-02-29' }) },
  { name: 'the last day of 1899', row: () => good({ date: '1899-12-31' }), refused: { code: 'invalid', field: 'date' } },
  { name: 'the first day of 2101', row: () => good({ date: '2101-01-01' }), refused: { code: 'invalid', field: 'date' } },
  { name: 'the year 0001', row: () => good({ date: '0001-01-01' }), refused: { code: 'invalid', field: 'date' } },
  { name: 'a 29 February outside a leap year', row: () => good({ date: '2025-02-29' }), refused: { code: 'invalid', field: 'date' } },
  { name: 'a 30 February', row: () => good({ date: '2026-02-30' }), refused: { code: 'invalid', field: 'date' } },
  { name: 'month 13', row: () => good({ date: '2026-13-01' }), refused: { code: 'invalid', field: 'date' } },
  { name: 'day 00', row: () => good({ date: '2026-01-00' }), refused: { code: 'invalid', field: 'date' } },
  { name: 'a date without dashes', row: () => good({ date: '20261126' }), refused: { code: 'invalid', field: 'date' } },
  { name: 'a Dutch date', row: () => good({ date: '26-11-2026' }), refused: { code: 'invalid', field: 'date' } },
  { name: 'a date with a time', row: () => good({ date: '2026-11-26T09:00:00Z' }), refused: { code: 'invalid', field: 'date' } },
  { name: 'a six-digit year', row: () => good({ date: '+02026-11-26' }), refused: { code: 'invalid', field: 'date' } },
  { name: 'the time 24:00', row: () => good({ time: '24:00' }), refused: { code: 'invalid', field: 'time' } },
  { name: 'the time 9:00', row: () => good({ time: '9:00' }), refused: { code: 'invalid', field: 'time' } },
  { name: 'the time 09:60', row: () => good({ time: '09:60' }), refused: { code: 'invalid', field: 'time' } },
];

const OTHER_ROWS: RowCase[] = [
  { name: 'a row without a source id', row: () => ({ ...good(), sourceId: undefined }), refused: { code: 'invalid', field: 'sourceId' } },
  { name: 'a row with an empty source id', row: () => good({ sourceId: '   ' }), refused: { code: 'invalid', field: 'sourceId' } },
  { name: 'a row without a date', row: () => ({ ...good(), date: undefined }), refused: { code: 'invalid', field: 'date' } },
  { name: 'a row with a numeric plate', row: () => good({ plate: 12345 }), refused: { code: 'invalid', field: 'plate' } },
  { name: 'a row that is a string', row: () => 'row' as unknown as Record<string, unknown>, refused: { code: 'invalid', field: null } },
  { name: 'a row of an unknown inbox', row: () => good({ inbox: 'no-such-inbox' }), refused: { code: 'inboxNotFound', field: 'inbox' } },
  { name: 'a row in another organisation’s inbox', row: () => good({ inbox: seeds.inboxB }), refused: { code: 'inboxNotFound', field: 'inbox' } },
  { name: 'a row with a phone of words', row: () => withField('phone', 'geen nummer'), refused: { code: 'invalidPhoneNumber', field: 'phone' } },
  { name: 'a row with an e-mail without a dot', row: () => withField('email', 'jan@garage'), refused: { code: 'invalid', field: 'email' } },
  { name: 'a row that names its own organisation', row: () => good({ organization: 'other-org', make: 'BMW' }) },
  { name: 'a row with a formula as its work', row: () => good({ work: '=HYPERLINK("http://evil.example","klik")' }) },
];

describe('bad input: the backend’s REST API', () => {
  const clock = manualClock(Date.parse('2026-11-25T08:00:00Z'));
  let system: Awaited<ReturnType<typeof startSystem>>;
  let addressCount = 10;
  const api = (method: string, path: string, body?: unknown, headers?: Record<string, string>, token = system.org.token) =>
    call(system.backend.url, token, method, path, body, headers);

  before(async () => {
    system = await startSystem({ clock });
    const b = await system.backend.store.organizations.create(
      { name: 'Garage Anders', inboxes: [{ name: 'Balie', kind: 'dealership', zone: 'Europe/Brussels', country: 'BE' }], user: { name: 'Piet' } },
      clock.now(),
    );
    seeds.tokenB = b.token;
    seeds.inboxB = b.inboxIds[0]!;
    seeds.inbox = (await api('GET', '/v2/organization')).body.inboxes[0].id;
    const a = await api('POST', '/v2/appointments', good({ sourceId: 'SEED-1' }));
    assert.equal(a.status, 200, JSON.stringify(a.body));
    seeds.appointment = a.body.id;
    seeds.appointmentB = (await api('POST', '/v2/appointments', good({ sourceId: 'SEED-2' }))).body.id;
    assert.equal((await api('PATCH', `/v2/appointments/${seeds.appointment}`, { column: 'in_service' }, { 'idempotency-key': 'move-key-0001' })).status, 200);
    const c = await api('POST', '/v2/conversations', { contact: { profile: { name: 'Jan de Vries', telephone: '+31612345678' } } });
    seeds.conversation = c.body.id;
    const note = await api('POST', `/v2/conversations/${seeds.conversation}/messages`, { text: 'Klant belt terug', isBackchannel: true }, { 'idempotency-key': 'note-key-0001' });
    assert.equal(note.status, 201);
    seeds.conversationB = (await api('POST', '/v2/conversations', { contact: { profile: { name: 'Els' } } }, undefined, seeds.tokenB)).body.id;
    for (const name of ['100% Garage', 'Auto_Smit', 'Back\\slash BV', 'Autosmit']) {
      assert.equal((await api('POST', '/v2/conversations', { contact: { profile: { name } } })).status, 201);
    }
  });
  after(async () => {
    await system.backend.close();
    await system.simulator.close();
  });

  const stillUp = async () => {
    const answer = await api('GET', '/v2/organization');
    assert.equal(answer.status, 200, 'a good request after it is answered');
    assert.equal(answer.body.name, 'Autobedrijf Test');
  };

  function requestOf(c: Refusal): RawRequest {
    const who = c.who === undefined ? 'A' : c.who;
    const headers: Record<string, string> = {};
    if (who === 'A') headers.authorization = `Bearer ${system.org.token}`;
    else if (who === 'B') headers.authorization = `Bearer ${seeds.tokenB}`;
    else if (who) headers.authorization = who.raw;
    let body: string | Buffer | undefined;
    const named = typeof c.body === 'string' ? namedBody(c.body) : undefined;
    if (named !== undefined) body = json(named);
    else if (typeof c.body === 'string' || Buffer.isBuffer(c.body)) body = c.body;
    else if (c.body !== undefined) body = json(c.body);
    if (body !== undefined && !(c.headers && 'content-type' in c.headers)) headers['content-type'] = 'application/json';
    // Each case from its own loopback address: the wrong-token cases do not add up to a lock-out of the others.
    const from = `127.0.0.${addressCount++}`;
    const given = Object.entries({ ...headers, ...c.headers }).filter((entry): entry is [string, string] => entry[1] !== undefined);
    return { method: c.method ?? 'GET', path: typeof c.path === 'function' ? c.path() : c.path, headers: Object.fromEntries(given), body, from };
  }

  for (const c of REFUSALS) {
    it(`${c.name}: ${c.status} ${c.code}, nothing stored`, async () => {
      const before = await storeFingerprint(system.dataFile);
      const answer = await rawRequest(system.backend.url, requestOf(c));
      assert.equal(answer.status, c.status, answer.text.slice(0, 300));
      assertErrorBody(answer.json, c.code, c.message);
      assert.deepEqual(changedTables(before, await storeFingerprint(system.dataFile)), [], 'nothing was written');
      await stillUp();
    });
  }

  describe('rows of a batch, each beside two good rows', () => {
    for (const c of [...LIMIT_ROWS, ...DATE_ROWS, ...OTHER_ROWS]) {
      it(`${c.name}: ${c.refused ? `refused ${c.refused.code} (${c.refused.field})` : 'stored whole'}, the good rows beside it stored`, async () => {
        const rows: Array<Record<string, unknown>> = [good(), c.row(), good()];
        const sent = rows[1]!;
        const answer = await api('POST', '/v2/appointments/batch', { appointments: rows });
        assert.equal(answer.status, 200, JSON.stringify(answer.body).slice(0, 300));
        const [first, middle, last] = answer.body.results;
        for (const [i, result] of [first, last].entries()) {
          assert.equal(result.status, 'stored', 'the good row beside it is stored');
          const row = rows[i * 2] as { sourceId: string };
          assert.ok(await system.backend.store.appointments.bySource(system.org.organizationId, 'planit', '', row.sourceId));
        }
        const text = (value: unknown, fallback: string) => (typeof value === 'string' ? value.trim() : fallback);
        const stored =
          typeof sent === 'object' && typeof sent.sourceId === 'string'
            ? await system.backend.store.appointments.bySource(system.org.organizationId, text(sent.source, ''), text(sent.branch, ''), sent.sourceId.trim())
            : undefined;
        if (c.refused) {
          assert.equal(middle.status, 'refused');
          assert.equal(middle.error.code, c.refused.code, JSON.stringify(middle.error));
          assert.equal(middle.error.field, c.refused.field, JSON.stringify(middle.error));
          assert.deepEqual(middle.error.params, c.refused.params ?? {});
          assert.ok(middle.error.message.length > 10, 'the refusal in words');
          assert.equal(stored, undefined, 'the refused row is not stored');
        } else {
          assert.equal(middle.status, 'stored', JSON.stringify(middle));
          assert.ok(stored, 'stored under its own key');
          // Stored whole: every text field as sent, nothing cut to fit.
          for (const key of ['plate', 'make', 'model', 'work', 'workOrder', 'owner', 'branch', 'sourceId', 'source'] as const) {
            if (typeof sent[key] === 'string') assert.equal(middle.appointment[key], sent[key], key);
          }
          const profile = (sent.contact as { profile?: Record<string, string> } | undefined)?.profile;
          if (profile) {
            const contact = await system.backend.store.contacts.get(system.org.organizationId, middle.appointment.contact);
            if (profile.name) assert.equal(contact?.profile.name, profile.name);
            if (profile.email) assert.equal(contact?.profile.email, profile.email);
            if (profile.telephone) assert.equal(contact?.profile.telephone, '+31612345678');
          }
          assert.equal(Object.hasOwn(middle.appointment, 'organization'), false, 'a field the API does not have is not taken');
        }
        await stillUp();
      });
    }
  });

  describe('searches take % _ and \\ as themselves', () => {
    const SEARCHES: Array<{ query: string; names: string[] }> = [
      { query: 'q=%25', names: ['100% Garage'] },
      { query: 'q=_', names: ['Auto_Smit'] },
      { query: 'q=%5C', names: ['Back\\slash BV'] },
      { query: 'q=to_mit', names: [] },
      { query: 'profile.name=%25', names: ['100% Garage'] },
      { query: 'profile.name=auto_', names: ['Auto_Smit'] },
      { query: 'q=%25%25', names: [] },
      { query: 'q=smit', names: ['Auto_Smit', 'Autosmit'] },
    ];
    for (const s of SEARCHES) {
      it(`GET /v2/contacts?${s.query} finds ${s.names.length ? s.names.join(', ') : 'nobody'}`, async () => {
        const answer = await api('GET', `/v2/contacts?${s.query}`);
        assert.equal(answer.status, 200);
        assert.deepEqual(answer.body.data.map((c: { profile: { name: string } }) => c.profile.name).sort(), s.names);
      });
    }
  });

  it('a token of one organisation does not reach another’s Idempotency-Key: the same key is a new note there', async () => {
    const answer = await api('POST', `/v2/conversations/${seeds.conversationB}/messages`, { text: 'Klant belt terug', isBackchannel: true }, { 'idempotency-key': 'note-key-0001' }, seeds.tokenB);
    assert.equal(answer.status, 201);
    assert.equal(answer.body.conversation, seeds.conversationB);
    const mine = await api('GET', `/v2/conversations/${seeds.conversation}/messages`);
    assert.equal(mine.body.data.filter((m: { text: string }) => m.text === 'Klant belt terug').length, 1, 'the first organisation’s note is untouched');
  });

  it('a lower-case "bearer" is the same scheme (RFC 9110 §11.1)', async () => {
    const answer = await rawRequest(system.backend.url, { path: '/v2/organization', headers: { authorization: `bearer ${system.org.token}` } });
    assert.equal(answer.status, 200, answer.text);
  });

  it('a wrong token tried again and again is slowed down with a 429 in the same shape; other addresses are still served', async () => {
    const from = '127.0.0.250';
    for (let i = 0; i < 5; i++) {
      const wrong = await rawRequest(system.backend.url, { path: '/v2/organization', headers: { authorization: 'Bearer guess' }, from });
      assert.equal(wrong.status, 401);
    }
    const slowed = await rawRequest(system.backend.url, { path: '/v2/organization', headers: { authorization: 'Bearer guess' }, from });
    assert.equal(slowed.status, 429);
    assertErrorBody(slowed.json, 'TOO_MANY_ATTEMPTS', /try again in \d+ s/);
    await stillUp();
  });

  it('after all of it the event log has no gap and every good row is there', async () => {
    const events = await api('GET', '/v2/events?since=0&limit=1000');
    const seqs = events.body.data.map((e: { seq: number }) => e.seq);
    assert.deepEqual(seqs, seqs.map((_: number, i: number) => i + 1));
    const stored = events.body.data.filter((e: { type: string }) => e.type === 'appointment.upsert').length;
    const expected = 2 + 2 * (LIMIT_ROWS.length + DATE_ROWS.length + OTHER_ROWS.length) + [...LIMIT_ROWS, ...DATE_ROWS, ...OTHER_ROWS].filter((c) => !c.refused).length;
    assert.equal(stored, expected);
  });
});
