import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decode, detectDelimiter, readCsv } from '../../src/desktop/sync/csv-file';
import { defaultMapping, fitMapping, mappingProblems, unmappedHeaders } from '../../src/desktop/sync/field-mapping';
import { normaliseRow } from '../../src/desktop/sync/normalise-row';
import { renderSampleDates } from '../../src/desktop/sample-data';

const ctx = { zone: 'Europe/Amsterdam', country: 'NL', defaultTime: '08:00' };

describe('decode', () => {
  it('reads UTF-8 with and without a BOM', () => {
    assert.deepEqual(decode(Buffer.from('Zoë', 'utf8')), { text: 'Zoë', encoding: 'utf-8' });
    assert.deepEqual(decode(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('Zoë')])), {
      text: 'Zoë',
      encoding: 'utf-8',
    });
  });

  it('reads Windows-1252, including the euro sign that Latin-1 lacks', () => {
    const bytes = Buffer.from([0x5a, 0x6f, 0xeb, 0x20, 0x80]);
    assert.deepEqual(decode(bytes), { text: 'Zoë €', encoding: 'windows-1252' });
  });
});

describe('readCsv', () => {
  it('detects the separator and keeps row numbers as a spreadsheet counts them', () => {
    assert.equal(detectDelimiter('a;b;c'), ';');
    assert.equal(detectDelimiter('a,b,c'), ',');
    assert.equal(detectDelimiter('a\tb\tc'), '\t');
    const table = readCsv(Buffer.from('Id;Naam\r\n1;"Jan; de Vries"\r\n\r\n2;Piet\r\n'));
    assert.deepEqual(table.headers, ['Id', 'Naam']);
    assert.deepEqual(
      table.records.map((r) => [r.rowNumber, r.cells]),
      [
        [2, ['1', 'Jan; de Vries']],
        [4, ['2', 'Piet']],
      ],
    );
    assert.equal(table.records[0]!.raw, '1;"Jan; de Vries"');
  });

  it('refuses an empty file', () => {
    assert.throws(() => readCsv(Buffer.from('')), /empty/);
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

  it('names what is wrong with a mapping', () => {
    assert.deepEqual(mappingProblems({ sourceId: 'Afspraak ID', date: 'Datum' }, headers), []);
    const problems = mappingProblems({ sourceId: 'Nummer' }, headers);
    assert.equal(problems.length, 2);
    assert.match(problems.join(' '), /"date"/);
    assert.match(problems.join(' '), /"Nummer", which is not in this file/);
  });

  it('drops remembered columns the file no longer has, and lists unmapped ones', () => {
    assert.deepEqual(fitMapping({ date: 'Datum', phone: 'Telefoon' }, headers), { date: 'Datum' });
    assert.deepEqual(unmappedHeaders({ sourceId: 'Afspraak ID', date: 'Datum' }, headers), [
      'Tijd',
      'Klant',
      'Kenteken',
      'Opmerking',
    ]);
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

  it('gives the reason a row cannot be read', () => {
    const reason = (fields: Record<string, string>) => {
      const r = normaliseRow({ sourceId: '1', date: '25-11-2026', ...fields }, ctx);
      return r.ok ? null : r.reason;
    };
    assert.match(reason({ sourceId: '' })!, /appointment id is empty/);
    assert.match(reason({ date: '31-11-2026' })!, /does not exist/);
    assert.match(reason({ time: '25:00' })!, /does not exist/);
    assert.match(reason({ phone: '12345' })!, /not a valid phone number/);
    assert.match(reason({ email: 'jan@' })!, /not an e-mail address/);
    assert.match(reason({ cancelled: 'misschien' })!, /not a cancelled value/);
    assert.equal(reason({ cancelled: 'Geannuleerd' }), null);
  });
});

describe('renderSampleDates', () => {
  it('dates the sample around today', () => {
    assert.equal(renderSampleDates('{{day-1}};{{day}};{{day+2}}', '2026-12-31'), '30-12-2026;31-12-2026;02-01-2027');
  });
});
