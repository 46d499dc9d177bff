import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import type { ImportReport } from '../../src/api/import';
import type { DesktopCore } from '../../src/desktop/core';
import { base64, csv, SAMPLE_HEADER } from '../support/csv';
import { manualClock, startCore } from '../support/desktop';

const NOW = Date.parse('2026-11-25T08:00:00Z');
const INBOX = 'dealership-amsterdam';

async function call<T>(core: DesktopCore, method: string, params: unknown): Promise<T> {
  const answer = await core.dispatch(method, params);
  if (!answer.ok) throw Object.assign(new Error(answer.error.message), { code: answer.error.code });
  return answer.value as T;
}

function importFile(core: DesktopCore, bytes: Buffer, mapping?: Record<string, string>) {
  return (async () => {
    const preview = await call<{ mapping: Record<string, string> }>(core, 'previewImport', {
      fileName: 'export.csv',
      contentBase64: base64(bytes),
      source: 'planit',
    });
    return call<ImportReport>(core, 'runImport', {
      fileName: 'export.csv',
      contentBase64: base64(bytes),
      source: 'planit',
      inboxId: INBOX,
      mapping: mapping ?? preview.mapping,
    });
  })();
}

const GOOD = [
  SAMPLE_HEADER,
  'P-1;AMS;25-11-2026;09:30;José Müller;06 12345678;jose@example.nl;12-ABC-3;Audi;A3;APK;WO-1;Sanne',
  'P-2;AMS;2026-11-25;10:00;Eva de Wit;+31 6 87654321;;34-DEF-5;Škoda;Fabia;Grote beurt;WO-1;Mark',
  'P-2;UTR;25-11-2026;11:00;Eva de Wit;06 87654321;;56-GHI-7;VW;Up;Banden;WO-1;Mark',
];

