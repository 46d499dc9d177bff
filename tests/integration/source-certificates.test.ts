import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import FtpSrv from 'ftp-srv';
import type { DesktopCore } from '../../src/desktop/core';
import { generateAppointments, PlanningBook } from '../../src/simulators/planning/planning-book';
import { fingerprintOf, selfSigned } from '../support/certificates';
import { startPlanItSimulator } from '../../src/simulators/planning/planit-simulator';
import { DEALERSHIP, startCore } from '../support/desktop';
import { localDateAt } from '../../src/domain/zoned-time';
import { firstInbox, QUICK_SOURCES, tempSecrets } from '../support/sources';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const quiet = { info() {}, debug() {}, trace() {}, warn() {}, error() {}, child() { return quiet; } };

describe('a server whose certificate this computer does not trust', () => {
  let tls: { key: string; cert: string };
  let core: DesktopCore;
  before(async () => {
    tls = await selfSigned();
    core = startCore({ secrets: tempSecrets(), sources: { ...QUICK_SOURCES, retry: { attempts: 5, baseMs: 2000, maxMs: 4000 } } });
  });
  after(() => core.close());

  it('an HTTPS planning system: the test says "certificate" at once, shows the certificate, and works once it is trusted', async () => {
    const book = new PlanningBook();
    for (const a of generateAppointments(2, 'Utrecht', localDateAt(Date.now(), DEALERSHIP.zone))) book.add(a);
    const planit = await startPlanItSimulator(book, { apiKey: 'k', tls });
    try {
      assert.match(planit.url, /^https:/);
      const settings = { kind: 'planit' as const, baseUrl: planit.url, branches: ['Utrecht'], pageSize: 100, overlapMinutes: 5, timeoutSeconds: 5 };
      const input = {
        name: 'PlanIT',
        inboxId: firstInbox(core),
        enabled: false,
        intervalMinutes: 60,
        mapping: {},
        secret: 'k',
        settings,
      };
      const t0 = Date.now();
      const refused = await core.handlers.testSource(input);
      assert.ok(Date.now() - t0 < 2000, 'not retried');
      assert.equal(refused.ok, false);
      assert.equal(refused.message, "PlanIT: Certificate: the server's certificate is self-signed and not trusted.");
      assert.equal(refused.certificate?.fingerprint256, fingerprintOf(tls.cert), 'the certificate the server showed, to trust');
      assert.match(refused.certificate?.subject ?? '', /CN=127\.0\.0\.1/);

      const trusted = { ...input, settings: { ...settings, trustedCertificate: { ...refused.certificate!, subject: 'forged by the renderer' } } };
      assert.deepEqual(await core.handlers.testSource(trusted), { ok: true, message: 'Connected to PlanIT: 2 appointment(s) today (Utrecht).' });
      const saved = await core.handlers.saveSource(trusted);
      assert.match(saved.settings.kind === 'planit' ? (saved.settings.trustedCertificate?.subject ?? '') : '', /CN=127\.0\.0\.1/, 'read again from the PEM');
      const run = await core.handlers.syncSource({ id: saved.id });
      assert.equal(run.outcome, 'ok', run.message ?? '');
      assert.equal(run.created, 2);

      const other = await selfSigned();
      const withOther = { ...input, settings: { ...settings, trustedCertificate: { ...refused.certificate!, pem: other.cert } } };
      const stillRefused = await core.handlers.testSource(withOther);
      assert.equal(stillRefused.ok, false, 'trusting another certificate does not let this server in');
      assert.match(stillRefused.message, /Certificate/);
      assert.throws(
        () => core.handlers.saveSource({ ...input, settings: { ...settings, trustedCertificate: { ...refused.certificate!, pem: '-----BEGIN CERTIFICATE-----\nbroken' } } }),
        /The trusted certificate cannot be read/,
      );
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
      const settings = { kind: 'ftp' as const, host: '127.0.0.1', port, username: 'u', folder: '/', archiveFolder: '/a', errorFolder: '/e', completion: 'stable-size' as const, fileFormat: 'csv' as const, tls: 'explicit' as const };
      const input = {
        name: 'FTPS',
        inboxId: firstInbox(core),
        enabled: false,
        intervalMinutes: 15,
        mapping: {},
        secret: 'pass',
        settings,
      };
      const result = await core.handlers.testSource(input);
      assert.equal(result.message, "FTP 127.0.0.1: Certificate: the server's certificate is self-signed and not trusted.");
      assert.equal(result.certificate?.fingerprint256, fingerprintOf(tls.cert));
      const trusted = await core.handlers.testSource({ ...input, settings: { ...settings, trustedCertificate: result.certificate } });
      assert.deepEqual(trusted, { ok: true, message: 'Connected to 127.0.0.1: 0 CSV file(s) waiting in /.' });
    } finally {
      await server.close();
    }
  });
});
