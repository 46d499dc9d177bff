import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { ImportReport } from '../../src/api/import';
import type { SourceView } from '../../src/api/sources';
import type { DesktopCore } from '../../src/desktop/core';
import { changedTables, fingerprint } from '../support/bad-input';
import { csv, SAMPLE_HEADER } from '../support/csv';
import { manualClock, startCore, tempDataFile } from '../support/desktop';
import { call, importFile } from '../support/import-file';
import { startSftpServer } from '../support/sftp-server';
import { QUICK_SOURCES, saveSource, tempSecrets } from '../support/sources';

/*
 * Files as they really come, and files nobody meant to send: through the BoardApi's import
 * calls (the dialog's path) and through a drop folder on a real SFTP server. One line each,
 * with what must become of it: refused in words (and nothing stored), or imported with each
 * bad row quarantined with its problems while the good rows beside it arrive whole.
 */

const NOW = Date.parse('2026-11-25T08:00:00Z');
const DAY = '2026-11-25';
const INBOX = 'dealership-amsterdam';

/** A good row of the sample export, for a customer whose name the case makes unique. */
const row = (id: string, name: string, fields: { work?: string; make?: string; phone?: string } = {}) =>
  `${id};AMS;25-11-2026;09:30;${name};${fields.phone ?? '06 12345678'};;12-ABC-3;${fields.make ?? 'Audi'};A3;${fields.work ?? 'APK'};WO-${id};Sanne`;

/** Windows-1252 bytes of a text, from the code page's own table (not from the decoder under test). */
const CP1252: Record<string, number> = { 'é': 0xe9, 'ë': 0xeb, 'ü': 0xfc, 'Š': 0x8a, '€': 0x80, 'ç': 0xe7 };
const windows1252 = (text: string) => Buffer.from([...text].map((c) => CP1252[c] ?? c.charCodeAt(0)));

/** The first bytes of a PNG and of a ZIP (an .xlsx workbook is one). */
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52, 0, 0, 1, 0, 0xff, 0xfe, 0, 0x13]);
const XLSX = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00]), Buffer.from('[Content_Types].xml\u0000\u0000\u00ff\u00fe', 'latin1')]);

const FORMULAS = ['=HYPERLINK("http://evil.example","klik")', "+cmd|' /C calc'!A0", '-2+3+cmd|\' /C notepad\'!A0', '@SUM(1+1)'];

interface ImportCase {
  name: string;
  /** The file, sent as the dialog sends it (upload in pieces, preview, import with the previewed mapping). */
  file?: () => Buffer;
  /** Or the calls a case makes itself; returns the report, or throws the refusal. */
  calls?: (core: DesktopCore) => Promise<ImportReport>;
  refused?: { code: string; message?: RegExp };
  created?: number;
  /** Quarantined rows: [row number, 'field:code' of every problem]. */
  quarantined?: Array<[number, string[]]>;
  /** Customers whose cards must be there afterwards, and the values they must have. */
  arrives?: Array<{ customerName: string; work?: string; make?: string }>;
  /** Customers whose cards must not be there. */
  absent?: string[];
}

