import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { mappingProblems, type ImportProblem } from '../../src/api/import';
import { problemOf } from '../../src/desktop/cache/migrations/0008-import-problems';
import { decode, decodeLine, detectDelimiter, fitRow, LineDecoder, openCsv, readCsv } from '../../src/desktop/sync/csv-file';
import { defaultMapping, fitMapping, fold, unmappedHeaders } from '../../src/desktop/sync/field-mapping';
import { normaliseRow } from '../../src/api/normalise-row';
import { renderSampleDates } from '../../src/desktop/sample-data';
import { formatters } from '../../renderer/i18n';
import { mappingProblemWords, problemWords } from '../../renderer/import/problem-words';

const ctx = { zone: 'Europe/Amsterdam', country: 'NL', defaultTime: '08:00' };

/** Windows-1252 bytes of a text, built from the code page's own table (not from the decoder under test). */
const CP1252: Record<string, number> = { '€': 0x80, 'ë': 0xeb, 'é': 0xe9, 'ü': 0xfc, 'Š': 0x8a, '‘': 0x91, '’': 0x92, '°': 0xb0 };
function windows1252(text: string): Buffer {
  return Buffer.from([...text].map((c) => CP1252[c] ?? c.charCodeAt(0)));
}

async function* pieces(bytes: Buffer, size: number): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

describe('decoding line by line', () => {
  it('reads a line as UTF-8 where it is valid UTF-8, as Windows-1252 otherwise, and tells plain ASCII apart', () => {
    assert.deepEqual(decodeLine(Buffer.from('Zoë €', 'utf8')), { text: 'Zoë €', encoding: 'utf-8' });
    assert.deepEqual(decodeLine(windows1252('Zoë €')), { text: 'Zoë €', encoding: 'windows-1252' });
    assert.deepEqual(decodeLine(windows1252('Škoda ‘A3’')), { text: 'Škoda ‘A3’', encoding: 'windows-1252' });
    assert.deepEqual(decodeLine(Buffer.from('B-1;AMS')), { text: 'B-1;AMS', encoding: null });
  });

  it('decodes a file whose lines come in two encodings, each line in its own, and names it mixed', () => {
    const bytes = Buffer.concat([Buffer.from('Nr;Naam\r\n1;José Müller\r\n'), windows1252('2;Zoë Février\r\n'), Buffer.from('3;Plain\r\n')]);
    assert.deepEqual(decode(bytes), { text: 'Nr;Naam\r\n1;José Müller\r\n2;Zoë Février\r\n3;Plain\r\n', encoding: 'mixed' });
    assert.equal(decode(windows1252('Nr;Naam\n1;Zoë\n')).encoding, 'windows-1252');
    assert.equal(decode(Buffer.from('Nr;Naam\n1;Zoë\n')).encoding, 'utf-8');
  });

  it('drops a UTF-8 byte order mark, also when it arrives split over two pieces', () => {
    const decoder = new LineDecoder();
    const text = decoder.push(Buffer.from([0xef, 0xbb])) + decoder.push(Buffer.concat([Buffer.from([0xbf]), Buffer.from('Zoë\n')])) + decoder.end();
    assert.equal(text, 'Zoë\n');
  });

  it('keeps a line whole when a piece ends inside it, even inside a UTF-8 character', () => {
    const bytes = Buffer.from('Nr;Naam\n1;Zoë Müller\n2;Ærø\n', 'utf8');
    for (let size = 1; size <= 6; size++) {
      const decoder = new LineDecoder();
      let text = '';
      for (let i = 0; i < bytes.length; i += size) text += decoder.push(bytes.subarray(i, i + size));
      text += decoder.end();
      assert.equal(text, 'Nr;Naam\n1;Zoë Müller\n2;Ærø\n', `pieces of ${size} bytes`);
      assert.equal(decoder.encoding(), 'utf-8');
    }
  });

  it('refuses a line longer than 1 MB before it fills the memory', () => {
    const decoder = new LineDecoder();
    assert.throws(() => decoder.push(Buffer.alloc(1024 * 1024 + 1, 0x41)), { code: 'LINE_TOO_LONG' });
  });
});

