import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Invitation } from '../../src/api/v2/users';
import type { IssuedToken } from '../../src/api/v2/devices';
import { BACKEND_TOKEN_SECRET, BACKEND_URL_SECRET } from '../../src/desktop/backend-settings';
import { FileSecretStore } from '../../src/desktop/secrets/file-secret-store';
import { diagnosticsText, readCoreState, type DiagnosticsInput } from '../../src/shell/diagnostics';
import { call, eventually } from '../support/backend';
import { startOrganisation, type Organisation } from '../support/connected';
import { startCore } from '../support/desktop';
import { planItSource, saveSource } from '../support/sources';

const VERSIONS = { app: '1.4.0', electron: '45.4.1', chrome: '142.0.7444.52', node: '22.20.0', os: 'Linux 6.12.0 (x64)' };

/**
 * Copy diagnostics on a registered reception desktop against a real backend: its device token,
 * a manager's password and PIN, and a source's API key are all set, and none of them is in the text.
 */
describe('Help → Copy diagnostics', () => {
  let organisation: Organisation;
  before(async () => {
    organisation = await startOrganisation();
  });
  after(() => organisation.close());

  it('says what runs and how it goes, and holds no token, password, PIN or source secret', async (t) => {
    const password = 'mara-wachtwoord-7Qx';
    const pin = '73915';
    const sourceKey = 'planit-key-ZK4r8Wq2';
    const invitation = (await call(organisation.url, organisation.org.token, 'POST', '/v2/users', { name: 'Mara Jansen', email: 'mara@garage.test', role: 'manager' }))
      .body as Invitation;
    const accepted = await call(organisation.url, null, 'POST', '/v2/auth/token', { grant_type: 'invitation', code: invitation.code, password });
    assert.equal(accepted.status, 200, JSON.stringify(accepted.body));
    const device = (await call(organisation.url, organisation.org.token, 'POST', '/v2/devices', { name: 'Balie 1', role: 'desktop' })).body as IssuedToken;

    const folder = mkdtempSync(join(tmpdir(), 'aftersales-diagnostics-'));
    const secrets = new FileSecretStore(folder);
    secrets.set(BACKEND_URL_SECRET, organisation.url);
    secrets.set(BACKEND_TOKEN_SECRET, device.token);
    const dataFile = join(folder, 'board.sqlite');
    const core = startCore({ dataFile, secrets, sample: false });
    t.after(() => core.close());
    await eventually(async () => (await core.handlers.getSession({})).device !== null);
    await core.handlers.signIn({ email: 'mara@garage.test', password });
    await core.handlers.setPin({ pin });
    await eventually(() => core.context.inboxes.all().length > 0);
    // A source whose API answers nothing it can read: its run fails, with the source's words in its health.
    const source = await saveSource(core, planItSource({ name: 'PlanIT Utrecht', inboxId: core.context.inboxes.all()[0]!.id, baseUrl: `${organisation.url}/not-planit`, key: sourceKey }));
    const run = await core.handlers.syncSource({ id: source.id });
    assert.equal(run.outcome, 'failed');

    const input: DiagnosticsInput = {
      at: Date.parse('2026-03-02T08:15:00Z'),
      versions: VERSIONS,
      paths: { userData: folder, dataFile, logFile: join(folder, 'main.log') },
      core: await readCoreState(core.handlers),
    };
    const text = diagnosticsText(input);

    assert.match(text, /^Aftersales Board diagnostics, 2026-03-02T08:15:00\.000Z\n/);
    assert.match(text, /app 1\.4\.0, Electron 45\.4\.1, Chrome 142\.0\.7444\.52, Node 22\.20\.0\n {2}Linux 6\.12\.0 \(x64\)/);
    assert.ok(text.includes(`cache: ${dataFile}`));
    assert.match(text, /Connection\n {2}connected, online\n {2}changes not yet acknowledged: 0\n/);
    assert.match(text, /PlanIT Utrecht \(planit\): on; last failed at [^;(]*; next [^;]*; failures in a row: 1; rows quarantined: 0; last error at \S+: PlanIT has nothing at /);
    for (const secret of [device.token, organisation.org.token, password, pin, sourceKey]) {
      assert.equal(text.includes(secret), false, `the diagnostics hold a secret: ${secret}`);
    }
  });

  it('copies what it has when a part of the core cannot be read, and says why in words', () => {
    const text = diagnosticsText({
      at: 0,
      versions: VERSIONS,
      paths: { userData: '/home/anna/.config/Aftersales Board', dataFile: '/home/anna/.config/Aftersales Board/board.sqlite', logFile: '/home/anna/.config/Aftersales Board/main.log' },
      core: {
        start: { ok: true, value: { choice: 'demo', canLeaveDemo: true } },
        connection: { ok: true, value: { mode: 'connected', online: false, offlineSince: Date.parse('2026-03-02T07:00:00Z'), pending: 3, waitingFor: ['Anna'], lastError: 'connect ECONNREFUSED 10.0.0.5:8443' } },
        sources: { ok: false, error: 'Only a manager may see the sources.' },
        sharedSources: { ok: true, value: [] },
      },
    });
    assert.match(text, /Start\n {2}first-run choice: demo, the demo shows over this computer’s own board\n/);
    assert.match(text, /connected, offline since 2026-03-02T07:00:00\.000Z\n {2}changes not yet acknowledged: 3\n {2}people signed out with changes waiting: 1\n {2}last error: connect ECONNREFUSED/);
    assert.match(text, /Sources on this desktop\n {2}could not be read: Only a manager may see the sources\.\n/);
    assert.match(text, /Sources other desktops pull\n {2}none\n$/);
    assert.equal(text.includes('Anna'), false, 'who waits is counted, not named');
  });
});
