import assert from 'node:assert/strict';
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import type { Database } from 'better-sqlite3';
import type { BoardEvent } from '../../src/api/board-api';
import { IMPORT_PIECE_BYTES, type ImportPreview, type ImportProgress, type ImportReport } from '../../src/api/import';
import type { DesktopCore } from '../../src/desktop/core';
import { CHUNK_ROWS, ImportRun } from '../../src/desktop/sync/import-pipeline';
import { csvRecords } from '../../src/desktop/sync/csv-import';
import { readCsv } from '../../src/desktop/sync/csv-file';
import { defaultMapping } from '../../src/desktop/sync/field-mapping';
import { csv, SAMPLE_HEADER } from '../support/csv';
import { cacheConnection } from '../support/cache-connection';
import { DEALERSHIP, manualClock, startCore, tempDataFile } from '../support/desktop';
import { call, importFile, uploadFile } from '../support/import-file';
import { connectedCore, settled, startOrganisation } from '../support/connected';

const NOW = Date.parse('2026-11-25T08:00:00Z');
const INBOX = 'dealership-amsterdam';

const GOOD = [
  SAMPLE_HEADER,
  'P-1;AMS;25-11-2026;09:30;José Müller;06 12345678;jose@example.nl;12-ABC-3;Audi;A3;APK;WO-1;Sanne',
  'P-2;AMS;2026-11-25;10:00;Eva de Wit;+31 6 87654321;;34-DEF-5;Škoda;Fabia;Grote beurt;WO-1;Mark',
  'P-2;UTR;25-11-2026;11:00;Eva de Wit;06 87654321;;56-GHI-7;VW;Up;Banden;WO-1;Mark',
];

/** Windows-1252 bytes of a text, built from the code page's own table (not from the decoder under test). */
const CP1252: Record<string, number> = { 'é': 0xe9, 'ë': 0xeb, 'ü': 0xfc, 'Š': 0x8a, '€': 0x80 };
function windows1252(text: string): Buffer {
  return Buffer.from([...text].map((c) => CP1252[c] ?? c.charCodeAt(0)));
}

const appointmentRows = (cache: Database) =>
  cache.prepare("SELECT source_id AS id, branch, local_time AS time, make, work FROM appointments WHERE source = 'planit' ORDER BY branch, source_id").all();