describe('reading CSV', () => {
  it('passes over a row of separators only (a blank spreadsheet line), not a row with one value', () => {
    const table = readCsv(Buffer.from('Id;Naam;Merk\r\n1;Jan;Opel\r\n;;\r\n;;;;;;\r\n2;;\r\n'));
    assert.deepEqual(
      table.records.map((r) => [r.rowNumber, 'cells' in r ? r.cells : null]),
      [
        [2, ['1', 'Jan', 'Opel']],
        [5, ['2', '', '']],
      ],
    );
  });

  it('detects the separator and keeps row numbers as a spreadsheet counts them', () => {
    assert.equal(detectDelimiter('a;b;c'), ';');
    assert.equal(detectDelimiter('a,b,c'), ',');
    assert.equal(detectDelimiter('a\tb\tc'), '\t');
    const table = readCsv(Buffer.from('Id;Naam\r\n1;"Jan; de Vries"\r\n\r\n2;Piet\r\n'));
    assert.deepEqual(table.headers, ['Id', 'Naam']);
    assert.deepEqual(
      table.records.map((r) => [r.rowNumber, 'cells' in r ? r.cells : null]),
      [
        [2, ['1', 'Jan; de Vries']],
        [4, ['2', 'Piet']],
      ],
    );
    assert.equal(table.records[0]!.raw, '1;"Jan; de Vries"');
  });

  it('streams the same records from pieces of any size as the whole file gives', async () => {
    const bytes = Buffer.concat([Buffer.from('Nr;Naam;Werk\r\n1;Zoë;"APK;\r\nremmen"\r\n'), windows1252('2;Février;banden\r\n'), Buffer.from('\r\n3;Jan;olie')]);
    const whole = readCsv(bytes);
    for (const size of [1, 7, 64 * 1024]) {
      const csv = await openCsv(() => pieces(bytes, size));
      const records = [];
      for await (const batch of csv.records) records.push(...batch);
      assert.deepEqual([csv.headers, csv.headerLine, csv.delimiter, records], [whole.headers, whole.headerLine, whole.delimiter, whole.records]);
      assert.equal(csv.encoding(), 'mixed');
    }
    assert.deepEqual(whole.records.map((r) => ('cells' in r ? r.cells[2] : null)), ['APK;\r\nremmen', 'banden', 'olie']);
  });

  it('reads a UTF-16 file by its byte order mark, as Excel saves "Unicode Text"', async () => {
    const text = 'Nr\tNaam\r\n1\tZoë Février\r\n';
    for (const bytes of [Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]), Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(text, 'utf16le').swap16()])]) {
      const table = readCsv(bytes);
      assert.deepEqual([table.encoding, table.delimiter, table.headers, table.records.map((r) => ('cells' in r ? r.cells : null))], ['utf-16', '\t', ['Nr', 'Naam'], [['1', 'Zoë Février']]]);
      const csv = await openCsv(() => pieces(bytes, 3));
      const records = [];
      for await (const batch of csv.records) records.push(...batch);
      assert.deepEqual(records, table.records);
      assert.equal(csv.encoding(), 'utf-16');
    }
  });

  it('refuses a file that is no text (a spreadsheet, a picture) in words', async () => {
    const xlsx = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00]), Buffer.from('[Content_Types].xml')]);
    assert.throws(() => readCsv(xlsx), { code: 'BINARY_FILE', message: /not a CSV \(text\) file/ });
    await assert.rejects(openCsv(() => pieces(xlsx, 4)), { code: 'BINARY_FILE' });
  });

  it('keeps the line of a quote that is never closed apart and reads the rows after it, streamed or whole', async () => {
    // A stray quote can only be told apart when no later quote closes it: here the last one.
    const bytes = Buffer.from('Nr;Naam;Werk\r\n1;Een;APK\r\n2;Twee;"remmen\r\nen banden"\r\n3;"Drie;olie\r\n\r\n4;Vier;banden\r\n5;Vijf;olie\r\n');
    const expected = [
      { rowNumber: 2, cells: ['1', 'Een', 'APK'], raw: '1;Een;APK' },
      { rowNumber: 3, cells: ['2', 'Twee', 'remmen\r\nen banden'], raw: '2;Twee;"remmen\r\nen banden"' },
      { rowNumber: 5, raw: '3;"Drie;olie', unclosedQuote: true },
      { rowNumber: 7, cells: ['4', 'Vier', 'banden'], raw: '4;Vier;banden' },
      { rowNumber: 8, cells: ['5', 'Vijf', 'olie'], raw: '5;Vijf;olie' },
    ];
    assert.deepEqual(readCsv(bytes).records, expected);
    for (const size of [5, 1024]) {
      const csv = await openCsv(() => pieces(bytes, size));
      const records = [];
      for await (const batch of csv.records) records.push(...batch);
      assert.deepEqual(records, expected, `pieces of ${size} bytes`);
    }
  });

  it('counts rows by the line they start on, past cells with line breaks and lines that end either way', () => {
    const table = readCsv(Buffer.from('Nr;Werk\r\n1;"APK\r\nremmen\r\nbanden"\r\n\r\n2;olie\n3;"a\nb"\n4;c\r\n5;d'));
    assert.deepEqual(
      table.records.map((r) => [r.rowNumber, 'cells' in r ? r.cells[0] : null]),
      [[2, '1'], [6, '2'], [7, '3'], [9, '4'], [10, '5']],
    );
  });

  it('refuses an empty file, streamed or whole', async () => {
    assert.throws(() => readCsv(Buffer.from('')), { code: 'EMPTY_FILE' });
    await assert.rejects(openCsv(() => pieces(Buffer.from('\r\n'), 10)), { code: 'EMPTY_FILE' });
  });

  it('tolerates empty cells after the last column (;;), but not fewer cells or text beyond it', () => {
    const headers = ['Nr', 'Datum', 'Naam'];
    assert.deepEqual(fitRow(['1', '25-11-2026', 'Jan', '', ' '], headers), ['1', '25-11-2026', 'Jan']);
    assert.deepEqual(fitRow(['1', '25-11-2026', 'Jan'], headers), ['1', '25-11-2026', 'Jan']);
    assert.equal(fitRow(['1', '25-11-2026'], headers), null);
    assert.equal(fitRow(['1', '25-11-2026', 'Jan', 'extra'], headers), null);
    // A header that itself ends in separators names no columns there.
    assert.deepEqual(fitRow(['1', '25-11-2026', 'Jan'], [...headers, '', '']), ['1', '25-11-2026', 'Jan']);
  });
});

