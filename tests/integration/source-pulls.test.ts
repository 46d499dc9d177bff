import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { DesktopCore } from '../../src/desktop/core';
import { appointmentSourceOf } from '../../src/desktop/sync/connector-factory';
import { startKeyloopSimulator } from '../../src/simulators/planning/keyloop-simulator';
import { startOneISimulator } from '../../src/simulators/planning/one-i-simulator';
import { generateAppointments, PlanningBook } from '../../src/simulators/planning/planning-book';
import { startPlanItSimulator } from '../../src/simulators/planning/planit-simulator';
import { cacheConnection } from '../support/cache-connection';
import { manualClock, startCore } from '../support/desktop';
import { QUICK_SOURCES, saveSource, tempSecrets } from '../support/sources';

const TODAY = '2026-11-25';
const TOMORROW = '2026-11-26';
const START = Date.parse('2026-11-25T08:00:00Z'); // 09:00 in Amsterdam

type Row = { id: string; source_id: string; branch: string; local_date: string; local_time: string; cancelled: number; work_order: string | null };

/** The appointments a source of this desktop imported, by branch/id. */
function rows(core: DesktopCore, sourceId: string): Map<string, Row> {
  const source = appointmentSourceOf(core.context.sources.get(sourceId)!.config);
  const cache = cacheConnection(core);
  try {
    const list = cache
      .prepare<[string], Row>('SELECT id, source_id, branch, local_date, local_time, cancelled, work_order FROM appointments WHERE source = ?')
      .all(source);
    return new Map(list.map((r) => [`${r.branch}/${r.source_id}`, r]));
  } finally {
    cache.close();
  }
}

