import assert from 'node:assert/strict';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it, type TestContext } from 'node:test';
import type { BoardEvent } from '../../src/api/board-api';
import { startDemoSystem } from '../../src/backend/demo/demo-system';
import { openCache } from '../../src/desktop/cache/cache-database';
import { startWorkstation, type WorkstationOptions } from '../../src/desktop/workstation';
import { DEALERSHIP, SAMPLE_DIR, silentLogger, startCore } from '../support/desktop';
import { tempSecrets } from '../support/sources';

const SAMPLE_NAME = 'Van der Meer';
const today = () => new Date().toISOString().slice(0, 10);

/** A real install in a fresh data folder, as Electron starts it: no organisation name of its own. */
function install() {
  const folder = mkdtempSync(join(tmpdir(), 'aftersales-install-'));
  return { folder, dataFile: join(folder, 'board.sqlite'), secrets: tempSecrets() };
}

async function open(t: TestContext, where: ReturnType<typeof install>, options: Partial<WorkstationOptions> = {}) {
  const station = await startWorkstation({
    dataFile: where.dataFile,
    sampleDir: SAMPLE_DIR,
    userId: 'advisor',
    dealership: { ...DEALERSHIP, organisationName: null },
    clock: { now: () => Date.now() },
    logger: silentLogger,
    secrets: where.secrets,
    whenUndecided: 'first-run',
    ...options,
  });
  const events: BoardEvent[] = [];
  station.subscribe((event) => events.push(event));
  t.after(() => station.close());
  return { station, events, call: (method: string, params: unknown = {}) => station.dispatch(method, params) };
}

/** Every name in the real cache a customer or a colleague could see. */
function namesIn(dataFile: string): string {
  const db = openCache(dataFile);
  try {
    return JSON.stringify([
      db.prepare('SELECT name FROM inboxes').pluck().all(),
      db.prepare('SELECT name FROM contacts').pluck().all(),
      db.prepare('SELECT value FROM sync_state').pluck().all(),
    ]);
  } finally {
    db.close();
  }
}

