import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Database } from 'better-sqlite3';
import type { SaveSourceInput } from '../../src/api/sources';
import type { DesktopCore } from '../../src/desktop/core';
import { startKeyloopSimulator } from '../../src/simulators/planning/keyloop-simulator';
import { generateAppointments, PlanningBook } from '../../src/simulators/planning/planning-book';
import { call, eventually, integrationToken } from '../support/backend';
import { cacheConnection } from '../support/cache-connection';
import { connectedCore, settled, startOrganisation, type Organisation } from '../support/connected';
import { LEASING_SOURCES as SOURCES, tempSecrets } from '../support/sources';

const TODAY = new Date().toISOString().slice(0, 10);

describe('Keyloop CloudEvents: the backend relays a notification, the desktop that pulls fetches that one record', () => {
  const book = new PlanningBook();
  let keyloop: Awaited<ReturnType<typeof startKeyloopSimulator>>;
  let organisation: Organisation;
  /** Keyloop delivers with an integration token made for it. */
  let token: string;
  const desktops: DesktopCore[] = [];

  before(async () => {
    keyloop = await startKeyloopSimulator(book, { enterpriseId: 'E1', clientId: 'dealer-app', clientSecret: 's3cret', zone: 'Europe/Amsterdam' });
    for (const a of generateAppointments(3, 'S1', TODAY)) book.add(a);
    organisation = await startOrganisation();
    token = await integrationToken(organisation.url, organisation.org.token, 'keyloop', [organisation.inbox]);
  });
  after(async () => {
    for (const core of desktops) core.close();
    await organisation.close();
    await keyloop.close();
  });

  it('a changed appointment or repair order reaches both boards after the desktop that holds the lease fetched just that record', async (t) => {
    const [a, b] = [connectedCore(organisation, { secrets: tempSecrets(), sources: SOURCES }), connectedCore(organisation, { secrets: tempSecrets(), sources: SOURCES })];
    desktops.push(a.core, b.core);
    const [cacheA, cacheB] = [cacheConnection(a.core), cacheConnection(b.core)];
    t.after(() => {
      cacheA.close();
      cacheB.close();
    });
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
    const timeOf = (cache: Database, sourceId: string) =>
      cache.prepare<[string], string>(`SELECT local_time FROM appointments WHERE source_id = ?`).pluck().get(sourceId);
    await eventually(() => timeOf(cacheA, 'A000001') && timeOf(cacheB, 'A000001'));
    const ranOnce = async (core: DesktopCore) => (await core.handlers.listSources({}))[0]!.health.lastRun?.outcome === 'ok';
    await eventually(async () => (await ranOnce(a.core)) || (await ranOnce(b.core)));
    const pulls = book.requests.length;

    const target = { url: organisation.url, token };
    const fetched = () => book.requests.slice(pulls).filter((r) => !r.path.endsWith('/accesstoken')).map((r) => [r.path, r.status]);

    book.change('S1', 'A000001', { time: '15:30' });
    assert.deepEqual(await keyloop.notify(target, 'S1', { appointmentId: 'A000001' }, 'evt-1'), { status: 204, text: '' });
    await eventually(() => timeOf(cacheA, 'A000001') === '15:30' && timeOf(cacheB, 'A000001') === '15:30');
    assert.deepEqual(fetched(), [['/E1/S1/v3/service-appointments/A000001', 200]], 'one desktop fetched the one record; nobody pulled the whole store');

    // The usual Keyloop notification: a repair order, opened for an appointment, whose card keeps both ids.
    book.change('S1', 'A000002', { workOrder: 'RO-9001', jobs: ['Service', 'Brake pads'] });
    assert.equal((await keyloop.notify(target, 'S1', { RepairOrderId: 'RO-9001' }, 'evt-2')).status, 204);
    const card = (cache: Database) =>
      cache.prepare<[string], { id: string; work_order: string | null; work: string }>(`SELECT id, work_order, work FROM appointments WHERE source_id = ?`).get('A000002');
    const before = card(cacheA)!;
    await eventually(() => card(cacheA)?.work_order === 'RO-9001' && card(cacheB)?.work_order === 'RO-9001');
    assert.equal(card(cacheA)!.id, before.id, 'the same card');
    assert.match(card(cacheB)!.work, /Brake pads/);
    assert.deepEqual(fetched().slice(1), [
      ['/E1/S1/v3/repair-orders/RO-9001', 200],
      ['/E1/S1/v3/service-appointments/A000002', 200],
    ]);

    // Before Subscriber Event API 1.2.5 the tenant came in headers.
    book.change('S1', 'A000003', { cancelled: true });
    const old = await fetch(`${organisation.url}/v2/keyloop/events`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'enterprise-id': 'E1', 'store-id': 'S1' },
      body: JSON.stringify({ specversion: '1.0', id: 'evt-3', source: 'keyloop', type: 'serviceappointment.updated', data: { appointmentId: 'A000003' } }),
    });
    assert.equal(old.status, 204);
    const cancelled = (cache: Database) =>
      cache.prepare<[string], number>(`SELECT cancelled FROM appointments WHERE source_id = ?`).pluck().get('A000003');
    await eventually(() => cancelled(cacheA) === 1 && cancelled(cacheB) === 1);
    assert.equal(book.requests.slice(pulls).filter((r) => r.path.endsWith('/accesstoken')).length <= 1, true, 'the token is kept between notifications');

    const fetchedBefore = fetched().length;
    assert.equal((await keyloop.notify(target, 'S1', { appointmentId: 'A000001' }, 'evt-1')).status, 204, 'a repeated delivery is acknowledged');
    // A later notification is relayed after the repeated one: once it is fetched, a second fetch of A000001 would have been too.
    assert.equal((await keyloop.notify(target, 'S1', { appointmentId: 'A000003' }, 'evt-4')).status, 204);
    await eventually(() => fetched().length > fetchedBefore);
    assert.deepEqual(
      fetched().slice(fetchedBefore).map(([path]) => path),
      ['/E1/S1/v3/service-appointments/A000003'],
      'the repeated delivery was not fetched again',
    );
  });

  it('refuses a notification without a Keyloop integration token, without a store, or naming no record', async () => {
    const forged = await keyloop.notify({ url: organisation.url, token: 'not-a-token' }, 'S1', { appointmentId: 'A000002' }, 'evt-forged');
    assert.equal(forged.status, 401);
    const person = await keyloop.notify({ url: organisation.url, token: organisation.org.token }, 'S1', { appointmentId: 'A000002' }, 'evt-person');
    assert.equal(person.status, 403, 'a person\'s token does not push');
    const ispa = await integrationToken(organisation.url, organisation.org.token, 'ispa', [organisation.inbox]);
    const otherSystem = await keyloop.notify({ url: organisation.url, token: ispa }, 'S1', { appointmentId: 'A000002' }, 'evt-ispa');
    assert.equal(otherSystem.status, 403, 'an ISPA token does not push for Keyloop');
    const event = { specversion: '1.0', id: 'evt-9', source: 'keyloop', type: 'repairorder.updated' };
    const noStore = await call(organisation.url, token, 'POST', '/v2/keyloop/events', { ...event, data: { RepairOrderId: 'RO-1' } });
    assert.equal(noStore.status, 400);
    assert.match(JSON.stringify(noStore.body), /context/);
    const noRecord = await call(organisation.url, token, 'POST', '/v2/keyloop/events', { ...event, context: { enterpriseId: 'E1', storeId: 'S1' }, data: {} });
    assert.equal(noRecord.status, 400);
    assert.match(JSON.stringify(noRecord.body), /names no record/);
  });
});