describe('Keyloop pull: OAuth2, paging, 429/5xx, changed-since with overlap, full re-check of today and tomorrow', () => {
  const clock = manualClock(START);
  const book = new PlanningBook(clock.now);
  let keyloop: Awaited<ReturnType<typeof startKeyloopSimulator>>;
  let core: DesktopCore;
  let sourceId: string;

  before(async () => {
    keyloop = await startKeyloopSimulator(book, { enterpriseId: 'E1', clientId: 'dealer-app', clientSecret: 's3cret', zone: 'Europe/Amsterdam', tokenSeconds: 3599 });
    for (const a of generateAppointments(250, 'S1', TODAY)) book.add(a);
    book.add({ ...generateAppointments(1, 'S1', TOMORROW, 'T')[0]! });
    core = startCore({ clock, secrets: tempSecrets(), sources: QUICK_SOURCES });
    const saved = await saveSource(core, {
      name: 'Keyloop Utrecht',
      secret: 's3cret',
      settings: { kind: 'keyloop', baseUrl: keyloop.url, enterpriseId: 'E1', storeId: 'S1', clientId: 'dealer-app', pageSize: 100, overlapMinutes: 5, timeoutSeconds: 5 },
    });
    sourceId = saved.id;
    assert.equal(saved.hasSecret, true);
    assert.equal(JSON.stringify(saved).includes('s3cret'), false, 'the secret never comes back out');
  });
  after(async () => {
    core.close();
    await keyloop.close();
  });

  it('imports everything on the first run, in pages of 100', async () => {
    const run = await core.handlers.syncSource({ id: sourceId });
    assert.equal(run.outcome, 'ok', run.message ?? '');
    assert.equal(run.created, 251);
    const pages = book.requests.filter((r) => r.path.endsWith('/service-appointments'));
    assert.deepEqual(
      pages.map((r) => [r.query.changedSince ?? r.query.dueInDate ?? 'all', r.query.page]),
      [['all', '1'], ['all', '2'], ['all', '3'], [TODAY, '1'], [TODAY, '2'], [TODAY, '3'], [TOMORROW, '1']],
    );
    assert.equal(keyloop.tokensIssued(), 1);
    const stored = rows(core, sourceId);
    assert.equal(stored.size, 251);
    assert.equal(stored.get('S1/A000001')!.local_time, '07:00');
    assert.equal(stored.get('S1/A000002')!.local_time, '08:30', 'the due-in time with its offset is read in the dealership zone');
  });

  it('on the next run asks for the changes since the newest one minus the overlap, and notices a move, a cancellation, a deletion and a repair order', async () => {
    const before = rows(core, sourceId);
    const cursor = core.context.sources.get(sourceId)!.cursor!;
    clock.advance(60 * 60_000);
    book.change('S1', 'A000010', { time: '14:30' });
    book.change('S1', 'A000011', { cancelled: true });
    book.delete('S1', 'A000012');
    book.change('S1', 'A000013', { workOrder: 'RO-4711' });
    book.change('S1', 'A000014', { date: '2026-11-30' });
    book.fail({ status: 429, retryAfter: '0' }, { status: 503 });
    book.requests.length = 0;

    const run = await core.handlers.syncSource({ id: sourceId });
    assert.equal(run.outcome, 'ok', run.message ?? '');
    const answers = book.requests.filter((r) => r.path.endsWith('/service-appointments'));
    assert.deepEqual(answers.slice(0, 3).map((r) => r.status), [429, 503, 200], 'both faults were answered and waited out');
    const changes = book.requests.find((r) => r.status === 200 && r.query.changedSince)!;
    assert.equal(changes.query.changedSince, new Date(Date.parse(cursor) - 5 * 60_000).toISOString());
    assert.equal(run.updated, 4);
    assert.equal(run.cancelled, 1, 'the deleted appointment is found missing from today');

    const after = rows(core, sourceId);
    assert.equal(after.get('S1/A000010')!.local_time, '14:30');
    assert.equal(after.get('S1/A000011')!.cancelled, 1);
    assert.equal(after.get('S1/A000012')!.cancelled, 1, 'kept as a cancelled card, not deleted');
    assert.equal(after.get('S1/A000013')!.work_order, 'RO-4711');
    assert.equal(after.get('S1/A000013')!.id, before.get('S1/A000013')!.id, 'the repair order keeps its card');
    assert.equal(after.get('S1/A000014')!.local_date, '2026-11-30');
    assert.equal(after.get('S1/A000014')!.cancelled, 0, 'moved to another day is not cancelled');
  });

  it('renews a token that expires during a sync, before it is refused, and one revoked mid-sync after the 401', async () => {
    clock.advance(24 * 60 * 60_000);
    book.requests.length = 0;
    const issuedBefore = keyloop.tokensIssued();
    // Each page moves time by 20 minutes: the second token is due on the fourth request.
    book.afterEach = () => clock.advance(20 * 60_000);
    const run = await core.handlers.syncSource({ id: sourceId });
    book.afterEach = null;
    assert.equal(run.outcome, 'ok', run.message ?? '');
    assert.ok(keyloop.tokensIssued() - issuedBefore >= 2, 'a new token was fetched during the run');
    assert.equal(book.requests.filter((r) => r.status === 401).length, 0, 'renewed before it expired');

    book.requests.length = 0;
    book.afterEach = (n) => {
      if (n === 3) keyloop.revokeTokens();
    };
    const revoked = await core.handlers.syncSource({ id: sourceId });
    book.afterEach = null;
    assert.equal(revoked.outcome, 'ok', revoked.message ?? '');
    assert.equal(book.requests.filter((r) => r.status === 401).length, 1, 'refused once, then signed in again');
  });

  it('says in words when the secret is wrong, and counts failures in a row', async () => {
    const wrong = await core.handlers.testSource({
      ...core.context.sources.get(sourceId)!.config,
      id: sourceId,
      secret: 'wrong',
    });
    assert.equal(wrong.ok, false);
    assert.match(wrong.message, /Keyloop refused the client id or secret/);
    const right = await core.handlers.testSource({ ...core.context.sources.get(sourceId)!.config, id: sourceId });
    assert.equal(right.ok, true, right.message);
    assert.match(right.message, /Connected to Keyloop/);

    book.fail(...Array.from({ length: 12 }, () => ({ status: 500 })));
    for (let i = 0; i < 3; i++) {
      const run = await core.handlers.syncSource({ id: sourceId });
      assert.equal(run.outcome, 'failed');
      assert.match(run.message!, /Keyloop answered HTTP 500/);
    }
    const [view] = core.handlers.listSources({}) as Awaited<ReturnType<typeof core.handlers.listSources>>;
    assert.equal(view!.health.failuresInARow, 3);
    assert.match(view!.health.lastError!.message, /HTTP 500/);
    await core.handlers.saveSource({ ...view!, enabled: true });
    const [enabled] = core.handlers.listSources({}) as Awaited<ReturnType<typeof core.handlers.listSources>>;
    const wait = enabled!.health.nextRunAt! - enabled!.health.lastRun!.startedAt;
    assert.ok(wait >= 20 * 60_000 && wait <= 21 * 60_000, `after three failures the next try is in 20 minutes, not the hour (${wait / 60_000} min)`);
  });
});