const IMPORTS: ImportCase[] = [
  // Refused whole, in words.
  { name: 'an empty file', file: () => Buffer.alloc(0), refused: { code: 'EMPTY_FILE' } },
  { name: 'a file of blank lines', file: () => Buffer.from('\r\n\r\n   \r\n'), refused: { code: 'EMPTY_FILE' } },
  { name: 'binary garbage (a PNG)', file: () => PNG, refused: { code: 'BINARY_FILE', message: /not a (CSV|text)/i } },
  { name: 'an Excel workbook (.xlsx) chosen instead of its CSV', file: () => XLSX, refused: { code: 'BINARY_FILE', message: /not a (CSV|text)/i } },
  { name: 'a line of 2 MB', file: () => Buffer.from(`Afspraak ID;Datum\r\nL-1;"${'x'.repeat(2 * 1024 * 1024)}\r\n`), refused: { code: 'LINE_TOO_LONG' } },
  { name: 'columns that fit no field', file: () => csv(['Naam;Telefoon', 'Jan;0612345678']), refused: { code: 'BAD_MAPPING', message: /No column is mapped to "sourceId"/ } },
  {
    name: 'a half-uploaded file',
    calls: async (core) => {
      const bytes = csv([SAMPLE_HEADER, row('H-1', 'Half Een'), row('H-2', 'Half Twee')]);
      const { uploadId } = await call<{ uploadId: string }>(core, 'beginImportUpload', { fileName: 'half.csv', size: bytes.length });
      await call(core, 'appendImportPiece', { uploadId, offset: 0, contentBase64: bytes.subarray(0, 60).toString('base64') });
      return call<ImportReport>(core, 'runImport', { uploadId, source: 'planit', inboxId: INBOX, mapping: { sourceId: 'Afspraak ID', date: 'Datum' } });
    },
    refused: { code: 'UPLOAD_INCOMPLETE', message: /60 of the file's \d+ bytes/ },
    absent: ['Half Een', 'Half Twee'],
  },
  {
    name: 'a piece that is not base64',
    calls: async (core) => {
      const { uploadId } = await call<{ uploadId: string }>(core, 'beginImportUpload', { fileName: 'x.csv', size: 10 });
      await call(core, 'appendImportPiece', { uploadId, offset: 0, contentBase64: 'not base64!' });
      throw new Error('the piece was taken');
    },
    refused: { code: 'INVALID_INPUT', message: /base64/ },
  },
  {
    name: 'a piece at the wrong place',
    calls: async (core) => {
      const { uploadId } = await call<{ uploadId: string }>(core, 'beginImportUpload', { fileName: 'x.csv', size: 100 });
      await call(core, 'appendImportPiece', { uploadId, offset: 50, contentBase64: Buffer.from('abc').toString('base64') });
      throw new Error('the piece was taken');
    },
    refused: { code: 'UPLOAD_OUT_OF_ORDER' },
  },
  {
    name: 'an upload id nobody began',
    calls: (core) => call<ImportReport>(core, 'runImport', { uploadId: 'no-such-upload', source: 'planit', inboxId: INBOX, mapping: { sourceId: 'a', date: 'b' } }),
    refused: { code: 'NOT_FOUND' },
  },
  {
    name: 'a file announced as -1 bytes',
    calls: (core) => call<ImportReport>(core, 'beginImportUpload', { fileName: 'x.csv', size: -1 }),
    refused: { code: 'INVALID_INPUT', message: /size/ },
  },
  {
    name: 'a source name that climbs out of its folder',
    calls: async (core) => {
      const bytes = csv([SAMPLE_HEADER, row('P-1', 'Pad Klant')]);
      const { uploadId } = await call<{ uploadId: string }>(core, 'beginImportUpload', { fileName: 'x.csv', size: bytes.length });
      await call(core, 'appendImportPiece', { uploadId, offset: 0, contentBase64: bytes.toString('base64') });
      return call<ImportReport>(core, 'runImport', { uploadId, source: '../../etc', inboxId: INBOX, mapping: { sourceId: 'Afspraak ID', date: 'Datum' } });
    },
    refused: { code: 'INVALID_INPUT', message: /source/ },
    absent: ['Pad Klant'],
  },
  {
    name: 'an inbox that does not exist',
    calls: async (core) => importFile(core, csv([SAMPLE_HEADER, row('I-1', 'Inbox Klant')]), { inboxId: 'no-such-inbox' }),
    refused: { code: 'NOT_FOUND', message: /inbox/ },
    absent: ['Inbox Klant'],
  },

  // Imported: each bad row quarantined with all its problems, the good rows beside it whole.
  { name: 'a header only', file: () => csv([SAMPLE_HEADER]), created: 0, quarantined: [] },
  {
    name: 'a row whose columns shifted by one',
    file: () => csv([SAMPLE_HEADER, row('S-1', 'Schuif Een'), 'S-2;AMS;;25-11-2026;09:30;Schuif Twee;06 12345678;;12-ABC-3;Audi;A3;APK;WO-1', row('S-3', 'Schuif Drie')]),
    created: 2,
    quarantined: [[3, ['date:missing', 'time:notATime', 'phone:notAPhoneNumber', 'email:notAnEmail']]],
    arrives: [{ customerName: 'Schuif Een' }, { customerName: 'Schuif Drie' }],
    absent: ['Schuif Twee'],
  },
  {
    name: 'a row with a cell more than the header',
    file: () => csv([SAMPLE_HEADER, row('K-1', 'Kolom Een'), `${row('K-2', 'Kolom Twee')};extra`]),
    created: 1,
    quarantined: [[3, [':columnCount']]],
    arrives: [{ customerName: 'Kolom Een' }],
    absent: ['Kolom Twee'],
  },
  {
    name: 'a cell of 5,000 characters as the work',
    file: () => csv([SAMPLE_HEADER, row('W-1', 'Werk Een', { work: 'w'.repeat(5000) }), row('W-2', 'Werk Twee', { work: 'v'.repeat(4000) })]),
    created: 1,
    quarantined: [[2, ['work:tooLong']]],
    arrives: [{ customerName: 'Werk Twee', work: 'v'.repeat(4000) }],
    absent: ['Werk Een'],
  },
  {
    name: 'a cell of 5,000 characters as the name',
    file: () => csv([SAMPLE_HEADER, row('N-1', 'N'.repeat(5000)), row('N-2', 'Naam Twee')]),
    created: 1,
    quarantined: [[2, ['customerName:tooLong']]],
    arrives: [{ customerName: 'Naam Twee' }],
  },
  {
    name: 'a cell of 5,000 characters in a column no field takes',
    file: () => csv([`${SAMPLE_HEADER};Opmerking`, `${row('O-1', 'Opmerking Een')};${'o'.repeat(5000)}`]),
    created: 1,
    quarantined: [],
    arrives: [{ customerName: 'Opmerking Een' }],
  },
  {
    name: 'lines in UTF-8 and in Windows-1252 in one file',
    file: () =>
      Buffer.concat([
        Buffer.from(`${SAMPLE_HEADER}\r\n${row('E-1', 'Chloë Dubois', { make: 'Citroën' })}\r\n`, 'utf8'),
        windows1252(`${row('E-2', 'François Müller', { make: 'Škoda', work: 'Distributieriem €' })}\r\n`),
      ]),
    created: 2,
    quarantined: [],
    arrives: [
      { customerName: 'Chloë Dubois', make: 'Citroën' },
      { customerName: 'François Müller', make: 'Škoda', work: 'Distributieriem €' },
    ],
  },
  {
    name: 'a UTF-16 file, as Excel saves "Unicode Text"',
    file: () =>
      Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`${[SAMPLE_HEADER, row('U-1', 'Zoë Unicode')].join('\r\n').replaceAll(';', '\t')}\r\n`, 'utf16le')]),
    created: 1,
    quarantined: [],
    arrives: [{ customerName: 'Zoë Unicode' }],
  },
  {
    name: 'formulas as names and work, kept as text',
    file: () => csv([SAMPLE_HEADER, ...FORMULAS.map((f, i) => row(`F-${i}`, f.replaceAll(';', ','), { work: `${f.replaceAll(';', ',')} work` }))]),
    created: FORMULAS.length,
    quarantined: [],
    arrives: FORMULAS.map((f) => ({ customerName: f.replaceAll(';', ','), work: `${f.replaceAll(';', ',')} work` })),
  },
  {
    name: 'a stray quote opening one cell',
    file: () => csv([SAMPLE_HEADER, row('Q-1', 'Quote Een'), 'Q-2;AMS;25-11-2026;09:30;"Quote Twee;;;;;;;;', row('Q-3', 'Quote Drie'), row('Q-4', 'Quote Vier')]),
    created: 3,
    quarantined: [[3, [':unclosedQuote']]],
    arrives: [{ customerName: 'Quote Een' }, { customerName: 'Quote Drie' }, { customerName: 'Quote Vier' }],
  },
  {
    name: 'a quote inside a cell (17" velgen)',
    file: () => csv([SAMPLE_HEADER, row('V-1', 'Velg Klant', { work: 'Banden 17" wisselen' })]),
    created: 1,
    quarantined: [],
    arrives: [{ customerName: 'Velg Klant', work: 'Banden 17" wisselen' }],
  },
  {
    name: 'a file cut off in the middle of its last row',
    file: () => Buffer.from(`${SAMPLE_HEADER}\r\n${row('T-1', 'Tot Een')}\r\n${row('T-2', 'Tot Twee')}\r\nT-3;AMS;25-11-20`),
    created: 2,
    quarantined: [[4, [':columnCount']]],
    arrives: [{ customerName: 'Tot Een' }, { customerName: 'Tot Twee' }],
  },
];