describe('column mapping', () => {
  const headers = ['Afspraak ID', 'Datum', 'Tijd', 'Klant', 'Kenteken', 'Opmerking'];

  it('matches the sample headers by name, case-insensitively', () => {
    const mapping = defaultMapping(headers.map((h) => h.toUpperCase()));
    assert.equal(mapping.sourceId, 'AFSPRAAK ID');
    assert.equal(mapping.date, 'DATUM');
    assert.equal(mapping.plate, 'KENTEKEN');
    assert.equal(mapping.phone, undefined);
  });

  it('recognises Dutch, Flemish, French and English headers for every field, the required ones too', () => {
    const files: Array<[string[], Record<string, string>]> = [
      [
        ['Afspraaknr', 'Filiaal', 'Afspraakdatum', 'Aanvang', 'Klantnaam', 'Mobiel', 'E-mailadres', 'Kenteken', 'Merk', 'Model', 'Omschrijving', 'Werkorder', 'Serviceadviseur', 'Geannuleerd'],
        { sourceId: 'Afspraaknr', branch: 'Filiaal', date: 'Afspraakdatum', time: 'Aanvang', customerName: 'Klantnaam', phone: 'Mobiel', email: 'E-mailadres', plate: 'Kenteken', make: 'Merk', model: 'Model', work: 'Omschrijving', workOrder: 'Werkorder', owner: 'Serviceadviseur', cancelled: 'Geannuleerd' },
      ],
      [
        ['Afspraak nr.', 'Vestiging', 'Datum', 'Uur', 'Naam', 'GSM', 'E-mail', 'Nummerplaat', 'Merk', 'Type', 'Werkzaamheden', 'Werkbon', 'Adviseur', 'Status'],
        { sourceId: 'Afspraak nr.', branch: 'Vestiging', date: 'Datum', time: 'Uur', customerName: 'Naam', phone: 'GSM', email: 'E-mail', plate: 'Nummerplaat', make: 'Merk', model: 'Type', work: 'Werkzaamheden', workOrder: 'Werkbon', owner: 'Adviseur', cancelled: 'Status' },
      ],
      [
        ['RDV n°', 'Établissement', 'Date du rendez-vous', 'Heure', 'Client', 'Téléphone', 'Courriel', 'Immatriculation', 'Marque', 'Modèle', 'Travaux', 'Ordre de réparation', 'Conseiller', 'Annulé'],
        { sourceId: 'RDV n°', branch: 'Établissement', date: 'Date du rendez-vous', time: 'Heure', customerName: 'Client', phone: 'Téléphone', email: 'Courriel', plate: 'Immatriculation', make: 'Marque', model: 'Modèle', work: 'Travaux', workOrder: 'Ordre de réparation', owner: 'Conseiller', cancelled: 'Annulé' },
      ],
      [
        ['N° de rendez-vous', 'Date', 'Heure de début', 'Nom du client', 'Portable', 'Plaque', 'Statut'],
        { sourceId: 'N° de rendez-vous', date: 'Date', time: 'Heure de début', customerName: 'Nom du client', phone: 'Portable', plate: 'Plaque', cancelled: 'Statut' },
      ],
      [
        ['Appointment ID', 'Branch', 'Appointment date', 'Start time', 'Customer name', 'Mobile', 'Email', 'Registration', 'Make', 'Model', 'Work to be done', 'Repair order', 'Service advisor', 'Cancelled'],
        { sourceId: 'Appointment ID', branch: 'Branch', date: 'Appointment date', time: 'Start time', customerName: 'Customer name', phone: 'Mobile', email: 'Email', plate: 'Registration', make: 'Make', model: 'Model', work: 'Work to be done', workOrder: 'Repair order', owner: 'Service advisor', cancelled: 'Cancelled' },
      ],
    ];
    for (const [fileHeaders, expected] of files) assert.deepEqual(defaultMapping(fileHeaders), expected, fileHeaders.join(';'));
  });

  it('reads headers past accents, case, punctuation and the forms of the number sign', () => {
    assert.equal(fold(' AFSPRAAK  NR. '), fold('Afspraak nr'));
    assert.equal(fold('RDV nº'), fold('RDV n°'));
    assert.equal(fold('Téléphone'), 'telephone');
    assert.equal(defaultMapping(['afspraak-nr', 'DATE DU RENDEZ VOUS']).sourceId, 'afspraak-nr');
    assert.equal(defaultMapping(['afspraak-nr', 'DATE DU RENDEZ VOUS']).date, 'DATE DU RENDEZ VOUS');
  });

  it('names what is wrong with a mapping, as codes', () => {
    assert.deepEqual(mappingProblems({ sourceId: 'Afspraak ID', date: 'Datum' }, headers), []);
    assert.deepEqual(mappingProblems({ sourceId: 'Nummer' }, headers), [
      { code: 'requiredUnmapped', field: 'date' },
      { code: 'columnNotInFile', field: 'sourceId', header: 'Nummer' },
    ]);
  });

  it('drops remembered columns the file no longer has, and lists unmapped ones', () => {
    assert.deepEqual(fitMapping({ date: 'Datum', phone: 'Telefoon' }, headers), { date: 'Datum' });
    assert.deepEqual(unmappedHeaders({ sourceId: 'Afspraak ID', date: 'Datum' }, headers), ['Tijd', 'Klant', 'Kenteken', 'Opmerking']);
  });
});