describe('file import through the pipeline', () => {
  let core: DesktopCore;
  beforeEach(() => {
    core = startCore({ clock: manualClock(NOW) });
  });
  afterEach(() => core.close());

  it('imports a good file; the same id in another branch is another appointment', async () => {
    const report = await importFile(core, csv(GOOD));
    assert.deepEqual([report.totalRows, report.created, report.updated, report.unchanged], [3, 3, 0, 0]);
    assert.deepEqual(report.quarantined, []);
    const board = await call<{ cards: { customerName: string; plate: string; workOrder: string; localTime: string }[] }>(
      core,
      'getBoard',
      {},
    );
    const imported = board.cards.filter((c) => c.workOrder === 'WO-1');
    assert.equal(imported.length, 3, 'a repeated work-order number is not a key');
    assert.ok(imported.some((c) => c.customerName === 'José Müller' && c.plate === '12-ABC-3' && c.localTime === '09:30'));
    // One contact for Eva, matched by phone across her two appointments.
    const contacts = await call<{ id: string }[]>(core, 'searchContacts', { query: 'Eva de Wit' });
    assert.equal(contacts.length, 1);
  });

  it('changes nothing when the same file is imported twice', async () => {
    await importFile(core, csv(GOOD));
    const before = core.context.db.prepare('SELECT id, updated_at FROM appointments ORDER BY id').all();
    const again = await importFile(core, csv(GOOD));
    assert.deepEqual([again.created, again.updated, again.unchanged], [0, 0, 3]);
    assert.deepEqual(core.context.db.prepare('SELECT id, updated_at FROM appointments ORDER BY id').all(), before);
  });

  it('updates the card of a changed row and keeps what the advisor did on the board', async () => {
    await importFile(core, csv(GOOD));
    const id = core.context.db
      .prepare("SELECT id FROM appointments WHERE source_id = 'P-1'")
      .pluck()
      .get() as string;
    await call(core, 'moveCard', { id, column: 'in_service', beforeId: null, afterId: null });
    await call(core, 'setColour', { id, colour: 'red' });
    const changed = [...GOOD];
    changed[1] = changed[1]!.replace('09:30', '14:15').replace('APK', 'APK + remmen');
    const report = await importFile(core, csv(changed));
    assert.deepEqual([report.created, report.updated, report.unchanged], [0, 1, 2]);
    const details = await call<{ localTime: string; work: string; column: string; colour: string }>(core, 'getAppointment', { id });
    assert.deepEqual(
      [details.localTime, details.work, details.column, details.colour],
      ['14:15', 'APK + remmen', 'in_service', 'red'],
    );
  });

  it('reads Windows-1252 and UTF-8 with BOM, comma-separated with ISO dates', async () => {
    const latin = await importFile(core, csv(GOOD.slice(0, 2), { windows1252: true }));
    assert.equal(latin.created, 1);
    const english = csv(
      ['Appointment ID,Branch,Date,Time,Customer,Phone', 'E-1,ZUI,2026-11-25,08:45,Zoë Schouten,06 24681000'],
      { bom: true },
    );
    const utf = await importFile(core, english);
    assert.equal(utf.created, 1);
    const names = core.context.db
      .prepare("SELECT c.name FROM appointments a JOIN contacts c ON c.id = a.contact_id WHERE a.source = 'planit' ORDER BY 1")
      .pluck()
      .all();
    assert.deepEqual(names, ['José Müller', 'Zoë Schouten']);
  });

  it('quarantines unreadable rows with row number and reason and imports the rest', async () => {
    const bad = [
      SAMPLE_HEADER,
      'B-1;AMS;25-11-2026;09:00;Goed;06 12345678;;;;;;;',
      'B-2;AMS;31-02-2026;09:00;Foute datum;;;;;;;;',
      'B-3;AMS;25-11-2026;09:00;Fout nummer;0612;;;;;;;',
      'B-4;AMS;25-11-2026;9 uur;Foute tijd;;;;;;;;',
      ';AMS;25-11-2026;09:00;Geen id;;;;;;;;',
      'B-5;AMS;25-11-2026;09:00;Te weinig kolommen',
      'B-1;AMS;25-11-2026;10:00;Dubbel;;;;;;;;',
      'B-6;AMS;26-11-2026;;Ook goed;;;;;;;;',
    ];
    const report = await importFile(core, csv(bad));
    assert.equal(report.totalRows, 8);
    assert.equal(report.created, 2);
    assert.deepEqual(
      report.quarantined.map((q) => q.rowNumber),
      [3, 4, 5, 6, 7, 8],
    );
    const reasons = Object.fromEntries(report.quarantined.map((q) => [q.rowNumber, q.reason]));
    assert.match(reasons[3]!, /date "31-02-2026" does not exist/);
    assert.match(reasons[4]!, /"0612" is not a valid phone number/);
    assert.match(reasons[5]!, /"9 uur" is not a time/);
    assert.match(reasons[6]!, /appointment id is empty/);
    assert.match(reasons[7]!, /row has 5 columns where the header has 13/);
    assert.match(reasons[8]!, /already appears in row 2/);
    assert.equal(report.quarantined[0]!.raw, bad[2]);
    assert.deepEqual(
      report.quarantined.map((q) => q.field),
      ['date', 'phone', 'time', 'sourceId', null, 'sourceId'],
      'the field each row failed on (none where the row itself could not be read)',
    );
    // The report is kept and can be read again.
    const stored = await call<ImportReport>(core, 'getImportReport', { id: report.id });
    assert.deepEqual(stored.quarantined, report.quarantined);
    const recent = await call<{ id: string; quarantinedCount: number }[]>(core, 'listImportReports', {});
    assert.equal(recent[0]!.quarantinedCount, 6);
    const b6 = core.context.db.prepare("SELECT local_time FROM appointments WHERE source_id = 'B-6'").pluck().get();
    assert.equal(b6, '08:00', 'a row without a time gets the workshop’s opening time');
  });

  it('refuses a mapping to a column the file does not have, and an empty file', async () => {
    await assert.rejects(importFile(core, csv(GOOD), { sourceId: 'Afspraak ID', date: 'Afspraakdatum' }), {
      code: 'BAD_MAPPING',
      message: /"date" is mapped to column "Afspraakdatum", which is not in this file/,
    });
    await assert.rejects(importFile(core, Buffer.from('')), { code: 'UNREADABLE_FILE' });
    assert.equal(core.context.db.prepare("SELECT count(*) FROM appointments WHERE source = 'planit'").pluck().get(), 0);
  });

  it('remembers the mapping per source', async () => {
    const renamed = ['Nr;Dag;Naam', 'R-1;25-11-2026;Henk'];
    await importFile(core, csv(renamed), { sourceId: 'Nr', date: 'Dag', customerName: 'Naam' });
    const preview = await call<{ mapping: Record<string, string>; mappingRemembered: boolean }>(core, 'previewImport', {
      fileName: 'x.csv',
      contentBase64: base64(csv(renamed)),
      source: 'planit',
    });
    assert.equal(preview.mappingRemembered, true);
    assert.deepEqual(preview.mapping, { sourceId: 'Nr', date: 'Dag', customerName: 'Naam' });
  });
});
