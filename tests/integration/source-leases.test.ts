import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { generateAppointments, PlanningBook } from '../../src/simulators/planning/planning-book';
import { startPlanItSimulator } from '../../src/simulators/planning/planit-simulator';
import { appointmentSourceOf } from '../../src/desktop/sync/connector-factory';
import { eventually } from '../support/backend';
import { cacheConnection } from '../support/cache-connection';
import { connectedCore, settled, startOrganisation, type Organisation } from '../support/connected';
import { manualClock } from '../support/desktop';
import { LEASING_SOURCES, planItSource, tempSecrets } from '../support/sources';
import { manualTime } from '../support/time';

const TODAY = new Date().toISOString().slice(0, 10);
const SOURCES = { ...LEASING_SOURCES, leaseSeconds: 5 };

describe('only one desktop pulls a source (a lease held through the backend)', () => {
  const book = new PlanningBook();
  let planit: Awaited<ReturnType<typeof startPlanItSimulator>>;
  let organisation: Organisation;
  // The desktops' schedulers tick only when the test moves their time, and a lease lapses when
  // it moves the backend's clock: nothing waits for a tick or a lease to come round.
  const time = manualTime(Date.now());
  const backendClock = manualClock(Date.now());

  before(async () => {
    planit = await startPlanItSimulator(book, { apiKey: 'pk' });
    for (const a of generateAppointments(5, 'Utrecht', TODAY)) book.add(a);
    organisation = await startOrganisation(backendClock);
  });
  after(async () => {
    await organisation.close();
    await planit.close();
  });

  it('the same PlanIT set up on two desktops is pulled by one; the other takes over when it closes', async (t) => {
    const desktop = { clock: time.clock, timers: time.timers, sources: SOURCES };
    const a = connectedCore(organisation, { ...desktop, secrets: tempSecrets(), desktopName: 'RECEPTIE-1' });
    const b = connectedCore(organisation, { ...desktop, secrets: tempSecrets(), desktopName: 'RECEPTIE-2' });
    await Promise.all([settled(a.core), settled(b.core)]);
    const source = planItSource({ name: 'PlanIT', inboxId: organisation.inbox, baseUrl: planit.url, key: 'pk' });
    const savedA = await a.core.handlers.saveSource(source);
    const savedB = await b.core.handlers.saveSource(source);

    const caches = new Map([a.core, b.core].map((core) => [core, cacheConnection(core)]));
    t.after(() => {
      for (const cache of caches.values()) cache.close();
    });
    const count = (core: typeof a.core) =>
      caches.get(core)!.prepare<[string], number>('SELECT count(*) FROM appointments WHERE source = ?').pluck().get(appointmentSourceOf(savedA))!;
    const inBackend = async () =>
      (await organisation.backend().store.sql.get(sql<{ n: number }>`SELECT count(*) AS n FROM appointments`))!.n;
    const health = async (core: typeof a.core) => (await core.handlers.listSources({}))[0]!.health;
    const ranHere = async (core: typeof a.core) => (await health(core)).lastRun?.outcome === 'ok';
    // Both desktops tick once: one takes the lease and runs (changes, today, tomorrow: three
    // requests), the other is refused it and does not ask PlanIT.
    time.advance(SOURCES.tickMs);
    const [puller, other] = await eventually(async () => {
      if (await ranHere(a.core)) return (await health(b.core)).waiting ? [a, b] : undefined;
      if (await ranHere(b.core)) return (await health(a.core)).waiting ? [b, a] : undefined;
      return undefined;
    });
    assert.equal(book.requests.length, 3, 'PlanIT was asked by one desktop only');
    const otherSource = puller === a ? savedB : savedA;
    assert.equal(await ranHere(other.core), false);
    await eventually(async () => count(other.core) === 5 && (await inBackend()) === 5);
    assert.match((await health(other.core)).waiting ?? '', new RegExp(`Another desktop of the dealership \\(${puller === a ? 'RECEPTIE-1' : 'RECEPTIE-2'}\\) does this now`));
    const asked = book.requests.length;
    await assert.rejects(Promise.resolve(other.core.handlers.syncSource({ id: otherSource.id })), /Another desktop .* It was asked to sync now\./);
    await eventually(() => book.requests.length === asked + 3, 5000);

    // The puller closes: its lease runs out and, at its next tick, the other desktop takes the
    // source over. It updates the same cards: the organisation still has five, not ten.
    puller.core.close();
    book.change('Utrecht', 'A000001', { time: '16:30' });
    backendClock.advance(SOURCES.leaseSeconds * 1000 + 1);
    time.advance(SOURCES.tickMs);
    await eventually(() => book.requests.length >= asked + 6);
    await eventually(() => ranHere(other.core));
    assert.equal(count(other.core), 5);
    await eventually(
      async () =>
        (await organisation.backend().store.sql.get(sql<{ local_time: string }>`SELECT local_time FROM appointments WHERE source_id = 'A000001'`))?.local_time === '16:30',
    );
    assert.equal(await inBackend(), 5, 'nothing imported twice');
    other.core.close();
  });
});