describe('normaliseRow', () => {
  it('normalises a complete row', () => {
    const result = normaliseRow(
      {
        sourceId: ' A-1 ',
        branch: 'AMS',
        date: '25-11-2026',
        time: '9.30',
        customerName: 'Jan',
        phone: '06 12345678',
        email: 'Jan@Example.NL',
        plate: '12-abc-3',
        cancelled: 'nee',
      },
      ctx,
    );
    assert.ok(result.ok);
    assert.equal(result.value.sourceId, 'A-1');
    assert.equal(result.value.localTime, '09:30');
    assert.equal(result.value.phone, '+31612345678');
    assert.equal(result.value.email, 'jan@example.nl');
    assert.equal(result.value.plate, '12-ABC-3');
    assert.equal(result.value.cancelled, false);
    assert.equal(new Date(result.value.startsAt).toISOString(), '2026-11-25T08:30:00.000Z');
  });

  it('gives a date without a time the default time', () => {
    const result = normaliseRow({ sourceId: '1', date: '2026-11-25' }, ctx);
    assert.ok(result.ok);
    assert.equal(result.value.localTime, '08:00');
  });

  const problems = (fields: Record<string, string>): ImportProblem[] => {
    const r = normaliseRow({ sourceId: '1', date: '25-11-2026', ...fields }, ctx);
    return r.ok ? [] : r.problems;
  };

  it('gives each problem as a code with its parameters', () => {
    assert.deepEqual(problems({ sourceId: '' }), [{ field: 'sourceId', code: 'missing', params: {} }]);
    assert.deepEqual(problems({ date: '' }), [{ field: 'date', code: 'missing', params: {} }]);
    assert.deepEqual(problems({ date: '25 nov' }), [{ field: 'date', code: 'notADate', params: { value: '25 nov' } }]);
    assert.deepEqual(problems({ date: '31-11-2026' }), [{ field: 'date', code: 'noSuchDate', params: { value: '31-11-2026' } }]);
    assert.deepEqual(problems({ date: '25-11-2206' }), [{ field: 'date', code: 'dateOutOfRange', params: { value: '25-11-2206', first: 1900, last: 2100 } }]);
    assert.deepEqual(problems({ time: '9 uur' }), [{ field: 'time', code: 'notATime', params: { value: '9 uur' } }]);
    assert.deepEqual(problems({ time: '25:00' }), [{ field: 'time', code: 'noSuchTime', params: { value: '25:00' } }]);
    assert.deepEqual(problems({ phone: 'bel me' }), [{ field: 'phone', code: 'notAPhoneNumber', params: { value: 'bel me' } }]);
    assert.deepEqual(problems({ phone: '12345' }), [{ field: 'phone', code: 'invalidPhoneNumber', params: { value: '12345' } }]);
    assert.deepEqual(problems({ email: 'jan@' }), [{ field: 'email', code: 'notAnEmail', params: { value: 'jan@' } }]);
    assert.deepEqual(problems({ cancelled: 'misschien' }), [{ field: 'cancelled', code: 'notACancelledValue', params: { value: 'misschien' } }]);
    assert.deepEqual(problems({ cancelled: 'Geannuleerd' }), []);
    assert.deepEqual(problems({ cancelled: 'Annulé' }), []);
  });

  it('quarantines a value over its limit (src/api/limits) with its length, never cuts it', () => {
    assert.deepEqual(problems({ make: 'M'.repeat(150) }), [{ field: 'make', code: 'tooLong', params: { max: 100, length: 150 } }]);
    assert.deepEqual(problems({ make: 'M'.repeat(100) }), []);
    assert.deepEqual(problems({ work: 'w'.repeat(4001) }), [{ field: 'work', code: 'tooLong', params: { max: 4000, length: 4001 } }]);
    assert.deepEqual(problems({ phone: `06 ${'1'.repeat(40)}` }), [{ field: 'phone', code: 'tooLong', params: { max: 40, length: 43 } }]);
    assert.deepEqual(problems({ sourceId: 'X'.repeat(101) }), [{ field: 'sourceId', code: 'tooLong', params: { max: 100, length: 101 } }]);
  });

  it('quarantines a value holding a NUL character (binary, not text) with its field', () => {
    assert.deepEqual(problems({ make: 'Vo\u0000lvo' }), [{ field: 'make', code: 'nulCharacter', params: {} }]);
    assert.deepEqual(problems({ customerName: '\u0000' }), [{ field: 'customerName', code: 'nulCharacter', params: {} }]);
  });

  it('reports every problem of a row, in the order of the fields', () => {
    const all = normaliseRow(
      { sourceId: '', branch: 'B'.repeat(61), date: '31-02-2026', time: '25:61', customerName: 'N'.repeat(201), phone: 'bel me', email: 'x@', plate: 'P'.repeat(21), make: 'M'.repeat(101), model: 'm'.repeat(101), work: 'w'.repeat(4001), workOrder: 'W'.repeat(101), owner: 'O'.repeat(101), cancelled: 'soms' },
      ctx,
    );
    assert.ok(!all.ok);
    assert.deepEqual(
      all.problems.map((p) => [p.field, p.code]),
      [
        ['sourceId', 'missing'],
        ['branch', 'tooLong'],
        ['date', 'noSuchDate'],
        ['time', 'noSuchTime'],
        ['customerName', 'tooLong'],
        ['phone', 'notAPhoneNumber'],
        ['email', 'notAnEmail'],
        ['plate', 'tooLong'],
        ['make', 'tooLong'],
        ['model', 'tooLong'],
        ['work', 'tooLong'],
        ['workOrder', 'tooLong'],
        ['owner', 'tooLong'],
        ['cancelled', 'notACancelledValue'],
      ],
    );
  });
});