describe('the first start of a real install', () => {
  it('starts empty on the first-run screen, with no sample organisation anywhere', async (t) => {
    const where = install();
    const { station } = await open(t, where);
    assert.deepEqual(station.start(), { choice: null, canLeaveDemo: false });
    assert.deepEqual((await station.handlers.getBoard({})).cards, []);
    assert.deepEqual(await station.handlers.listInboxes({}), []);
    const settings = await station.handlers.getSettings({});
    assert.equal(settings.organisationName, null);
    assert.equal(settings.dataFile, where.dataFile);
    assert.doesNotMatch(namesIn(where.dataFile), new RegExp(SAMPLE_NAME));
  });

  it('works standalone in inboxes named in the user’s words, and remembers it after a restart', async (t) => {
    const where = install();
    const first = await open(t, where);
    const chosen = await first.call('chooseStart', { choice: 'standalone', inboxNames: { dealership: 'Dealer', workshop: 'Werkplaats' } });
    assert.deepEqual(chosen, { ok: true, value: { choice: 'standalone', canLeaveDemo: false } });
    assert.ok(first.events.some((e) => e.type === 'start.changed' && e.start.choice === 'standalone'), 'every window is told');
    assert.deepEqual((await first.station.handlers.listInboxes({})).map((i) => [i.name, i.kind]), [['Dealer', 'dealership'], ['Werkplaats', 'workshop']]);
    const made = await first.station.handlers.createManualAppointment({ date: today(), customerName: 'Eva Smit' });
    assert.equal(made.customerName, 'Eva Smit');
    const again = await first.call('chooseStart', { choice: 'demo' });
    assert.equal(!again.ok && again.error.code, 'CHOSEN', 'the demo is offered on a new install only');
    const unnamed = await first.call('chooseStart', { choice: 'standalone', inboxNames: { dealership: ' ', workshop: 'Werkplaats' } });
    assert.match(!unnamed.ok ? unnamed.error.message : '', /inboxNames.dealership: needs a name/);
    await first.station.close();

    const restarted = await open(t, where);
    assert.deepEqual(restarted.station.start(), { choice: 'standalone', canLeaveDemo: false });
    assert.equal((await restarted.station.handlers.getBoard({})).cards.length, 1);
    assert.doesNotMatch(namesIn(where.dataFile), new RegExp(SAMPLE_NAME));
  });

  it('tries the demo in its own file, remembers it, and leaving it returns to the real board’s first-run screen', async (t) => {
    const where = install();
    const first = await open(t, where);
    assert.deepEqual(await first.call('chooseStart', { choice: 'demo' }), { ok: true, value: { choice: 'demo', canLeaveDemo: true } });
    const demoFile = join(where.folder, 'board-demo.sqlite');
    const settings = await first.station.handlers.getSettings({});
    assert.equal(settings.dataFile, demoFile);
    assert.match(settings.organisationName ?? '', new RegExp(SAMPLE_NAME), 'the demo names its made-up dealership');
    assert.ok((await first.station.handlers.getBoard({})).cards.some((c) => c.customerName === 'Finn de Wit'));
    assert.ok(first.events.some((e) => e.type === 'start.changed' && e.start.choice === 'demo'));
    assert.ok(first.events.some((e) => e.type === 'appointments.changed'), 'the windows read the board again');
    const refused = await first.call('saveConnection', { url: 'http://127.0.0.1:9', token: 'a-token-for-this-desktop' });
    assert.equal(!refused.ok && refused.error.code, 'DEMO', 'the demo never joins an organisation');
    await first.station.close();
    assert.doesNotMatch(namesIn(where.dataFile), new RegExp(SAMPLE_NAME), 'the real cache holds none of it');

    const restarted = await open(t, where);
    assert.deepEqual(restarted.station.start(), { choice: 'demo', canLeaveDemo: true });
    assert.deepEqual(await restarted.call('leaveDemo'), { ok: true, value: { choice: null, canLeaveDemo: false } });
    assert.equal((await restarted.station.handlers.getSettings({})).dataFile, where.dataFile);
    assert.deepEqual((await restarted.station.handlers.getBoard({})).cards, []);
    assert.equal(existsSync(demoFile), false, 'a standalone demo starts afresh next time');
    const notDemo = await restarted.call('leaveDemo');
    assert.equal(!notDemo.ok && notDemo.error.code, 'NO_DEMO');
    await restarted.station.close();

    const third = await open(t, where);
    assert.deepEqual(third.station.start(), { choice: null, canLeaveDemo: false }, 'left: the first-run screen again');
  });

  it('as `npm run serve` starts: in the demo with its built-in backend when nothing was chosen; leaving it stops that backend', async (t) => {
    const where = install();
    let backendUrl = '';
    const { station, call } = await open(t, where, {
      whenUndecided: 'demo',
      demoBackend: async () => {
        const demo = await startDemoSystem({ dataFile: join(where.folder, 'backend', 'backend.sqlite'), country: 'NL', clock: { now: () => Date.now() }, logger: silentLogger });
        backendUrl = demo.backend.url;
        return { backend: { endpoint: { url: demo.backend.url, token: demo.token }, managedBy: 'built-in' }, close: () => demo.close() };
      },
    });
    assert.deepEqual(station.start(), { choice: 'demo', canLeaveDemo: true });
    assert.equal((await station.handlers.getConnectionSettings({})).managedBy, 'built-in');
    assert.ok((await station.handlers.getBoard({})).cards.some((c) => c.customerName === 'Finn de Wit'));
    assert.deepEqual(await call('leaveDemo'), { ok: true, value: { choice: null, canLeaveDemo: false } });
    await assert.rejects(fetch(`${backendUrl}/v2/organization`), 'the built-in backend is stopped');
    assert.equal(existsSync(join(where.folder, 'board-demo.sqlite')), true, 'the built-in backend’s demo keeps its cache');
  });

  it('takes the demo out of a cache an earlier version filled with it, and keeps the user’s own cards', async (t) => {
    const onlyDemo = install();
    startCore({ dataFile: onlyDemo.dataFile }).close();
    const cleaned = await open(t, onlyDemo);
    assert.deepEqual(cleaned.station.start(), { choice: null, canLeaveDemo: false });
    assert.deepEqual((await cleaned.station.handlers.getBoard({})).cards, []);
    assert.doesNotMatch(namesIn(onlyDemo.dataFile), new RegExp(SAMPLE_NAME));

    const withOwn = install();
    const earlier = startCore({ dataFile: withOwn.dataFile });
    await earlier.handlers.createManualAppointment({ date: today(), customerName: 'Eigen Klant' });
    earlier.close();
    const kept = await open(t, withOwn);
    assert.deepEqual(kept.station.start(), { choice: 'standalone', canLeaveDemo: false });
    assert.deepEqual((await kept.station.handlers.getBoard({})).cards.map((c) => c.customerName), ['Eigen Klant']);
  });
});