describe('file import through the pipeline', () => {
  let core: DesktopCore;
  let cache: Database;
  beforeEach(() => {
    core = startCore({ clock: manualClock(NOW) });
    cache = cacheConnection(core);
  });
  afterEach(() => {
    cache.close();
    core.close();
  });

  it('imports a good file; the same id in another branch is another appointment', async () => {
    const report = await importFile(core, csv(GOOD));
    assert.deepEqual([report.totalRows, report.created, report.updated, report.unchanged, report.quarantinedCount, report.revisedCount], [3, 3, 0, 0, 0, 0]);
    assert.notEqual(report.finishedAt, null);
    const board = await call<{ cards: { customerName: string; plate: string; workOrder: string; localTime: string }[] }>(core, 'getBoard', {});
    const imported = board.cards.filter((c) => c.workOrder === 'WO-1');
    assert.equal(imported.length, 3, 'a repeated work-order number is not a key');
    assert.ok(imported.some((c) => c.customerName === 'José Müller' && c.plate === '12-ABC-3' && c.localTime === '09:30'));
    const contacts = await call<{ id: string }[]>(core, 'searchContacts', { query: 'Eva de Wit' });
    assert.equal(contacts.length, 1);
  });

  it('changes nothing when the same file is imported twice', async () => {
    await importFile(core, csv(GOOD));
    const before = cache.prepare('SELECT id, updated_at FROM appointments ORDER BY id').all();
    const again = await importFile(core, csv(GOOD));
    assert.deepEqual([again.created, again.updated, again.unchanged], [0, 0, 3]);
    assert.deepEqual(cache.prepare('SELECT id, updated_at FROM appointments ORDER BY id').all(), before);
  });

  it('updates the card of a changed row and keeps what the advisor did on the board', async () => {
    await importFile(core, csv(GOOD));
    const id = cache.prepare("SELECT id FROM appointments WHERE source_id = 'P-1'").pluck().get() as string;
    await call(core, 'moveCard', { id, column: 'in_service', beforeId: null, afterId: null });
    await call(core, 'setColour', { id, colour: 'red' });
    const changed = [...GOOD];
    changed[1] = changed[1]!.replace('09:30', '14:15').replace('APK', 'APK + remmen');
    const report = await importFile(core, csv(changed));
    assert.deepEqual([report.created, report.updated, report.unchanged], [0, 1, 2]);
    const details = await call<{ localTime: string; work: string; column: string; colour: string }>(core, 'getAppointment', { id });
    assert.deepEqual([details.localTime, details.work, details.column, details.colour], ['14:15', 'APK + remmen', 'in_service', 'red']);
  });

  it('reads Windows-1252, UTF-8 with BOM, and a file whose lines come in both, each line in its own', async () => {
    const latin = await importFile(core, csv(GOOD.slice(0, 2), { windows1252: true }));
    assert.equal(latin.created, 1);
    const english = csv(['Appointment ID,Branch,Date,Time,Customer,Phone', 'E-1,ZUI,2026-11-25,08:45,Zoë Schouten,06 24681000'], { bom: true });
    assert.equal((await importFile(core, english)).created, 1);
    // An export appended to by a second system: a UTF-8 line, then Windows-1252 lines.
    const mixed = Buffer.concat([
      Buffer.from(`${SAMPLE_HEADER}\r\nM-1;AMS;25-11-2026;09:00;Chloë Dubois;;;;Citroën;C3;;;\r\n`, 'utf8'),
      windows1252('M-2;AMS;25-11-2026;10:00;Zoë Février;;;;Škoda;Octavia;Distributieriem €;;\r\n'),
    ]);
    const uploadId = await uploadFile(core, 'mixed.csv', mixed);
    const preview = await call<ImportPreview>(core, 'previewImport', { uploadId, source: 'planit' });
    assert.equal(preview.encoding, 'mixed');
    const report = await call<ImportReport>(core, 'runImport', { uploadId, source: 'planit', inboxId: INBOX, mapping: preview.mapping });
    assert.equal(report.created, 2);
    const names = cache.prepare("SELECT c.name FROM appointments a JOIN contacts c ON c.id = a.contact_id WHERE a.source = 'planit' ORDER BY 1").pluck().all();
    assert.deepEqual(names, ['Chloë Dubois', 'José Müller', 'Zoë Février', 'Zoë Schouten']);
    const m2 = cache.prepare("SELECT make, work FROM appointments WHERE source_id = 'M-2'").get();
    assert.deepEqual(m2, { make: 'Škoda', work: 'Distributieriem €' });
  });

  it('tolerates empty cells after the last column (;;), as exports end their rows', async () => {
    const report = await importFile(core, csv([SAMPLE_HEADER + ';;', `${GOOD[1]};;`, `${GOOD[2]};;;;`, GOOD[3]!]));
    assert.deepEqual([report.created, report.quarantinedCount], [3, 0]);
  });

  it('quarantines unreadable rows with their row number and every problem, as codes, and imports the rest', async () => {
    const bad = [
      SAMPLE_HEADER,
      'B-1;AMS;25-11-2026;09:00;Goed;06 12345678;;;;;;;',
      'B-2;AMS;31-02-2026;09:00;Foute datum;;;;;;;;',
      'B-3;AMS;25-11-2026;09:00;Fout nummer;0612;;;;;;;',
      'B-4;AMS;25-11-2026;9 uur;Foute tijd;;;;;;;;',
      ';AMS;25-11-2026;09:00;Geen id;;;;;;;;',
      'B-5;AMS;25-11-2026;09:00;Te weinig kolommen',
      'B-6;AMS;26-11-2026;;Ook goed;;;;;;;;',
      'B-7;AMS;25-11-2026;09:00;Te veel;;;;;;;;;tekst voorbij de laatste kolom',
    ];
    const report = await importFile(core, csv(bad));
    assert.deepEqual([report.totalRows, report.created, report.quarantinedCount], [8, 2, 6]);
    assert.deepEqual(
      report.quarantined.map((q) => [q.rowNumber, q.problems]),
      [
        [3, [{ field: 'date', code: 'noSuchDate', params: { value: '31-02-2026' } }]],
        [4, [{ field: 'phone', code: 'invalidPhoneNumber', params: { value: '0612' } }]],
        [5, [{ field: 'time', code: 'notATime', params: { value: '9 uur' } }]],
        [6, [{ field: 'sourceId', code: 'missing', params: {} }]],
        [7, [{ field: null, code: 'columnCount', params: { cells: 5, columns: 13 } }]],
        [9, [{ field: null, code: 'columnCount', params: { cells: 14, columns: 13 } }]],
      ],
    );
    assert.equal(report.quarantined[0]!.raw, bad[2]);
    // The report is kept and reads the same again.
    const stored = await call<ImportReport>(core, 'getImportReport', { id: report.id });
    assert.deepEqual(stored.quarantined, report.quarantined);
    const recent = await call<{ id: string; quarantinedCount: number }[]>(core, 'listImportReports', {});
    assert.equal(recent[0]!.quarantinedCount, 6);
    const b6 = cache.prepare("SELECT local_time FROM appointments WHERE source_id = 'B-6'").pluck().get();
    assert.equal(b6, '08:00', 'a row without a time gets the workshop’s opening time');
  });

  it('reports every problem of a row: one with all of its fields wrong has all fourteen', async () => {
    const row = ['', 'B'.repeat(61), '31-02-2026', '25:61', 'N'.repeat(201), 'bel me', 'x@', 'P'.repeat(21), 'M'.repeat(101), 'm'.repeat(101), 'w'.repeat(4001), 'W'.repeat(101), 'O'.repeat(101), 'soms'];
    const header = `${SAMPLE_HEADER};Geannuleerd`;
    // Twenty rows like it beside a good one: each is reported whole, the good one imported.
    const lines = [header, ...Array.from({ length: 20 }, () => row.join(';')), `${GOOD[1]};nee`];
    const report = await importFile(core, csv(lines));
    assert.deepEqual([report.created, report.quarantinedCount], [1, 20]);
    for (const q of report.quarantined) assert.equal(q.problems.length, 14);
    assert.deepEqual(
      report.quarantined[0]!.problems.map((p) => `${p.field}:${p.code}`),
      [
        'sourceId:missing', 'branch:tooLong', 'date:noSuchDate', 'time:noSuchTime', 'customerName:tooLong', 'phone:notAPhoneNumber',
        'email:notAnEmail', 'plate:tooLong', 'make:tooLong', 'model:tooLong', 'work:tooLong', 'workOrder:tooLong', 'owner:tooLong',
        'cancelled:notACancelledValue',
      ],
    );
    assert.equal(report.quarantined[0]!.raw, lines[1], 'the row as it was in the file, whole (5 KB), not cut');
  });

  it('quarantines a value over its limit with its field and length, never cut, and imports the other rows', async () => {
    const rows = Array.from({ length: 10 }, (_, i) => `L-${i};AMS;25-11-2026;09:00;Klant ${i};;;;Opel;Corsa;APK;;`);
    const make150 = 'Mercedes-Benz '.repeat(11).slice(0, 150);
    const report = await importFile(core, csv([SAMPLE_HEADER, ...rows, `L-X;AMS;25-11-2026;09:00;Klant X;;;;${make150};Sprinter;APK;;`]));
    assert.deepEqual([report.created, report.quarantinedCount], [10, 1]);
    assert.deepEqual(report.quarantined[0]!.problems, [{ field: 'make', code: 'tooLong', params: { max: 100, length: 150 } }]);
    assert.equal(cache.prepare("SELECT count(*) FROM appointments WHERE source_id = 'L-X'").pluck().get(), 0);
    assert.equal(cache.prepare("SELECT max(length(make)) FROM appointments WHERE source = 'planit'").pluck().get(), 4, 'nothing was cut to fit');
    const outOfRange = await importFile(core, csv([SAMPLE_HEADER, 'L-Y;AMS;25-11-2206;09:00;Klant Y;;;;;;;;']));
    assert.deepEqual(outOfRange.quarantined[0]!.problems, [{ field: 'date', code: 'dateOutOfRange', params: { value: '25-11-2206', first: 1900, last: 2100 } }]);
  });

  it('imports the later row of an appointment given twice (exports list revisions), and says so', async () => {
    const report = await importFile(core, csv([
      SAMPLE_HEADER,
      'R-1;AMS;25-11-2026;09:00;Jan Jansen;;;;Opel;Corsa;APK;;',
      'R-2;AMS;25-11-2026;10:00;Piet Pieters;;;;VW;Golf;Banden;;',
      'R-1;AMS;25-11-2026;11:30;Jan Jansen;;;;Opel;Corsa;APK + remmen;;',
      'R-1;UTR;25-11-2026;12:00;Ander filiaal;;;;Opel;Astra;APK;;',
      'R-1;AMS;25-11-2026;14:00;Jan Jansen;;;;Opel;Corsa;APK + remmen + olie;;',
    ]));
    assert.deepEqual([report.totalRows, report.created, report.revisedCount, report.quarantinedCount], [5, 3, 2, 0]);
    assert.deepEqual(report.revised, [
      { rowNumber: 4, replacedRow: 2, branch: 'AMS', sourceId: 'R-1' },
      { rowNumber: 6, replacedRow: 4, branch: 'AMS', sourceId: 'R-1' },
    ]);
    assert.deepEqual(appointmentRows(cache), [
      { id: 'R-1', branch: 'AMS', time: '14:00', make: 'Opel', work: 'APK + remmen + olie' },
      { id: 'R-2', branch: 'AMS', time: '10:00', make: 'VW', work: 'Banden' },
      { id: 'R-1', branch: 'UTR', time: '12:00', make: 'Opel', work: 'APK' },
    ]);
  });

  it('finds a revision thousands of rows later, in another chunk, and counts the appointment once', async () => {
    const rows = Array.from({ length: 4999 }, (_, i) => `C-${i};AMS;25-11-2026;09:00;Klant ${i};;;;;;;;`);
    rows.push('C-7;AMS;25-11-2026;16:45;Klant 7;;;;;;later;;');
    const report = await importFile(core, csv([SAMPLE_HEADER, ...rows]));
    assert.deepEqual([report.totalRows, report.created, report.updated, report.revisedCount], [5000, 4999, 0, 1]);
    assert.deepEqual(report.revised, [{ rowNumber: 5001, replacedRow: 9, branch: 'AMS', sourceId: 'C-7' }]);
    assert.equal(cache.prepare("SELECT local_time FROM appointments WHERE source_id = 'C-7'").pluck().get(), '16:45');
    // Imported again, the earlier row of C-7 is a change, its later one restores it: counted as one update.
    const again = await importFile(core, csv([SAMPLE_HEADER, ...rows]));
    assert.deepEqual([again.created, again.updated, again.unchanged, again.revisedCount], [0, 1, 4998, 1]);
  });

  it('reads long lists of quarantined rows page by page, never cut', async () => {
    const rows = Array.from({ length: 450 }, (_, i) => `Q-${i};AMS;31-02-2026;09:00;Klant;;;;;;;;`);
    const report = await importFile(core, csv([SAMPLE_HEADER, ...rows]));
    assert.deepEqual([report.quarantinedCount, report.quarantined.length], [450, 200]);
    const second = await call<{ quarantined: unknown[] }>(core, 'getImportRows', { id: report.id, offset: 200, limit: 200 });
    const third = await call<{ quarantined: Array<{ rowNumber: number }> }>(core, 'getImportRows', { id: report.id, offset: 400, limit: 200 });
    assert.deepEqual([second.quarantined.length, third.quarantined.length, third.quarantined.at(-1)!.rowNumber], [200, 50, 451]);
  });

  it('refuses a mapping without a required column or with a column the file does not have, and an empty file', async () => {
    await assert.rejects(importFile(core, csv(GOOD), { mapping: { sourceId: 'Afspraak ID', date: 'Afspraakdatum' } }), {
      code: 'BAD_MAPPING',
      message: /"date" is mapped to column "Afspraakdatum", which is not in this file/,
    });
    await assert.rejects(importFile(core, csv(GOOD), { mapping: { sourceId: 'Afspraak ID' } }), { code: 'BAD_MAPPING', message: /No column is mapped to "date"/ });
    await assert.rejects(importFile(core, Buffer.from('')), { code: 'EMPTY_FILE' });
    await assert.rejects(importFile(core, Buffer.from(`Nr;Datum\n1;"${'x'.repeat(2 * 1024 * 1024)}\n`)), { code: 'LINE_TOO_LONG' });
    assert.equal(cache.prepare("SELECT count(*) FROM appointments WHERE source = 'planit'").pluck().get(), 0);
  });

  it('recognises a Flemish/French export by its headers, the required columns too', async () => {
    const french = csv(['RDV n°;Date du rendez-vous;Heure;Client;GSM;Immatriculation;Marque', 'F-1;25-11-2026;10:30;Chloé Lambert;+32 470 12 34 56;1-ABC-234;Peugeot'], { bom: true });
    const uploadId = await uploadFile(core, 'rdv.csv', french);
    const preview = await call<ImportPreview>(core, 'previewImport', { uploadId, source: 'garage-be' });
    assert.deepEqual(preview.mapping, { sourceId: 'RDV n°', date: 'Date du rendez-vous', time: 'Heure', customerName: 'Client', phone: 'GSM', plate: 'Immatriculation', make: 'Marque' });
    const report = await call<ImportReport>(core, 'runImport', { uploadId, source: 'garage-be', inboxId: INBOX, mapping: preview.mapping });
    assert.deepEqual([report.created, report.quarantinedCount], [1, 0]);
    assert.deepEqual(cache.prepare("SELECT local_time AS time, make FROM appointments WHERE source_id = 'F-1'").get(), { time: '10:30', make: 'Peugeot' });
  });

  it('remembers the mapping per source', async () => {
    const renamed = ['Nr;Dag;Naam', 'R-1;25-11-2026;Henk'];
    await importFile(core, csv(renamed), { mapping: { sourceId: 'Nr', date: 'Dag', customerName: 'Naam' } });
    const uploadId = await uploadFile(core, 'x.csv', csv(renamed));
    const preview = await call<ImportPreview>(core, 'previewImport', { uploadId, source: 'planit' });
    assert.equal(preview.mappingRemembered, true);
    assert.deepEqual(preview.mapping, { sourceId: 'Nr', date: 'Dag', customerName: 'Naam' });
  });
});