describe('PlanIT pull: branches, the same number in two branches, a bad row quarantined and retried after the mapping is fixed', () => {
  const clock = manualClock(START);
  const book = new PlanningBook(clock.now);
  let planit: Awaited<ReturnType<typeof startPlanItSimulator>>;
  let core: DesktopCore;

  before(async () => {
    planit = await startPlanItSimulator(book, { apiKey: 'pk-1' });
    core = startCore({ clock, secrets: tempSecrets(), sources: QUICK_SOURCES });
  });
  after(async () => {
    core.close();
    await planit.close();
  });

  it('imports both branches, keeps a card per branch for the same work order, quarantines the bad row and retries it', async () => {
    const base = generateAppointments(3, 'Utrecht', TODAY);
    for (const a of base) book.add({ ...a, workOrder: `WO-${a.id}` });
    book.add({ ...base[0]!, branch: 'Amersfoort', workOrder: `WO-${base[0]!.id}`, customerName: 'Other customer' });
    book.add({ ...generateAppointments(1, 'Utrecht', TODAY, 'B')[0]!, mobile: 'onbekend' });

    // The site first maps the date to a field its PlanIT does not have: every row is quarantined.
    const saved = await saveSource(core, {
      name: 'PlanIT',
      secret: 'pk-1',
      mapping: { date: 'afspraakdatum' },
      settings: { kind: 'planit', baseUrl: planit.url, branches: ['Utrecht', 'Amersfoort'], pageSize: 50, overlapMinutes: 5, timeoutSeconds: 5 },
    });
    const run = await core.handlers.syncSource({ id: saved.id });
    assert.equal(run.outcome, 'ok', run.message ?? '');
    assert.equal(run.created, 0);
    const before = await core.handlers.getSourceDetails({ id: saved.id });
    assert.equal(before.quarantined.length, 5, 'one open row per appointment, though each came in two queries');
    assert.deepEqual(before.quarantined[0]!.problems, [{ field: 'date', code: 'missing', params: {} }]);
    assert.equal(before.source.health.quarantinedOpen, 5);

    await core.handlers.saveSource({ ...saved, mapping: { date: 'datum' }, secret: '' });
    const retried = core.handlers.retryQuarantined({ id: saved.id }) as { retried: number; stillQuarantined: number };
    assert.deepEqual(retried, { retried: 5, stillQuarantined: 1 });
    const stored = rows(core, saved.id);
    assert.equal(stored.size, 4);
    assert.ok(stored.has('Utrecht/A000001') && stored.has('Amersfoort/A000001'), 'two cards for the same number in two branches');
    const after = await core.handlers.getSourceDetails({ id: saved.id });
    assert.equal(after.quarantined.length, 1, 'the bad row stays quarantined while the rest imports');
    assert.deepEqual(after.quarantined[0]!.problems, [{ field: 'phone', code: 'notAPhoneNumber', params: { value: 'onbekend' } }]);
    assert.match(after.quarantined[0]!.raw, /B000001/);

    // PlanIT gets the number right: the next run imports it and settles the quarantined row.
    clock.advance(60 * 60_000);
    book.change('Utrecht', 'B000001', { mobile: '06 12345678' });
    const next = await core.handlers.syncSource({ id: saved.id });
    assert.equal(next.created, 1, next.message ?? '');
    assert.equal((await core.handlers.getSourceDetails({ id: saved.id })).quarantined.length, 0);
  });

  it('tests the connection with the workshop’s today, also just past midnight there while UTC still has yesterday', async () => {
    // 00:30 on 26 November in Amsterdam is 23:30 on the 25th in UTC.
    clock.set(Date.parse('2026-11-25T23:30:00Z'));
    for (const a of generateAppointments(2, 'Utrecht', TOMORROW, 'M')) book.add(a);
    const [source] = core.context.sources.list();
    const tested = await core.handlers.testSource({ ...source!.config, id: source!.id, secret: '' });
    assert.deepEqual(tested, { ok: true, message: 'Connected to PlanIT: 2 appointment(s) today (Utrecht).' });
  });

  it('refuses a mapping that is not a path', async () => {
    const [source] = core.context.sources.list();
    await assert.rejects(
      Promise.resolve().then(() => core.handlers.saveSource({ ...source!.config, id: source!.id, mapping: { phone: 'klant naam!' } })),
      /not a path/,
    );
  });
});

describe('1i Automotive pull: cursor paging and wall-clock start times', () => {
  it('imports a site in cursor pages and follows a moved booking', async () => {
    const clock = manualClock(START);
    const book = new PlanningBook(clock.now);
    const oneI = await startOneISimulator(book, { apiKey: 'k1' });
    const core = startCore({ clock, secrets: tempSecrets(), sources: QUICK_SOURCES });
    try {
      for (const a of generateAppointments(25, 'LEEDS', TODAY)) book.add(a);
      const saved = await saveSource(core, {
        name: '1i Leeds',
        secret: 'k1',
        settings: { kind: 'one-i', baseUrl: oneI.url, siteId: 'LEEDS', pageSize: 10, overlapMinutes: 5, timeoutSeconds: 5 },
      });
      const first = await core.handlers.syncSource({ id: saved.id });
      assert.equal(first.created, 25, first.message ?? '');
      assert.ok(book.requests.some((r) => r.query.cursor), 'followed nextCursor');
      clock.advance(30 * 60_000);
      book.change('LEEDS', 'A000003', { time: '16:00', date: TOMORROW });
      const second = await core.handlers.syncSource({ id: saved.id });
      assert.equal(second.updated, 1);
      const moved = rows(core, saved.id).get('LEEDS/A000003')!;
      assert.deepEqual([moved.local_date, moved.local_time, moved.cancelled], [TOMORROW, '16:00', 0]);
    } finally {
      core.close();
      await oneI.close();
    }
  });
});
