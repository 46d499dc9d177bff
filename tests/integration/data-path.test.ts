import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { localDateAt, zonedToUtc } from '../../src/domain/zoned-time';
import { queueAppointments } from '../../src/desktop/handlers/outbox-writes';
import { BackendClient } from '../../src/desktop/relay/backend-client';
import { sendJob } from '../../src/desktop/relay/outbox-commands';
import { call, eventually, openTestStore, startSystem } from '../support/backend';
import { csv, SAMPLE_HEADER } from '../support/csv';
import { DEALERSHIP, startCore, tempDataFile } from '../support/desktop';
import { connectedCore, settled, startOrganisation, type Organisation } from '../support/connected';

const today = () => localDateAt(Date.now(), 'Europe/Amsterdam');

function row(sourceId: string, extra: Record<string, unknown> = {}) {
  return { source: 'dms', sourceId, date: today(), time: '09:00', ...extra };
}

/**
 * A reverse proxy in front of the backend that refuses bodies over `limit` bytes with 413, as
 * nginx does with its client_max_body_size, and counts the requests it let through.
 */
async function bodyLimitProxy(target: string, limit: number): Promise<{ url: string; passed: number[]; refused: number; close(): Promise<void> }> {
  const state = { passed: [] as number[], refused: 0 };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      if (body.length > limit) {
        state.refused++;
        res.writeHead(413, { 'content-type': 'text/html' }).end('<html><body><h1>413 Request Entity Too Large</h1></body></html>');
        return;
      }
      state.passed.push(body.length);
      const headers = Object.fromEntries(Object.entries(req.headers).filter(([k]) => !['host', 'content-length', 'connection'].includes(k))) as Record<string, string>;
      fetch(`${target}${req.url}`, { method: req.method, headers, body: body.length ? body : undefined })
        .then(async (answer) => {
          res.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'application/json' });
          res.end(Buffer.from(await answer.arrayBuffer()));
        })
        .catch(() => res.writeHead(502).end());
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    get passed() {
      return state.passed;
    },
    get refused() {
      return state.refused;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

describe('the data path: every row reaches the backend or says why', () => {
  let organisation: Organisation;
  before(async () => {
    organisation = await startOrganisation();
  });
  after(() => organisation.close());

  it('the backend answers a batch row by row: a refused row names its field, the others are stored', async () => {
    const rows = Array.from({ length: 10 }, (_, i) => row(`OK-${i}`, { inbox: organisation.inbox, make: 'Volvo' }));
    rows.splice(4, 0, row('LONG-MAKE', { inbox: organisation.inbox, make: 'M'.repeat(150) }));
    rows.push(row('NO-INBOX', { inbox: 'nowhere' }), row('BAD-PHONE', { inbox: organisation.inbox, contact: { profile: { telephone: '12' } } }));
    const res = await call(organisation.url, organisation.org.token, 'POST', '/v2/appointments/batch', { appointments: rows });
    assert.equal(res.status, 200);
    const results = res.body.results as Array<{ status: string; error?: { code: string; field: string }; appointment?: { sourceId: string } }>;
    assert.equal(results.length, 13);
    assert.deepEqual(results[4], {
      status: 'refused',
      error: { code: 'tooLong', field: 'make', params: { max: 100 }, message: 'make: is longer than 100 characters' },
    });
    assert.equal(results[11]!.error!.code, 'inboxNotFound');
    assert.equal(results[12]!.error!.field, 'phone');
    assert.deepEqual(
      results.filter((r) => r.status === 'stored').map((r) => r.appointment!.sourceId),
      rows.filter((_, i) => ![4, 11, 12].includes(i)).map((r) => r.sourceId),
    );
    const events = await call(organisation.url, organisation.org.token, 'GET', '/v2/events?since=0&limit=1000');
    const upserted = (events.body.data as Array<{ type: string; data: any }>).filter((e) => e.type === 'appointment.upsert').map((e) => e.data.appointment.sourceId);
    assert.ok(!upserted.includes('LONG-MAKE') && !upserted.includes('NO-INBOX'), 'nothing refused was stored');
  });

  it('a refused row in a desktop batch marks only its own card; the others reach the other desktops', async (t) => {
    const a = connectedCore(organisation);
    const b = connectedCore(organisation);
    t.after(() => {
      a.core.close();
      b.core.close();
    });
    await Promise.all([settled(a.core), settled(b.core)]);
    a.core.context.inboxes.upsert({ id: 'only-here', name: 'Lokaal', kind: 'workshop' });
    const good = await Promise.all([1, 2, 3].map(async (n) => a.core.handlers.createManualAppointment({ date: today(), inboxId: organisation.inbox, customerName: `Klant ${n}` })));
    const bad = await a.core.handlers.createManualAppointment({ date: today(), inboxId: 'only-here', customerName: 'Verkeerde inbox' });
    await settled(a.core);
    // The same cards again, as one job: one batch with a row the backend refuses among good ones.
    const { context } = a.core;
    context.transaction(() => queueAppointments(context, [good[0]!.id, bad.id, good[1]!.id, good[2]!.id]));
    context.sync.wake();
    await settled(a.core);
    const board = (await a.core.handlers.getBoard({})).cards;
    const refused = board.find((c) => c.id === bad.id)!;
    assert.equal(refused.syncError?.code, 'inboxNotFound');
    for (const card of good) assert.equal(board.find((c) => c.customerName === card.customerName)?.syncError, null);
    const onB = await eventually(async () => {
      const names = (await b.core.handlers.getBoard({})).cards.map((c) => c.customerName);
      return ['Klant 1', 'Klant 2', 'Klant 3'].every((n) => names.includes(n)) ? names : undefined;
    });
    assert.ok(!onB.includes('Verkeerde inbox'));
  });

  it('rows of an import the backend refuses are listed in its report, with the reason, and marked on their cards', async (t) => {
    const desktop = connectedCore(organisation);
    t.after(() => desktop.core.close());
    await settled(desktop.core);
    const { handlers, context } = desktop.core;
    // An inbox this desktop still has that the organisation no longer does.
    context.inboxes.upsert({ id: 'closed-branch', name: 'Gesloten vestiging', kind: 'workshop' });
    const day = today().split('-').reverse().join('-');
    const file = csv([SAMPLE_HEADER, `REF-1;;${day};09:00;Rik Bos;;;;;;;;`, `REF-2;;${day};09:30;Roos Bos;;;;;;;;`]);
    const { uploadId } = await handlers.beginImportUpload({ fileName: 'oud.csv', size: file.length });
    await handlers.appendImportPiece({ uploadId, offset: 0, contentBase64: file.toString('base64') });
    const preview = await handlers.previewImport({ uploadId, source: 'oud' });
    const imported = await handlers.runImport({ uploadId, source: 'oud', inboxId: 'closed-branch', mapping: preview.mapping });
    assert.equal(imported.created, 2);
    await settled(desktop.core);
    const report = await handlers.getImportReport({ id: imported.id });
    assert.equal(report.refusedCount, 2);
    assert.deepEqual(
      report.refused.map((r) => [r.sourceId, r.refusal.code, r.refusal.field]),
      [['REF-1', 'inboxNotFound', 'inbox'], ['REF-2', 'inboxNotFound', 'inbox']],
    );
    assert.equal((await handlers.listImportReports({})).find((r) => r.id === imported.id)?.refusedCount, 2);
    const cards = (await handlers.getBoard({})).cards.filter((c) => ['Rik Bos', 'Roos Bos'].includes(c.customerName ?? ''));
    assert.deepEqual(cards.map((c) => c.syncError?.code), ['inboxNotFound', 'inboxNotFound']);
  });

  it('500 rows with 3 KB of work each reach the backend in batches under its body limit, split again on a 413', async (t) => {
    const desktop = connectedCore(organisation);
    t.after(() => desktop.core.close());
    await settled(desktop.core);
    const { context } = desktop.core;
    const work = 'Grote beurt, remmen, banden, ruitenwissers en airco controleren. '.repeat(48).slice(0, 3000);
    const ids = Array.from({ length: 500 }, (_, i) => {
      const card = context.appointments.upsert(
        {
          source: 'bulk',
          branch: '',
          sourceId: `W-${i}`,
          inboxId: organisation.inbox,
          localDate: today(),
          localTime: '10:00',
          zone: 'Europe/Amsterdam',
          startsAt: Date.now(),
          plate: null,
          make: null,
          model: null,
          work,
          workOrder: null,
          owner: null,
          cancelled: false,
          rowHash: `h${i}`,
          searchText: '',
        },
        undefined,
        () => null,
        () => `bulk-${i}-${'x'.repeat(8)}`,
        Date.now(),
      );
      return card.id;
    });
    // A proxy with a 300 KB limit: the desktop's batches (under 768 KB) are refused, split, and sent again.
    const proxy = await bodyLimitProxy(organisation.url, 300 * 1024);
    t.after(() => proxy.close());
    const job = { seq: 1, key: 'bulk-job-key', kind: 'appointments' as const, appointmentId: null, payload: { appointmentIds: ids }, attempts: 0, lastError: null, author: null };
    const commit = await sendJob(job, new BackendClient({ url: proxy.url, token: organisation.org.token }), { ...context, zone: 'Europe/Amsterdam' }, Date.now());
    context.transaction(commit);
    assert.ok(proxy.refused > 0, 'the proxy refused a batch as too large');
    assert.ok(proxy.passed.every((bytes) => bytes <= 300 * 1024));
    assert.ok(proxy.passed.length >= 6, `sent in ${proxy.passed.length} requests`);
    const stored = (await organisation.backend().store.sql.get(sql<{ n: number }>`SELECT count(*) AS n FROM appointments WHERE source = 'bulk'`))!;
    assert.equal(stored.n, 500);
    const board = (await desktop.core.handlers.getBoard({})).cards.filter((c) => ids.includes(c.id));
    assert.equal(board.length, 500, 'every card kept its id (the backend took the ids the desktop proposed)');
    assert.ok(board.every((c) => c.syncError === null));
  });

  it('a row too large for any request is refused on its own card, and the rest go', async (t) => {
    const desktop = connectedCore(organisation);
    t.after(() => desktop.core.close());
    await settled(desktop.core);
    const { context } = desktop.core;
    const make = (i: number, work: string) =>
      context.appointments.upsert(
        { source: 'big', branch: '', sourceId: `B-${i}`, inboxId: organisation.inbox, localDate: today(), localTime: '11:00', zone: 'Europe/Amsterdam', startsAt: Date.now(), plate: null, make: null, model: null, work, workOrder: null, owner: null, cancelled: false, rowHash: `b${i}`, searchText: '' },
        undefined,
        () => null,
        () => `big-${i}-xxxxxxxx`,
        Date.now(),
      ).id;
    const ids = [make(1, 'kort'), make(2, 'W'.repeat(4000)), make(3, 'ook kort')];
    const proxy = await bodyLimitProxy(organisation.url, 2000);
    t.after(() => proxy.close());
    const job = { seq: 1, key: 'big-job-key', kind: 'appointments' as const, appointmentId: null, payload: { appointmentIds: ids }, attempts: 0, lastError: null, author: null };
    const commit = await sendJob(job, new BackendClient({ url: proxy.url, token: organisation.org.token }), { ...context, zone: 'Europe/Amsterdam' }, Date.now());
    context.transaction(commit);
    const cards = (await desktop.core.handlers.getBoard({})).cards;
    assert.equal(cards.find((c) => c.id === ids[1])?.syncError?.code, 'tooLarge');
    assert.equal(cards.find((c) => c.id === ids[0])?.syncError, null);
    assert.equal(cards.find((c) => c.id === ids[2])?.syncError, null);
  });

  it('two customers who share a phone keep their own names, on the backend and on every desktop', async (t) => {
    const desktop = connectedCore(organisation);
    t.after(() => desktop.core.close());
    await settled(desktop.core);
    const phone = '+31611112222';
    const res = await call(organisation.url, organisation.org.token, 'POST', '/v2/appointments/batch', {
      appointments: [
        row('FAM-1', { inbox: organisation.inbox, contact: { profile: { name: 'Jan de Vries', telephone: phone } } }),
        row('FAM-2', { inbox: organisation.inbox, contact: { profile: { name: 'Els de Vries', telephone: '06 1111 2222' } } }),
        row('FAM-3', { inbox: organisation.inbox, contact: { profile: { name: 'jan  de vries', telephone: phone } } }),
      ],
    });
    const [jan, els, janAgain] = (res.body.results as Array<{ appointment: { contact: string } }>).map((r) => r.appointment.contact);
    assert.notEqual(jan, els, 'Els is not Jan');
    assert.equal(jan, janAgain, 'the same person, written otherwise');
    const names = await eventually(async () => {
      const cards = (await desktop.core.handlers.getBoard({})).cards.filter((c) => ['Jan de Vries', 'Els de Vries'].includes(c.customerName ?? ''));
      return cards.length === 3 && cards.map((c) => c.customerName).sort();
    });
    assert.deepEqual(names, ['Els de Vries', 'Jan de Vries', 'Jan de Vries']);
  });

  it('the backend too: a source\'s customer number decides who the customer is', async () => {
    const phone = '+31655556666';
    const post = (appointments: unknown[]) => call(organisation.url, organisation.org.token, 'POST', '/v2/appointments/batch', { appointments });
    const first = await post([
      row('NR-1', { inbox: organisation.inbox, contact: { profile: { name: 'Mila Nummer', telephone: phone, customerId: 'C-1' } } }),
      row('NR-2', { inbox: organisation.inbox, contact: { profile: { telephone: phone, customerId: 'C-2' } } }),
    ]);
    const [mila, other] = (first.body.results as Array<{ appointment: { contact: string } }>).map((r) => r.appointment.contact);
    assert.notEqual(mila, other, 'another number on the same phone is someone else');
    const second = await post([row('NR-3', { inbox: organisation.inbox, contact: { profile: { name: 'M. Nummer', telephone: phone, customerId: 'C-1' } } })]);
    assert.equal(second.body.results[0].appointment.contact, mila, 'one number, one customer, whatever the name says now');
    const contact = await call(organisation.url, organisation.org.token, 'GET', `/v2/contacts?profile.telephone=${encodeURIComponent(phone)}`);
    assert.deepEqual((contact.body.data as Array<{ id: string; profile: { name: string | null } }>).map((c) => [c.id === mila, c.profile.name]), [
      [true, 'M. Nummer'],
      [false, null],
    ]);
  });

  it('a customer who wrote before any appointment keeps one conversation, under the name the dealer knows', async (t) => {
    const desktop = connectedCore(organisation);
    t.after(() => desktop.core.close());
    await settled(desktop.core);
    const phone = '+31633334444';
    await organisation.reply('Kan ik morgen langskomen?', phone);
    const wrote = await eventually(async () => {
      const res = await call(organisation.url, organisation.org.token, 'GET', `/v2/contacts?profile.telephone=${encodeURIComponent(phone)}`);
      return res.body.data?.[0] as { id: string; profile: { name: string } } | undefined;
    });
    const appointment = await organisation.appointment({ sourceId: 'WROTE-FIRST', date: today(), name: 'Karel Appel', phone });
    assert.equal(appointment.contact, wrote.id, 'the contact who wrote is the appointment’s customer');
    const card = await eventually(async () => (await desktop.core.handlers.getBoard({})).cards.find((c) => c.id === appointment.id && c.customerName === 'Karel Appel'));
    assert.equal(card.waiting, true, 'the red line: the message is on this card');
  });
});

describe('the workshop’s zone and phone country come from the organisation', () => {
  it('a desktop set up for Amsterdam reads a London inbox’s appointments and phones as London’s', async (t) => {
    const clock = { now: () => Date.now() };
    const dataFile = tempDataFile();
    const store = await openTestStore(dataFile);
    const org = await store.organizations.create(
      { name: 'Garage London', inboxes: [{ name: 'Workshop', kind: 'workshop', zone: 'Europe/London', country: 'GB' }], user: { name: 'Sam' } },
      clock.now(),
    );
    await store.close();
    const system = await startSystem({ clock, dataFile, org });
    t.after(async () => {
      await system.backend.close();
      await system.simulator.close();
    });
    const inbox = (await call(system.backend.url, org.token, 'GET', '/v2/organization')).body.inboxes[0].id as string;
    const desktop = startCore({ sample: false, backend: { url: system.backend.url, token: org.token } });
    t.after(() => desktop.close());
    await eventually(() => desktop.context.inboxes.exists(inbox));
    assert.equal(DEALERSHIP.zone, 'Europe/Amsterdam', 'the desktop’s own setting is Amsterdam');
    const day = localDateAt(Date.now(), 'Europe/London');
    const card = await desktop.handlers.createManualAppointment({ date: day, time: '09:00', inboxId: inbox, customerName: 'Alex Smith', phone: '07911 123456' });
    assert.equal(card.startsAt, zonedToUtc(day, '09:00', 'Europe/London'));
    assert.equal((await desktop.handlers.getAppointment({ id: card.id })).contact?.phone, '+447911123456');
    const settings = await desktop.handlers.getSettings({});
    assert.equal(settings.zone, 'Europe/London');
    assert.equal(settings.country, 'GB');
    const stored = await eventually(async () => {
      const res = await call(system.backend.url, org.token, 'GET', '/v2/events?since=0');
      return (res.body.data as Array<{ type: string; data: any }>).find((e) => e.type === 'appointment.upsert' && e.data.appointment.id === card.id);
    });
    assert.equal(stored.data.appointment.startsAt, card.startsAt, 'the backend reads it the same way');
  });
});

describe('a re-import that changes who a row names', () => {
  it('one row moving to another person beside a row that still names the first one imports both (no removed contact is reused)', async (t) => {
    const core = startCore();
    t.after(() => core.close());
    const inboxId = (await core.handlers.listInboxes({}))[0]!.id;
    const day = localDateAt(Date.now(), 'Europe/Amsterdam').split('-').reverse().join('-');
    const importFile = async (name: string, lines: string[]) => {
      const file = csv([SAMPLE_HEADER, ...lines]);
      const { uploadId } = await core.handlers.beginImportUpload({ fileName: name, size: file.length });
      await core.handlers.appendImportPiece({ uploadId, offset: 0, contentBase64: file.toString('base64') });
      const preview = await core.handlers.previewImport({ uploadId, source: 'wissel' });
      return core.handlers.runImport({ uploadId, source: 'wissel', inboxId, mapping: preview.mapping });
    };
    await importFile('eerst.csv', [`W-1;;${day};09:00;Jan Wissel;06 31313131;;;;;;;`]);
    const second = await importFile('daarna.csv', [
      `W-1;;${day};09:00;Piet Wissel;06 31313131;;;;;;;`,
      `W-2;;${day};10:00;Jan Wissel;06 31313131;;;;;;;`,
    ]);
    assert.equal(second.quarantinedCount, 0);
    const names = (await core.handlers.getBoard({})).cards.filter((c) => c.customerName?.endsWith('Wissel')).map((c) => c.customerName).sort();
    assert.deepEqual(names, ['Jan Wissel', 'Piet Wissel']);
    await importFile('later.csv', [`W-2;;${day};10:00;Kees Wissel;06 31313131;;;;;;;`]);
    assert.deepEqual(await core.handlers.searchContacts({ query: 'Jan Wissel' }), [], 'a contact no row names any more is not left behind');
  });
});

describe('a source that numbers its customers', () => {
  it('its customer number decides who the customer is: a corrected name stays the same contact, two numbers sharing a phone stay two', async (t) => {
    const core = startCore();
    t.after(() => core.close());
    const inboxId = (await core.handlers.listInboxes({}))[0]!.id;
    const day = localDateAt(Date.now(), 'Europe/Amsterdam').split('-').reverse().join('-');
    const header = 'Afspraak ID;Datum;Tijd;Klantnummer;Klant;Telefoon';
    const importFile = async (lines: string[]) => {
      const file = csv([header, ...lines]);
      const { uploadId } = await core.handlers.beginImportUpload({ fileName: 'dms.csv', size: file.length });
      await core.handlers.appendImportPiece({ uploadId, offset: 0, contentBase64: file.toString('base64') });
      const preview = await core.handlers.previewImport({ uploadId, source: 'dms' });
      assert.equal(preview.mapping.customerId, 'Klantnummer', 'the column is recognised by its name');
      return core.handlers.runImport({ uploadId, source: 'dms', inboxId, mapping: preview.mapping });
    };
    await importFile([`K-1;${day};09:00;C-100;Jan Nummer;06 41414141`, `K-2;${day};10:00;C-200;;06 41414141`]);
    await importFile([`K-1;${day};09:00;C-100;Jan Nummer-de Boer;06 41414141`, `K-3;${day};11:00;C-100;J. Nummer;06 41414141`]);
    const details = await Promise.all(
      (await core.handlers.getBoard({})).cards
        .filter((c) => c.customerName?.includes('Nummer') || c.localTime === '10:00')
        .map(async (c) => core.handlers.getAppointment({ id: c.id })),
    );
    const contactOf = (sourceId: string) => details.find((d) => d.sourceId === sourceId)!.contact!;
    assert.equal(contactOf('K-1').id, contactOf('K-3').id, 'one customer number, one contact');
    assert.equal(contactOf('K-1').name, 'J. Nummer', 'as the source names them now');
    assert.notEqual(contactOf('K-2').id, contactOf('K-1').id, 'another number on the same phone is someone else');
  });
});