describe('problems in words', () => {
  const en = formatters('en', 'Europe/Amsterdam');
  const nl = formatters('nl', 'Europe/Amsterdam');

  it('words each code in English and Dutch with the field it is about', () => {
    const tooLong: ImportProblem = { field: 'make', code: 'tooLong', params: { max: 100, length: 150 } };
    assert.deepEqual(problemWords(tooLong, en), { field: 'Make', text: 'is 150 characters long; at most 100 fit.' });
    assert.deepEqual(problemWords(tooLong, nl), { field: 'Merk', text: 'is 150 tekens lang; er passen er hoogstens 100.' });
    const noSuchDate: ImportProblem = { field: 'date', code: 'noSuchDate', params: { value: '31-02-2026' } };
    assert.equal(problemWords(noSuchDate, en).text, '“31-02-2026” does not exist.');
    assert.equal(problemWords(noSuchDate, nl).text, '“31-02-2026” bestaat niet.');
    const range: ImportProblem = { field: 'date', code: 'dateOutOfRange', params: { value: '01-01-2206', first: 1900, last: 2100 } };
    assert.equal(problemWords(range, en).text, '“01-01-2206” is not between 1900 and 2100.');
    assert.equal(problemWords({ field: null, code: 'unreadable', params: { detail: 'The file is not valid XML' } }, nl).field, null);
  });

  it('takes the plural form the locale picks: never "1 cells"', () => {
    const columns = (cells: number, cols: number): ImportProblem => ({ field: null, code: 'columnCount', params: { cells, columns: cols } });
    assert.equal(problemWords(columns(1, 13), en).text, 'The row has 1 cell where the header has 13 columns.');
    assert.equal(problemWords(columns(5, 1), en).text, 'The row has 5 cells where the header has 1 column.');
    assert.equal(problemWords(columns(1, 13), nl).text, 'De rij heeft 1 cel waar de kopregel 13 kolommen heeft.');
    assert.equal(en.tp('import.rows', 1), '1 row');
    assert.equal(en.tp('import.rows', 1_000_000), '1,000,000 rows');
    assert.equal(nl.tp('import.rows', 1), '1 rij');
    assert.equal(nl.tp('import.rows', 0), '0 rijen');
    assert.equal(nl.tp('import.rows', 1_000_000), '1.000.000 rijen');
  });

  it('words mapping problems, naming the field as the form does', () => {
    assert.equal(mappingProblemWords({ code: 'requiredUnmapped', field: 'sourceId' }, nl), 'Er is geen kolom gekoppeld aan “Afspraak-id”, en elke rij heeft dat nodig.');
    assert.equal(mappingProblemWords({ code: 'columnNotInFile', field: 'date', header: 'Dag' }, en), '“Date” is mapped to the column “Dag”, which is not in this file.');
  });
});

describe('reasons of an earlier version as problems (migration 0008)', () => {
  it('reads the reasons the importer has always worded, and keeps others in their words', () => {
    assert.deepEqual(problemOf('sourceId', 'appointment id is empty'), { field: 'sourceId', code: 'missing', params: {} });
    assert.deepEqual(problemOf('phone', '"0612" is not a valid phone number'), { field: 'phone', code: 'invalidPhoneNumber', params: { value: '0612' } });
    assert.deepEqual(problemOf(null, 'row has 5 columns where the header has 13'), { field: null, code: 'columnCount', params: { cells: 5, columns: 13 } });
    assert.deepEqual(problemOf('sourceId', 'appointment id A1 already appears in row 2'), {
      field: 'sourceId',
      code: 'unreadable',
      params: { detail: 'appointment id A1 already appears in row 2' },
    });
  });
});

describe('renderSampleDates', () => {
  it('dates the sample around today', () => {
    assert.equal(renderSampleDates('{{day-1}};{{day}};{{day+2}}', '2026-12-31'), '30-12-2026;31-12-2026;02-01-2027');
  });
});