describe('bad input: file imports and drop folders', () => {
  let core: DesktopCore;
  let dataFile: string;

  before(() => {
    dataFile = tempDataFile();
    core = startCore({ dataFile, clock: manualClock(NOW), secrets: tempSecrets(), sources: QUICK_SOURCES });
  });
  after(() => core.close());

  const onBoard = async (customerName: string) =>
    (await call<{ rows: Array<{ customerName: string | null; work: string | null; make: string | null }> }>(core, 'listAppointments', { from: DAY, to: DAY, text: customerName.slice(0, 200) })).rows.filter(
      (r) => r.customerName === customerName,
    );

  const stillUp = async () => {
    const board = await call<{ cards: unknown[] }>(core, 'getBoard', {});
    assert.ok(board.cards.length > 0, 'the core still answers');
  };

  describe('through the BoardApi import calls', () => {
    for (const c of IMPORTS) {
      const outcome = c.refused ? `refused ${c.refused.code}, nothing stored` : `${c.created} imported, ${c.quarantined!.length} quarantined`;
      it(`${c.name}: ${outcome}`, async () => {
        const before = fingerprint(dataFile);
        const attempt = c.calls ? c.calls(core) : importFile(core, c.file!(), { fileName: `${c.name}.csv` });
        if (c.refused) {
          const error = await attempt.then(
            () => assert.fail('taken, not refused'),
            (e: Error & { code?: string }) => e,
          );
          assert.equal(error.code, c.refused.code, error.message);
          assert.ok(error.message.length > 10, 'the refusal in words');
          if (c.refused.message) assert.match(error.message, c.refused.message);
          assert.deepEqual(changedTables(before, fingerprint(dataFile)), [], 'nothing was stored');
        } else {
          const report = await attempt;
          assert.equal(report.created, c.created, JSON.stringify(report.quarantined).slice(0, 500));
          assert.deepEqual(
            report.quarantined.map((q) => [q.rowNumber, q.problems.map((p) => `${p.field ?? ''}:${p.code}`)]),
            c.quarantined,
          );
          assert.equal(report.quarantinedCount, c.quarantined!.length);
          for (const q of report.quarantined) assert.ok(q.raw.length > 0 || q.problems[0]!.code === 'unreadable', 'the row as it was');
        }
        for (const expected of c.arrives ?? []) {
          const [card] = await onBoard(expected.customerName);
          assert.ok(card, `${expected.customerName.slice(0, 40)} arrived`);
          for (const key of ['work', 'make'] as const) if (expected[key] !== undefined) assert.equal(card[key], expected[key], key);
        }
        for (const name of c.absent ?? []) assert.deepEqual(await onBoard(name), [], `${name} is not on the board`);
        await stillUp();
      });
    }
  });

  describe('through a drop folder on an SFTP server', () => {
    const CREDENTIALS = { username: 'planit', password: 'drop-pass' };
    let server: Awaited<ReturnType<typeof startSftpServer>>;
    let folders = 0;
    before(async () => {
      server = await startSftpServer(CREDENTIALS);
    });
    after(() => server.close());

    /** A folder of its own, with its drop source (rename: a file is complete once it has its final name). */
    async function dropFolder(completion: 'rename' | 'marker', fileFormat: 'csv' | 'json' | 'xml' = 'csv', mapping = {}) {
      const folder = `/drop-${++folders}`;
      mkdirSync(join(server.root, folder), { recursive: true });
      const source: SourceView = await saveSource(core, {
        name: `Drop ${folder}`,
        secret: CREDENTIALS.password,
        mapping,
        settings: { kind: 'sftp', host: server.host, port: server.port, username: CREDENTIALS.username, folder, archiveFolder: `${folder}/archive`, errorFolder: `${folder}/error`, completion, fileFormat, hostKey: null },
      });
      return { folder, source, put: (name: string, bytes: Buffer | string) => writeFileSync(join(server.root, folder, name), bytes) };
    }

    const JSON_MAPPING = { sourceId: 'id', date: 'datum', customerName: 'klant' };
    const XML_MAPPING = { sourceId: 'nummer', date: 'datum', customerName: 'klant' };

    interface DropCase {
      name: string;
      completion?: 'rename' | 'marker';
      format?: 'csv' | 'json' | 'xml';
      /** The files put in the folder; every case has a good file beside the bad one. */
      files: Array<[string, () => Buffer | string]>;
      outcome: 'ok' | 'failed';
      message?: RegExp;
      created: number;
      quarantined?: number;
      /** Left in the drop folder, to be taken later (or never: not an export). */
      left: string[];
      /** Moved to the error folder. */
      errors?: number;
      arrives: string[];
      absent?: string[];
      check?: () => Promise<void>;
    }

    const good = (name: string) => csv([SAMPLE_HEADER, row(`G-${name}`, name)]);
    const goodJson = (name: string) => JSON.stringify([{ id: `J-${name}`, datum: '25-11-2026', klant: name }]);
    const goodXml = (name: string) => `<?xml version="1.0"?><afspraken><afspraak nummer="X-${name}"><datum>25-11-2026</datum><klant>${name}</klant></afspraak></afspraken>`;

    const DROPS: DropCase[] = [
      {
        name: 'a half-uploaded file still under its temporary name',
        files: [['a.csv.part', () => csv([SAMPLE_HEADER, row('D-1', 'Deel Een')]).subarray(0, 90)], ['good.csv', () => good('Drop Goed Een')]],
        outcome: 'ok',
        created: 1,
        left: ['a.csv.part'],
        arrives: ['Drop Goed Een'],
        absent: ['Deel Een'],
      },
      {
        name: 'a half-uploaded file without its .done marker',
        completion: 'marker',
        files: [['a.csv', () => csv([SAMPLE_HEADER, row('D-2', 'Deel Twee')]).subarray(0, 90)], ['good.csv', () => good('Drop Goed Twee')], ['good.csv.done', () => '']],
        outcome: 'ok',
        created: 1,
        left: ['a.csv'],
        arrives: ['Drop Goed Twee'],
        absent: ['Deel Twee'],
      },
      {
        name: 'a file cut off mid-row but given its final name',
        files: [['cut.csv', () => `${SAMPLE_HEADER}\r\n${row('D-3', 'Gesneden Een')}\r\nD-4;AMS;25-1`], ['good.csv', () => good('Drop Goed Drie')]],
        outcome: 'ok',
        created: 2,
        quarantined: 1,
        left: [],
        arrives: ['Gesneden Een', 'Drop Goed Drie'],
      },
      {
        name: 'a 0-byte file',
        files: [['empty.csv', () => ''], ['good.csv', () => good('Drop Goed Vier')]],
        outcome: 'failed',
        message: /empty\.csv: .*empty/,
        created: 1,
        left: [],
        errors: 1,
        arrives: ['Drop Goed Vier'],
      },
      {
        name: 'a PDF named .csv',
        files: [['report.csv', () => Buffer.concat([Buffer.from('%PDF-1.7\n%\u00e2\u00e3\u00cf\u00d3\n', 'latin1'), PNG])], ['good.csv', () => good('Drop Goed Vijf')]],
        outcome: 'failed',
        message: /report\.csv: /,
        created: 1,
        left: [],
        errors: 1,
        arrives: ['Drop Goed Vijf'],
      },
      {
        name: 'a file that is not an export at all (.pdf)',
        files: [['manual.pdf', () => Buffer.from('%PDF-1.7\n', 'latin1')], ['good.csv', () => good('Drop Goed Zes')]],
        outcome: 'ok',
        created: 1,
        left: ['manual.pdf'],
        arrives: ['Drop Goed Zes'],
      },
      {
        name: 'a CSV with a header only',
        files: [['header.csv', () => csv([SAMPLE_HEADER])], ['good.csv', () => good('Drop Goed Zeven')]],
        outcome: 'ok',
        created: 1,
        left: [],
        arrives: ['Drop Goed Zeven'],
      },
      {
        name: 'a row with a 5,000-character cell beside good ones',
        files: [['big.csv', () => csv([SAMPLE_HEADER, row('D-5', 'Groot Een', { work: 'w'.repeat(5000) }), row('D-6', 'Groot Twee')])]],
        outcome: 'ok',
        created: 1,
        quarantined: 1,
        left: [],
        arrives: ['Groot Twee'],
        absent: ['Groot Een'],
      },
      {
        name: 'JSON that is not JSON',
        format: 'json',
        files: [['broken.json', () => '[{"id": "J-1", "datum": '], ['good.json', () => goodJson('Json Goed Een')]],
        outcome: 'failed',
        message: /broken\.json: The file is not valid JSON/,
        created: 1,
        left: [],
        errors: 1,
        arrives: ['Json Goed Een'],
      },
      {
        name: 'JSON without a list of appointments',
        format: 'json',
        files: [['object.json', () => '{"status": "ok"}'], ['good.json', () => goodJson('Json Goed Twee')]],
        outcome: 'failed',
        message: /object\.json: The JSON file has no list/,
        created: 1,
        left: [],
        errors: 1,
        arrives: ['Json Goed Twee'],
      },
      {
        name: 'XML that is not well-formed',
        format: 'xml',
        files: [['broken.xml', () => '<afspraken><afspraak nummer="X-1"><datum>25-11-2026</afspraak>'], ['good.xml', () => goodXml('Xml Goed Een')]],
        outcome: 'failed',
        message: /broken\.xml: The file is not valid XML/,
        created: 1,
        left: [],
        errors: 1,
        arrives: ['Xml Goed Een'],
      },
      {
        name: 'XML with an entity that expands a billion times',
        format: 'xml',
        files: [
          [
            'bomb.xml',
            () =>
              `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">${Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i || ''};`.repeat(10)}">`).join('')}]>` +
              '<afspraken><afspraak nummer="X-B"><datum>25-11-2026</datum><klant>&lol9;</klant></afspraak></afspraken>',
          ],
          ['good.xml', () => goodXml('Xml Goed Twee')],
        ],
        // The parser expands an entity once, not through its references: the name is the text
        // of one definition, short, and the process never builds the billion.
        outcome: 'ok',
        created: 2,
        left: [],
        arrives: ['Xml Goed Twee'],
        check: async () => {
          const { rows } = await call<{ rows: Array<{ sourceId: string; customerName: string | null }> }>(core, 'listAppointments', { from: DAY, to: DAY, text: 'lol' });
          const bomb = rows.find((r) => r.sourceId === 'X-B');
          assert.ok(bomb && (bomb.customerName ?? '').length <= 200, JSON.stringify(bomb));
        },
      },
    ];

    for (const c of DROPS) {
      it(`${c.name}: ${c.outcome === 'failed' ? 'moved to the error folder with the reason' : c.left.length ? 'left where it is' : 'taken'}, the good file beside it imported`, async () => {
        const drop = await dropFolder(c.completion ?? 'rename', c.format ?? 'csv', c.format === 'json' ? JSON_MAPPING : c.format === 'xml' ? XML_MAPPING : {});
        for (const [name, bytes] of c.files) drop.put(name, bytes());
        const run = await core.handlers.syncSource({ id: drop.source.id });
        const seen = `${JSON.stringify(run)} left: ${server.files(drop.folder).join(', ')}`;
        assert.equal(run.outcome, c.outcome, seen);
        if (c.message) assert.match(run.message ?? '', c.message, seen);
        assert.equal(run.created, c.created, seen);
        assert.equal(run.quarantined, (c.quarantined ?? 0) + (c.errors ?? 0));
        assert.deepEqual(server.files(drop.folder).filter((f) => f !== 'archive' && f !== 'error'), c.left, 'what is left to take later');
        assert.equal(server.files(`${drop.folder}/error`).length, c.errors ?? 0);
        for (const name of c.arrives) assert.equal((await onBoard(name)).length, 1, `${name} arrived`);
        for (const name of c.absent ?? []) assert.deepEqual(await onBoard(name), [], `${name} is not on the board`);
        await c.check?.();
        await stillUp();
      });
    }
  });
});
