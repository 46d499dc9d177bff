import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Client } from 'basic-ftp';
import { Readable } from 'node:stream';
import type { DesktopCore } from '../../src/desktop/core';
import { csv, SAMPLE_HEADER } from '../support/csv';
import { startCore } from '../support/desktop';
import { startFtpServer } from '../support/ftp-server';
import { QUICK_SOURCES, saveSource, tempSecrets } from '../support/sources';

const CREDENTIALS = { username: 'keyloop', password: 'ftp-pass' };

describe('FTP file drop (a real FTP server on 127.0.0.1)', () => {
  let server: Awaited<ReturnType<typeof startFtpServer>>;
  let core: DesktopCore;

  before(async () => {
    server = await startFtpServer(CREDENTIALS);
    server.mkdir('/out');
    core = startCore({ secrets: tempSecrets(), sources: QUICK_SOURCES });
  });
  after(async () => {
    core.close();
    await server.close();
  });

  it('imports an uploaded file once, archives it, and names a wrong password', async () => {
    const uploader = new Client();
    await uploader.access({ host: server.host, port: server.port, user: CREDENTIALS.username, password: CREDENTIALS.password, secure: false });
    await uploader.uploadFrom(Readable.from(csv([SAMPLE_HEADER, '1;Utrecht;25-11-2026;09:30;Ftp Klant;0612345671;;AB-123-C;VW;Golf;Beurt;WO-1;Sanne'])), '/out/day.csv');
    uploader.close();

    const settings = { kind: 'ftp' as const, host: server.host, port: server.port, username: CREDENTIALS.username, folder: '/out', archiveFolder: '/out/archive', errorFolder: '/out/error', completion: 'stable-size' as const, fileFormat: 'csv' as const, tls: 'none' as const };
    const source = await saveSource(core, { name: 'Keyloop export', secret: CREDENTIALS.password, settings });
    const test = await core.handlers.testSource({ ...source, secret: '' });
    assert.equal(test.message, 'Connected to 127.0.0.1: 1 CSV file(s) waiting in /out.');

    const run = await core.handlers.syncSource({ id: source.id });
    assert.deepEqual([run.outcome, run.created], ['ok', 1], run.message ?? '');
    assert.deepEqual(server.files('/out'), ['archive']);
    assert.equal(server.files('/out/archive').length, 1);
    assert.equal((await core.handlers.syncSource({ id: source.id })).batches, 0);

    const wrong = await core.handlers.testSource({ ...source, secret: 'nope' });
    assert.deepEqual(wrong, { ok: false, message: 'FTP 127.0.0.1: the user name or password was refused.' });
  });
});