describe('a file arriving in pieces', () => {
  let core: DesktopCore;
  let dataFile: string;
  beforeEach(() => {
    dataFile = tempDataFile();
    core = startCore({ dataFile, clock: manualClock(NOW) });
  });
  afterEach(() => core.close());

  const staged = () => readdirSync(dirname(dataFile)).filter((name) => name.startsWith(`${basename(dataFile)}.upload-`));

  it('is kept beside the cache, readable only by the user, until it is imported', async () => {
    const bytes = csv(GOOD);
    const uploadId = await uploadFile(core, 'export.csv', bytes, 50);
    const [file] = staged();
    assert.ok(file);
    assert.equal(statSync(join(dirname(dataFile), file)).mode & 0o777, 0o600);
    const preview = await call<ImportPreview>(core, 'previewImport', { uploadId, source: 'planit' });
    await call(core, 'runImport', { uploadId, source: 'planit', inboxId: INBOX, mapping: preview.mapping });
    assert.deepEqual(staged(), []);
    await assert.rejects(call(core, 'previewImport', { uploadId, source: 'planit' }), { code: 'NOT_FOUND' });
  });

  it('takes a piece sent twice once, refuses one out of order, too many bytes, and an import before the last piece', async () => {
    const bytes = csv(GOOD);
    const { uploadId } = await call<{ uploadId: string }>(core, 'beginImportUpload', { fileName: 'x.csv', size: bytes.length });
    const piece = (from: number, to: number) => ({ uploadId, offset: from, contentBase64: bytes.subarray(from, to).toString('base64') });
    assert.deepEqual(await call(core, 'appendImportPiece', piece(0, 100)), { received: 100 });
    assert.deepEqual(await call(core, 'appendImportPiece', piece(0, 100)), { received: 100 }, 'a retried piece is not written twice');
    await assert.rejects(call(core, 'appendImportPiece', piece(150, 200)), { code: 'UPLOAD_OUT_OF_ORDER' });
    await assert.rejects(call(core, 'previewImport', { uploadId, source: 'planit' }), { code: 'UPLOAD_INCOMPLETE' });
    await assert.rejects(
      call(core, 'appendImportPiece', { uploadId, offset: 100, contentBase64: Buffer.concat([bytes.subarray(100), Buffer.from('extra')]).toString('base64') }),
      { code: 'UPLOAD_TOO_LONG' },
    );
    await call(core, 'appendImportPiece', piece(100, bytes.length));
    assert.equal((await call<ImportPreview>(core, 'previewImport', { uploadId, source: 'planit' })).rowCount, 3);
    await call(core, 'discardImportUpload', { uploadId });
    assert.deepEqual(staged(), []);
  });

  it('refuses a file announced larger than 1 GB and a piece larger than IMPORT_PIECE_BYTES', async () => {
    await assert.rejects(call(core, 'beginImportUpload', { fileName: 'huge.csv', size: 2 * 1024 ** 3 }), { code: 'INVALID_INPUT' });
    const { uploadId } = await call<{ uploadId: string }>(core, 'beginImportUpload', { fileName: 'x.csv', size: 2 * IMPORT_PIECE_BYTES });
    await assert.rejects(call(core, 'appendImportPiece', { uploadId, offset: 0, contentBase64: Buffer.alloc(IMPORT_PIECE_BYTES + 3).toString('base64') }), { code: 'INVALID_INPUT' });
    assert.deepEqual(await call(core, 'appendImportPiece', { uploadId, offset: 0, contentBase64: Buffer.alloc(IMPORT_PIECE_BYTES).toString('base64') }), { received: IMPORT_PIECE_BYTES });
  });

  it('removes a file an earlier run of the app left staged when the core starts again', () => {
    core.close();
    const left = `${dataFile}.upload-left-behind`;
    writeFileSync(left, 'Nr;Datum\n');
    core = startCore({ dataFile, clock: manualClock(NOW) });
    assert.equal(existsSync(left), false);
  });
});

