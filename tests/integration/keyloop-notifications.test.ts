import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { SaveSourceInput } from '../../src/api/sources';
import type { DesktopCore } from '../../src/desktop/core';
import { startKeyloopSimulator } from '../../src/simulators/planning/keyloop-simulator';
import { generateAppointments, PlanningBook } from '../../src/simulators/planning/planning-book';
import { call, eventually } from '../support/backend';
import { connectedCore, settled, startOrganisation, type Organisation } from '../support/connected';
import { tempSecrets } from '../support/sources';

const TODAY = new Date().toISOString().slice(0, 10);
const SOURCES = { tickMs: 150, leaseSeconds: 30, retry: { attempts: 2, baseMs: 10, maxMs: 20 }, settleMs: 100 };

describe('Keyloop CloudEvents: the backend relays a notification, the desktop that pulls fetches that one record', () => {
  const book = new PlanningBook();
  let keyloop: Awaited<ReturnType<typeof startKeyloopSimulator>>;
  let organisation: Organisation;
  const desktops: DesktopCore[] = [];

  before(async () => {
    keyloop = await startKeyloopSimulator(book, { enterpriseId: 'E1', clientId: 'dealer-app', clientSecret: 's3cret', zone: 'Europe/Amsterdam' });
    for (const a of generateAppointments(3, 'S1', TODAY)) book.add(a);
    organisation = await startOrganisation();
  });
  after(async () => {
    for (const core of desktops) core.close();
    await organisation.close();
    await keyloop.close();
  });

  it('a changed appointment reaches both boards after one GET of that record by the desktop that holds the lease', async () => {
    const [a, b] = [connectedCore(organisation, { secrets: tempSecrets(), sources: SOURCES }), connectedCore(organisation, { secrets: tempSecrets(), sources: SOURCES })];
    desktops.push(a.core, b.core);
    await Promise.all([settled(a.core), settled(b.core)]);
    const source: SaveSourceInput = {
      name: 'Keyloop Utrecht',
      inboxId: organisation.inbox,
      enabled: true,
      intervalMinutes: 60,
      mapping: {},
      secret: 's3cret',
      settings: { kind: 'keyloop', baseUrl: keyloop.url, enterpriseId: 'E1', storeId: 'S1', clientId: 'dealer-app', pageSize: 100, overlapMinutes: 5, timeoutSeconds: 5 },
    };
    await a.core.handlers.saveSource(source);
    await b.core.handlers.saveSource(source);
    const timeOf = (core: DesktopCore, sourceId: string) =>
      core.context.db.prepare<[string], string>(`SELECT local_time FROM appointments WHERE source_id = ?`).pluck().get(sourceId);
    await eventually(() => timeOf(a.core, 'A000001') && timeOf(b.core, 'A000001'));
    const ranOnce = async (core: DesktopCore) => (await core.handlers.listSources({}))[0]!.health.lastRun?.outcome === 'ok';
    await eventually(async () => (await ranOnce(a.core)) || (await ranOnce(b.core)));
    const pulls = book.requests.length;

    book.change('S1', 'A000001', { time: '15:30' });
    const relayed = await keyloop.notify({ url: organisation.url, token: organisation.org.token }, 'S1', 'A000001', 'evt-1');
    assert.deepEqual(relayed, { status: 200, body: { eventId: 'evt-1', outcome: 'relayed' } });
    await eventually(() => timeOf(a.core, 'A000001') === '15:30' && timeOf(b.core, 'A000001') === '15:30');
    const fetched = () => book.requests.slice(pulls).filter((r) => r.path.includes('/service-appointments'));
    assert.deepEqual(
      fetched().map((r) => [r.path, r.status]),
      [['/E1/S1/v3/service-appointments/A000001', 200]],
      'one desktop fetched the one record; nobody pulled the whole store',
    );
    book.change('S1', 'A000002', { cancelled: true });
    await keyloop.notify({ url: organisation.url, token: organisation.org.token }, 'S1', 'A000002', 'evt-2');
    const cancelled = (core: DesktopCore) =>
      core.context.db.prepare<[string], number>(`SELECT cancelled FROM appointments WHERE source_id = ?`).pluck().get('A000002');
    await eventually(() => cancelled(a.core) === 1 && cancelled(b.core) === 1);
    assert.equal(book.requests.slice(pulls).filter((r) => r.path.endsWith('/accesstoken')).length <= 1, true, 'the token is kept between notifications');

    const again = await keyloop.notify({ url: organisation.url, token: organisation.org.token }, 'S1', 'A000001', 'evt-1');
    assert.deepEqual(again.body, { eventId: 'evt-1', outcome: 'duplicate' });
    await new Promise((resolve) => setTimeout(resolve, 500));
    assert.equal(fetched().length, 2, 'a delivery Keyloop repeats is not fetched again');
  });

  it('refuses a notification without the organisation token, or for no store', async () => {
    const forged = await keyloop.notify({ url: organisation.url, token: 'not-a-token' }, 'S1', 'A000002', 'evt-forged');
    assert.equal(forged.status, 401);
    const malformed = await call(organisation.url, organisation.org.token, 'POST', '/v2/keyloop/events', {
      specversion: '1.0',
      id: 'evt-3',
      source: '/somewhere',
      type: 'com.keyloop.serviceappointment.updated',
      data: { appointmentId: 'A000002' },
    });
    assert.equal(malformed.status, 400);
    assert.match(JSON.stringify(malformed.body), /enterprises/);
  });
});
