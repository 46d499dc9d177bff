import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { localDateAt } from '../../src/domain/zoned-time';
import { FileSecretStore } from '../../src/desktop/secrets/file-secret-store';
import { call as callBackend, eventually } from '../support/backend';
import { startOrganisation, type Organisation } from '../support/connected';
import { startCore, tempDataFile } from '../support/desktop';

const today = () => localDateAt(Date.now(), 'Europe/Amsterdam');

describe('joining the organisation’s backend from Settings', () => {
  let organisation: Organisation;
  before(async () => {
    organisation = await startOrganisation();
    await organisation.appointment({ sourceId: 'S-1', date: today(), name: 'Organisatie Klant' });
  });
  after(() => organisation.close());

  it('tests the connection, joins keeping the standalone board’s cards, and stays joined after a restart', async (t) => {
    const dataFile = tempDataFile();
    const secrets = new FileSecretStore(mkdtempSync(join(tmpdir(), 'aftersales-secrets-')));
    const standalone = startCore({ dataFile, secrets, sample: false });
    const call = async (method: string, params: unknown) => standalone.dispatch(method, params);
    await standalone.handlers.chooseStart({ choice: 'standalone', inboxNames: { dealership: 'Dealer', workshop: 'Werkplaats' } });
    await standalone.handlers.createManualAppointment({ date: today(), customerName: 'Eigen Klant' });
    assert.deepEqual(await standalone.handlers.getConnectionSettings({}), { url: null, managedBy: null, organisation: null, secretsKept: 'stored' });

    const wrong = await call('testConnection', { url: organisation.url, token: 'not-the-token' });
    assert.equal(wrong.ok, false);
    assert.match(!wrong.ok ? wrong.error.message : '', /refused this desktop's token/);
    const away = await call('testConnection', { url: 'http://127.0.0.1:9', token: organisation.org.token });
    assert.match(!away.ok ? away.error.message : '', /cannot be reached \(ECONNREFUSED\)/);
    const notAnAddress = await call('testConnection', { url: 'board.example.nl', token: organisation.org.token });
    assert.match(!notAnAddress.ok ? notAnAddress.error.message : '', /url: is not an address/);
    const found = await call('testConnection', { url: organisation.url, token: organisation.org.token });
    assert.deepEqual(found, { ok: true, value: { organisation: 'Autobedrijf Test', inboxes: 1, templates: 2 } });

    const saved = await call('saveConnection', { url: organisation.url, token: organisation.org.token });
    assert.equal(saved.ok, true);
    await eventually(async () => (await standalone.handlers.getBoard({})).cards.some((c) => c.customerName === 'Organisatie Klant'));
    const board = await standalone.handlers.getBoard({});
    assert.equal(board.cards.some((c) => c.customerName === 'Eigen Klant'), true, 'what was made standalone stays');
    assert.equal((await standalone.handlers.listInboxes({})).map((i) => i.name).join(), 'Werkplaats', 'in the organisation’s inbox');
    standalone.close();

    const restarted = startCore({ dataFile, secrets, sample: false });
    t.after(() => restarted.close());
    assert.deepEqual(await restarted.handlers.getConnectionSettings({}), { url: organisation.url, managedBy: 'settings', organisation: 'Autobedrijf Test', secretsKept: 'stored' });
    await eventually(() => restarted.context.sync.connection().online);
    assert.equal((await restarted.handlers.getBoard({})).cards.some((c) => c.customerName === 'Eigen Klant'), true);

    const other = await startOrganisation();
    t.after(() => other.close());
    const refused = await restarted.dispatch('saveConnection', { url: other.url, token: other.org.token });
    assert.match(!refused.ok ? refused.error.message : '', /another organisation/);
  });

  it('takes a wall screen’s token: the test tells the organisation, without the templates a wall may not read', async (t) => {
    const secrets = new FileSecretStore(mkdtempSync(join(tmpdir(), 'aftersales-secrets-')));
    const wall = startCore({ dataFile: tempDataFile(), secrets, sample: false });
    t.after(() => wall.close());
    const device = await callBackend(organisation.url, organisation.org.token, 'POST', '/v2/devices', { name: 'Werkplaats scherm', role: 'wall' });
    const found = await wall.dispatch('testConnection', { url: organisation.url, token: device.body.token });
    assert.deepEqual(found, { ok: true, value: { organisation: 'Autobedrijf Test', inboxes: 1, templates: 0 } });
  });

  it('never joins the demo to an organisation', async (t) => {
    const demo = startCore({ secrets: new FileSecretStore(mkdtempSync(join(tmpdir(), 'aftersales-secrets-'))) });
    t.after(() => demo.close());
    const refused = await demo.dispatch('saveConnection', { url: organisation.url, token: organisation.org.token });
    assert.equal(!refused.ok && refused.error.code, 'DEMO');
    assert.deepEqual(await demo.handlers.getConnectionSettings({}), { url: null, managedBy: null, organisation: null, secretsKept: 'stored' });
  });

  it('leaves a backend set by the environment alone', async (t) => {
    const core = startCore({ sample: false, backend: { url: organisation.url, token: organisation.org.token } });
    t.after(() => core.close());
    assert.equal((await core.handlers.getConnectionSettings({})).managedBy, 'environment');
    const refused = await core.dispatch('saveConnection', { url: organisation.url, token: organisation.org.token });
    assert.match(!refused.ok ? refused.error.message : '', /set by AFTERSALES_BACKEND_URL/);
  });
});
