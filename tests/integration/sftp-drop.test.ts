import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Database } from 'better-sqlite3';
import SftpClient from 'ssh2-sftp-client';
import type { SourceView } from '../../src/api/sources';
import type { DesktopCore } from '../../src/desktop/core';
import { cacheConnection } from '../support/cache-connection';
import { csv, SAMPLE_HEADER } from '../support/csv';
import { manualClock, startCore } from '../support/desktop';
import { appointmentSourceOf } from '../../src/desktop/sync/connector-factory';
import { startSftpServer } from '../support/sftp-server';
import { QUICK_SOURCES, saveSource, tempSecrets } from '../support/sources';

const START = Date.parse('2026-11-25T08:00:00Z');
const CREDENTIALS = { username: 'planit', password: 'drop-pass' };

function row(id: string, name: string, phone = '0612345678', date = '25-11-2026', branch = 'Utrecht'): string {
  return `${id};${branch};${date};09:30;${name};${phone};;AB-123-C;Volkswagen;Golf;Grote beurt;WO-${id};Sanne`;
}

describe('SFTP file drop (a real SFTP server on 127.0.0.1)', () => {
  const clock = manualClock(START);
  let server: Awaited<ReturnType<typeof startSftpServer>>;
  const uploader = new SftpClient('test-uploader');
  let core: DesktopCore;
  let cache: Database;

  const drop = async (completion: 'stable-size' | 'marker' | 'rename', folder: string, fileFormat: 'csv' | 'json' | 'xml' = 'csv', mapping = {}) => {
    await uploader.mkdir(folder, true);
    return saveSource(core, {
      name: `Drop ${folder}`,
      secret: CREDENTIALS.password,
      mapping,
      settings: { kind: 'sftp', host: server.host, port: server.port, username: CREDENTIALS.username, folder, archiveFolder: `${folder}/archive`, errorFolder: `${folder}/error`, completion, fileFormat, hostKey: null },
    });
  };
  const appointments = (source: SourceView) =>
    cache.prepare<[string], { source_id: string; branch: string }>('SELECT source_id, branch FROM appointments WHERE source = ? ORDER BY source_id').all(appointmentSourceOf(source));

  before(async () => {
    server = await startSftpServer(CREDENTIALS);
    await uploader.connect({ host: server.host, port: server.port, ...CREDENTIALS });
    core = startCore({ clock, secrets: tempSecrets(), sources: QUICK_SOURCES });
    cache = cacheConnection(core);
  });
  after(async () => {
    cache.close();
    core.close();
    await uploader.end();
    await server.close();
  });

  it('imports Windows-1252 and BOM files, quarantines a bad row while the rest imports, archives them, and never imports the same content twice', async () => {
    const source = await drop('stable-size', '/export');
    await uploader.put(csv([SAMPLE_HEADER, row('1', 'Jürgen Müller'), row('2', 'Bad Phone', 'call me')], { windows1252: true }), '/export/afspraken-1.csv');
    await uploader.put(csv([SAMPLE_HEADER, row('3', 'Zoë Janssen', '0687654321')], { bom: true }), '/export/afspraken-2.csv');

    const run = await core.handlers.syncSource({ id: source.id });
    assert.equal(run.outcome, 'ok', run.message ?? '');
    assert.deepEqual([run.batches, run.created, run.quarantined], [2, 2, 1]);
    const names = cache.prepare<[], string>("SELECT name FROM contacts WHERE name IN ('Jürgen Müller', 'Zoë Janssen') ORDER BY name").pluck().all();
    assert.deepEqual(names, ['Jürgen Müller', 'Zoë Janssen'], 'Windows-1252 and UTF-8 with BOM decoded');
    assert.deepEqual(server.files('/export').filter((f) => f.endsWith('.csv')), []);
    assert.equal(server.files('/export/archive').length, 2);
    const details = await core.handlers.getSourceDetails({ id: source.id });
    assert.equal(details.quarantined.length, 1);
    assert.deepEqual(details.quarantined[0]!.problems, [{ field: 'phone', code: 'notAPhoneNumber', params: { value: 'call me' } }]);
    assert.equal(details.quarantined[0]!.rowNumber, 3);

    // The exporter sends the first file again, under another name: taken off the drop, not imported.
    await uploader.put(csv([SAMPLE_HEADER, row('1', 'Jürgen Müller'), row('2', 'Bad Phone', 'call me')], { windows1252: true }), '/export/afspraken-1-again.csv');
    const again = await core.handlers.syncSource({ id: source.id });
    assert.deepEqual([again.batches, again.created, again.updated, again.unchanged], [0, 0, 0, 0]);
    assert.equal(server.files('/export/archive').length, 3);
    assert.equal(cache.prepare<[string], number>('SELECT count(*) FROM import_runs WHERE source = ?').pluck().get(source.id), 2);
    const learned = core.context.sources.get(source.id)!.config.settings;
    assert.ok(learned.kind === 'sftp' && learned.hostKey, 'the host key was learned at the first connection');
  });

  it('does not take a file that is still growing (stable size), and takes it once it stops', async () => {
    const source = await drop('stable-size', '/growing');
    await uploader.put(csv([SAMPLE_HEADER, row('10', 'First')]), '/growing/big.csv');
    let n = 11;
    const growing = setInterval(() => void uploader.append(Buffer.from(`${row(String(n++), 'More')}\r\n`), '/growing/big.csv').catch(() => undefined), 60);
    const run = await core.handlers.syncSource({ id: source.id });
    clearInterval(growing);
    assert.equal(run.batches, 0, 'the growing file was left alone');
    assert.deepEqual(server.files('/growing').filter((f) => f.endsWith('.csv')), ['big.csv']);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const later = await core.handlers.syncSource({ id: source.id });
    assert.equal(later.batches, 1);
    assert.equal(later.created, n - 10, 'every row written was imported');
  });

  it('waits for the marker file, or for the rename from a temporary name', async () => {
    const marker = await drop('marker', '/marker');
    await uploader.put(csv([SAMPLE_HEADER, row('20', 'Marker')]), '/marker/a.csv');
    assert.equal((await core.handlers.syncSource({ id: marker.id })).batches, 0);
    await uploader.put(Buffer.from(''), '/marker/a.csv.done');
    const taken = await core.handlers.syncSource({ id: marker.id });
    assert.deepEqual([taken.batches, taken.created], [1, 1]);
    assert.deepEqual(server.files('/marker').filter((f) => !['archive'].includes(f)), [], 'file and marker are gone');

    const rename = await drop('rename', '/rename');
    await uploader.put(csv([SAMPLE_HEADER, row('21', 'Rename')]), '/rename/b.csv.tmp');
    assert.equal((await core.handlers.syncSource({ id: rename.id })).batches, 0);
    await uploader.rename('/rename/b.csv.tmp', '/rename/b.csv');
    assert.equal((await core.handlers.syncSource({ id: rename.id })).created, 1);
  });

  it('moves an unreadable file to the error folder with the reason, and still imports the others', async () => {
    const source = await drop('rename', '/mixed');
    await uploader.put(csv(['Naam;Telefoon', 'Jan;0612345678']), '/mixed/no-ids.csv');
    await uploader.put(csv([SAMPLE_HEADER, row('30', 'Good')]), '/mixed/good.csv');
    const run = await core.handlers.syncSource({ id: source.id });
    assert.equal(run.outcome, 'failed');
    assert.match(run.message!, /no-ids\.csv: The columns do not fit the mapping.*moved to \/mixed\/error/);
    assert.equal(run.created, 1);
    assert.equal(server.files('/mixed/error').length, 1);
    assert.equal(server.files('/mixed/archive').length, 1);
  });

  it('reads JSON and XML exports with a mapping of paths', async () => {
    const json = await drop('rename', '/json', 'json', { sourceId: 'id', date: 'start|date', time: 'start|time', customerName: 'klant.naam', phone: 'klant.tel' });
    await uploader.put(
      Buffer.from(JSON.stringify({ afspraken: [{ id: 'J1', start: '2026-11-25T10:15:00', klant: { naam: 'Json Klant', tel: '0612345670' } }] })),
      '/json/a.json',
    );
    const jsonRun = await core.handlers.syncSource({ id: json.id });
    assert.deepEqual([jsonRun.created, jsonRun.quarantined], [1, 0], jsonRun.message ?? '');

    const xml = await drop('rename', '/xml', 'xml', { sourceId: 'nummer', date: 'datum', time: 'tijd', customerName: 'klant.naam', branch: 'vestiging' });
    await uploader.put(
      Buffer.from(
        '<?xml version="1.0" encoding="UTF-8"?><afspraken>' +
          '<afspraak nummer="X1" vestiging="Zeist"><datum>25-11-2026</datum><tijd>11:00</tijd><klant><naam>Xml Een</naam></klant></afspraak>' +
          '<afspraak nummer="X2" vestiging="Zeist"><datum>31-02-2026</datum><tijd>11:30</tijd><klant><naam>Xml Twee</naam></klant></afspraak>' +
          '</afspraken>',
      ),
      '/xml/a.xml',
    );
    const xmlRun = await core.handlers.syncSource({ id: xml.id });
    assert.deepEqual([xmlRun.created, xmlRun.quarantined], [1, 1]);
    assert.deepEqual(appointments(xml), [{ source_id: 'X1', branch: 'Zeist' }]);
  });

  it('tests a connection and says what is wrong: password, host, folder, a changed host key', async () => {
    const base = { name: 'Test', inboxId: core.context.inboxes.all()[0]!.id, enabled: false, intervalMinutes: 60, mapping: {} };
    const settings = { kind: 'sftp' as const, host: server.host, port: server.port, username: CREDENTIALS.username, folder: '/export', archiveFolder: '/a', errorFolder: '/e', completion: 'stable-size' as const, fileFormat: 'csv' as const, hostKey: null };
    const good = await core.handlers.testSource({ ...base, settings, secret: CREDENTIALS.password });
    assert.equal(good.ok, true, good.message);
    assert.match(good.message, /Connected to 127\.0\.0\.1: 0 CSV file\(s\) waiting in \/export\. Host key SHA256:/);
    const wrongPassword = await core.handlers.testSource({ ...base, settings, secret: 'nope' });
    assert.match(wrongPassword.message, /user name or password \(key\) was refused/);
    const noFolder = await core.handlers.testSource({ ...base, settings: { ...settings, folder: '/does-not-exist' }, secret: CREDENTIALS.password });
    assert.match(noFolder.message, /no such folder/);
    const closedPort = await core.handlers.testSource({ ...base, settings: { ...settings, port: 1 }, secret: CREDENTIALS.password });
    assert.match(closedPort.message, /Host unreachable: the host refused the connection/);
    const otherKey = await core.handlers.testSource({ ...base, settings: { ...settings, hostKey: 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=' }, secret: CREDENTIALS.password });
    assert.match(otherKey.message, /host key changed/);
  });
});
