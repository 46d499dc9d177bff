import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import FtpSrv from 'ftp-srv';
import selfsigned from 'selfsigned';
import type { DesktopCore } from '../../src/desktop/core';
import { PlanningBook } from '../../src/simulators/planning/planning-book';
import { startPlanItSimulator } from '../../src/simulators/planning/planit-simulator';
import { startCore } from '../support/desktop';
import { firstInbox, QUICK_SOURCES, tempSecrets } from '../support/sources';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const quiet = { info() {}, debug() {}, trace() {}, warn() {}, error() {}, child() { return quiet; } };

describe('a server whose certificate this computer does not trust', () => {
  let tls: { key: string; cert: string };
  let core: DesktopCore;
  before(async () => {
    const pems = await selfsigned.generate([{ name: 'commonName', value: '127.0.0.1' }]);
    tls = { key: pems.private, cert: pems.cert };
    core = startCore({ secrets: tempSecrets(), sources: { ...QUICK_SOURCES, retry: { attempts: 5, baseMs: 2000, maxMs: 4000 } } });
  });
  after(() => core.close());

  it('an HTTPS planning system: the test says "certificate" at once, without waiting through the retries', async () => {
    const planit = await startPlanItSimulator(new PlanningBook(), { apiKey: 'k', tls });
    try {
      assert.match(planit.url, /^https:/);
      const t0 = Date.now();
      const result = await core.handlers.testSource({
        name: 'PlanIT',
        inboxId: firstInbox(core),
        enabled: false,
        intervalMinutes: 60,
        mapping: {},
        secret: 'k',
        settings: { kind: 'planit', baseUrl: planit.url, branches: ['Utrecht'], pageSize: 100, overlapMinutes: 5, timeoutSeconds: 5 },
      });
      assert.deepEqual(result, { ok: false, message: "PlanIT: Certificate: the server's certificate is self-signed and not trusted." });
      assert.ok(Date.now() - t0 < 2000, 'not retried');
    } finally {
      await planit.close();
    }
  });

  it('an FTPS drop (explicit TLS)', async () => {
    const server = new FtpSrv({ url: 'ftp://127.0.0.1:0', pasv_url: '127.0.0.1', pasv_min: 42000, pasv_max: 42999, anonymous: false, tls, log: quiet as never });
    server.on('login', (_data, resolve) => resolve({ root: mkdtempSync(join(tmpdir(), 'aftersales-ftps-')) }));
    await server.listen();
    try {
      const port = (server as unknown as { server: { address(): { port: number } } }).server.address().port;
      const result = await core.handlers.testSource({
        name: 'FTPS',
        inboxId: firstInbox(core),
        enabled: false,
        intervalMinutes: 15,
        mapping: {},
        secret: 'pass',
        settings: { kind: 'ftp', host: '127.0.0.1', port, username: 'u', folder: '/', archiveFolder: '/a', errorFolder: '/e', completion: 'stable-size', fileFormat: 'csv', tls: 'explicit' },
      });
      assert.deepEqual(result, { ok: false, message: "FTP 127.0.0.1: Certificate: the server's certificate is self-signed and not trusted." });
    } finally {
      await server.close();
    }
  });
});