describe('an import stopped before the end of its file', () => {
  it('keeps what it stored, reads as stopped, and importing the file again changes nothing already stored', async () => {
    const dataFile = tempDataFile();
    const lines = [SAMPLE_HEADER, ...Array.from({ length: 3000 }, (_, i) => `S-${i};AMS;25-11-2026;09:00;Klant ${i};;;;;;;;`)];
    const bytes = csv(lines);
    let core = startCore({ dataFile, clock: manualClock(NOW) });
    // The first chunk stored, then the app is closed: the run never finishes.
    const table = readCsv(bytes);
    const run = new ImportRun(core.context, { ...DEALERSHIP, source: 'planit', inboxId: INBOX, fileName: 'export.csv', fileSha256: 'x', ignoredColumns: [], recordFormat: 'csv', header: table.headerLine }, NOW);
    run.store(csvRecords(table, defaultMapping(table.headers)).slice(0, 2000));
    core.close();

    core = startCore({ dataFile, clock: manualClock(NOW + 60_000) });
    const cache = cacheConnection(core);
    try {
      const stopped = await call<ImportReport>(core, 'getImportReport', { id: run.id });
      assert.deepEqual([stopped.finishedAt, stopped.totalRows, stopped.created], [null, 2000, 2000]);
      const stored = cache.prepare<[string], { id: string; updated_at: number }>(
        "SELECT id, updated_at FROM appointments WHERE source = 'planit' AND source_id IN (SELECT value FROM json_each(?)) ORDER BY id",
      );
      const firstChunk = JSON.stringify(Array.from({ length: 2000 }, (_, i) => `S-${i}`));
      const before = stored.all(firstChunk);
      assert.equal(before.length, 2000);
      const again = await importFile(core, bytes);
      assert.deepEqual([again.created, again.unchanged, again.updated], [1000, 2000, 0]);
      assert.deepEqual(stored.all(firstChunk), before);
    } finally {
      cache.close();
      core.close();
    }
  });
});

