import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { generateAppointments, PlanningBook } from '../../src/simulators/planning/planning-book';
import { startPlanItSimulator } from '../../src/simulators/planning/planit-simulator';
import { eventually } from '../support/backend';
import { connectedCore, settled, startOrganisation, type Organisation } from '../support/connected';
import { LEASING_SOURCES as SOURCES, planItSource, tempSecrets } from '../support/sources';

const TODAY = new Date().toISOString().slice(0, 10);

describe('the import health of a source reaches every desktop of the dealership', () => {
  const book = new PlanningBook();
  let planit: Awaited<ReturnType<typeof startPlanItSimulator>>;
  let organisation: Organisation;

  before(async () => {
    planit = await startPlanItSimulator(book, { apiKey: 'pk-secret' });
    for (const a of generateAppointments(3, 'Utrecht', TODAY)) book.add(a);
    organisation = await startOrganisation();
  });
  after(async () => {
    await organisation.close();
    await planit.close().catch(() => undefined);
  });

  it('a desktop without the source sees its runs, its failures and its removal', async () => {
    const a = connectedCore(organisation, { secrets: tempSecrets(), sources: SOURCES, desktopName: 'RECEPTIE-1' });
    const b = connectedCore(organisation, { secrets: tempSecrets(), sources: SOURCES, desktopName: 'WERKPLAATS-2' });
    try {
      await Promise.all([settled(a.core), settled(b.core)]);
      const saved = await a.core.handlers.saveSource(planItSource({ name: 'PlanIT Utrecht', inboxId: organisation.inbox, baseUrl: planit.url, key: 'pk-secret' }));
      assert.deepEqual(await a.core.handlers.listSharedSources({}), [], 'a desktop does not list its own source as another’s');

      const shared = await eventually(async () => {
        const [first] = await b.core.handlers.listSharedSources({});
        return first?.status.lastRun?.outcome === 'ok' ? first : null;
      });
      assert.equal(shared.status.name, 'PlanIT Utrecht');
      assert.equal(shared.status.kind, 'planit');
      assert.equal(shared.status.pulledBy, 'RECEPTIE-1', 'which computer must be on for it');
      assert.equal(shared.status.lastRun!.created, 3);
      assert.equal(JSON.stringify(shared).includes('pk-secret'), false, 'no secret leaves the desktop');
      assert.equal(JSON.stringify(shared).includes(planit.url), false, 'nor the settings');

      // Sync now on the other desktop: the desktop that pulls it runs it.
      book.add(generateAppointments(1, 'Utrecht', TODAY, 'N')[0]!);
      await b.core.handlers.syncSharedSource({ key: shared.key });
      const again = await eventually(async () => {
        const [first] = await b.core.handlers.listSharedSources({});
        return first?.status.lastRun && first.status.lastRun.id !== shared.status.lastRun!.id ? first : null;
      });
      assert.equal(again.status.lastRun!.created, 1);

      await planit.close();
      for (let i = 0; i < 3; i++) assert.equal((await a.core.handlers.syncSource({ id: saved.id })).outcome, 'failed');
      const failing = await eventually(async () => {
        const [first] = await b.core.handlers.listSharedSources({});
        return first && first.status.failuresInARow === 3 ? first : null;
      });
      assert.match(failing.status.lastError?.message ?? '', /Host unreachable/);

      await a.core.handlers.deleteSource({ id: saved.id });
      await eventually(async () => (await b.core.handlers.listSharedSources({})).length === 0);
    } finally {
      a.core.close();
      b.core.close();
    }
  });
});