describe('the progress of a file import', () => {
  it('tells rows read and stored after each chunk, and how many the backend has, until it has them all', async (t) => {
    const organisation = await startOrganisation();
    t.after(() => organisation.close());
    const { core, events } = connectedCore(organisation);
    t.after(() => core.close());
    await settled(core);
    const lines = [SAMPLE_HEADER, ...Array.from({ length: 2500 }, (_, i) => `G-${i};AMS;25-11-2026;09:00;Klant ${i};06 ${String(30_000_000 + i)};;;;;;;`)];
    lines.push('G-X;AMS;31-02-2026;09:00;Foute datum;;;;;;;;');
    const report = await importFile(core, csv(lines), { inboxId: organisation.inbox });
    assert.deepEqual([report.created, report.quarantinedCount], [2500, 1]);
    const progress = events.flatMap((e: BoardEvent) => (e.type === 'import.progress' ? [e.progress] : []));
    const chunks = Array.from({ length: Math.floor(2500 / CHUNK_ROWS) }, (_, i) => [(i + 1) * CHUNK_ROWS, (i + 1) * CHUNK_ROWS, 0, false]);
    assert.deepEqual(progress.map((p) => [p.read, p.stored, p.quarantined, p.finished]), [...chunks, [2501, 2500, 1, false], [2501, 2500, 1, true]]);
    assert.equal(progress.at(-1)!.toSend, 2500);
    await settled(core, 90_000);
    const done = await call<ImportProgress>(core, 'getImportProgress', { uploadId: progress[0]!.uploadId });
    assert.deepEqual([done.sent, done.toSend], [2500, 2500]);
  });
});
