import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Database } from 'better-sqlite3';
import type { Card } from '../../src/api/appointment';
import type { DesktopCore } from '../../src/desktop/core';
import { cacheConnection } from '../support/cache-connection';
import { manualClock, startCore, tempDataFile } from '../support/desktop';

const NOW = Date.parse('2026-11-25T08:00:00Z'); // 09:00 in Amsterdam
const DAY = 86_400_000;

async function call<T>(core: DesktopCore, method: string, params: unknown = {}): Promise<T> {
  const answer = await core.dispatch(method, params);
  if (!answer.ok) throw Object.assign(new Error(answer.error.message), { code: answer.error.code });
  return answer.value as T;
}

const board = (core: DesktopCore) => call<{ day: string; cards: Card[] }>(core, 'getBoard');
const bySourceId = (cache: Database, sourceId: string) =>
  cache.prepare('SELECT id FROM appointments WHERE source_id = ?').pluck().get(sourceId) as string;

describe('the board through the BoardApi', () => {
  it('shows today plus held-over cards, and moves on with the day', async (t) => {
    const clock = manualClock(NOW);
    const core = startCore({ clock });
    const cache = cacheConnection(core);
    t.after(() => cache.close());
    const today = await board(core);
    assert.equal(today.day, '2026-11-25');
    assert.equal(cache.prepare('SELECT count(*) FROM quarantined_rows').pluck().get(), 0, 'sample imports cleanly');
    const dates = new Set(today.cards.map((c) => c.localDate));
    assert.deepEqual([...dates].sort(), ['2026-11-23', '2026-11-24', '2026-11-25']);
    assert.ok(today.cards.every((c) => c.localDate === '2026-11-25' || c.column !== 'finished'));

    // A held-over card finished today stays until the day ends.
    const heldOver = bySourceId(cache, 'A-1002');
    await call(core, 'moveCard', { id: heldOver, column: 'finished', beforeId: null, afterId: null });
    assert.ok((await board(core)).cards.some((c) => c.id === heldOver));

    clock.advance(DAY);
    const tomorrow = await board(core);
    assert.equal(tomorrow.day, '2026-11-26');
    assert.ok(!tomorrow.cards.some((c) => c.id === heldOver), 'finished yesterday: off the board');
    assert.ok(tomorrow.cards.some((c) => c.id === bySourceId(cache, 'A-1014')), 'tomorrow’s appointment arrives');
    const finishedToday = bySourceId(cache, 'A-1007');
    assert.ok(!tomorrow.cards.some((c) => c.id === finishedToday), 'a finished card of yesterday is gone');
    core.close();
  });

  it('keeps a move, its order in the column and the colour across a restart', async () => {
    const dataFile = tempDataFile();
    const first = startCore({ dataFile, clock: manualClock(NOW) });
    const cards = (await board(first)).cards;
    const inService = cards.filter((c) => c.column === 'in_service').sort((a, b) => a.position - b.position);
    const moving = cards.find((c) => c.column === 'new')!;
    // Drop it between the first and second In Service card.
    await call(first, 'moveCard', {
      id: moving.id,
      column: 'in_service',
      beforeId: inService[0]!.id,
      afterId: inService[1]!.id,
    });
    await call(first, 'setColour', { id: moving.id, colour: 'yellow' });
    first.close();

    const second = startCore({ dataFile, clock: manualClock(NOW) });
    const after = (await board(second)).cards
      .filter((c) => c.column === 'in_service')
      .sort((a, b) => a.position - b.position)
      .map((c) => c.id);
    assert.deepEqual(after.slice(0, 3), [inService[0]!.id, moving.id, inService[1]!.id]);
    assert.equal((await board(second)).cards.find((c) => c.id === moving.id)!.colour, 'yellow');
    second.close();
  });

  it('tells every subscriber about a move', async () => {
    const core = startCore({ clock: manualClock(NOW) });
    const seen: unknown[][] = [[], []];
    core.subscribe((e) => seen[0]!.push(e));
    core.subscribe((e) => seen[1]!.push(e));
    const id = (await board(core)).cards[0]!.id;
    await call(core, 'moveCard', { id, column: 'ready', beforeId: null, afterId: null });
    for (const events of seen) assert.deepEqual(events, [{ type: 'appointments.changed', ids: [id] }]);
    core.close();
  });

  it('remembers the inbox filter per user across restarts', async () => {
    const dataFile = tempDataFile();
    const a = startCore({ dataFile, userId: 'sanne' });
    await call(a, 'setInboxFilter', { inboxIds: ['workshop-zuidas', 'no-such-inbox'] });
    const filtered = await board(a);
    assert.ok(filtered.cards.length > 0 && filtered.cards.every((c) => c.inboxId === 'workshop-zuidas'));
    a.close();
    const again = startCore({ dataFile, userId: 'sanne' });
    assert.deepEqual((await call<{ inboxFilter: string[] }>(again, 'getSettings')).inboxFilter, ['workshop-zuidas']);
    again.close();
    const other = startCore({ dataFile, userId: 'mark' });
    assert.equal((await call<{ inboxFilter: null }>(other, 'getSettings')).inboxFilter, null);
    other.close();
  });

  it('adds a manual appointment with only a date, at a sensible time', async () => {
    const core = startCore({ clock: manualClock(Date.parse('2026-11-25T08:07:00Z')) });
    const walkIn = await call<Card>(core, 'createManualAppointment', { date: '2026-11-25' });
    assert.equal(walkIn.localTime, '09:15', 'today: the next quarter hour');
    assert.ok((await board(core)).cards.some((c) => c.id === walkIn.id));
    const later = await call<Card>(core, 'createManualAppointment', { date: '2026-12-01' });
    assert.equal(later.localTime, '08:00', 'another day: opening time');
    const listed = await call<{ rows: { id: string }[] }>(core, 'listAppointments', { from: '2026-12-01', to: '2026-12-01' });
    assert.deepEqual(
      listed.rows.map((r) => r.id),
      [later.id],
    );
    core.close();
  });

  it('attaches a manual appointment to an existing contact, or creates one with an E.164 phone', async () => {
    const core = startCore({ clock: manualClock(NOW) });
    const [pieter] = await call<{ id: string; phone: string }[]>(core, 'searchContacts', { query: '06 11223344' });
    assert.equal(pieter!.phone, '+31611223344');
    const attached = await call<Card>(core, 'createManualAppointment', { date: '2026-11-25', contactId: pieter!.id });
    assert.equal(attached.customerName, 'Pieter Bakker');

    const created = await call<Card>(core, 'createManualAppointment', {
      date: '2026-11-25',
      time: '16:30',
      customerName: 'Nieuwe Klant',
      phone: '06-2468 1000',
      plate: 'xx-99-yy',
    });
    const details = await call<{ contact: { phone: string }; plate: string }>(core, 'getAppointment', { id: created.id });
    assert.equal(details.contact.phone, '+31624681000');
    assert.equal(details.plate, 'XX-99-YY');
    await assert.rejects(call(core, 'createManualAppointment', { date: '2026-11-25', phone: '0612' }), {
      code: 'INVALID_PHONE',
      message: '"0612" is not a valid phone number',
    });
    core.close();
  });

  it('searches the list by name, plate in any spelling, work order and phone', async () => {
    const core = startCore({ clock: manualClock(NOW) });
    const search = async (text: string) =>
      (await call<{ rows: { sourceId: string }[] }>(core, 'listAppointments', { from: '2026-11-01', to: '2026-12-31', text })).rows.map(
        (r) => r.sourceId,
      );
    assert.deepEqual(await search('visser'), ['A-1003']);
    assert.deepEqual(await search('r455ld'), ['A-1003']);
    assert.deepEqual(await search('R-455-LD'), ['A-1003']);
    assert.deepEqual(await search('WO-24901'), ['A-1003']);
    assert.deepEqual(await search('06 55667788'), ['A-1003']);
    assert.deepEqual(await search('100%'), []);
    const page = await call<{ total: number; rows: unknown[] }>(core, 'listAppointments', {
      from: '2026-11-01',
      to: '2026-12-31',
      limit: 5,
      offset: 20,
    });
    assert.equal(page.total, 24);
    assert.equal(page.rows.length, 4);
    core.close();
  });

  it('answers bad input with a code and a readable message, never an exception', async () => {
    const core = startCore({ clock: manualClock(NOW) });
    const bad = async (method: string, params: unknown) => core.dispatch(method, params);
    assert.deepEqual(await bad('dropTables', {}), {
      ok: false,
      error: { code: 'UNKNOWN_METHOD', message: 'There is no method dropTables.' },
    });
    const wrongColumn = await bad('moveCard', { id: 'x', column: 'garage', beforeId: null, afterId: null });
    assert.equal(wrongColumn.ok, false);
    assert.equal(!wrongColumn.ok && wrongColumn.error.code, 'INVALID_INPUT');
    assert.match(!wrongColumn.ok ? wrongColumn.error.message : '', /^column:/);
    const wrongDate = await bad('createManualAppointment', { date: '2026-02-30' });
    assert.match(!wrongDate.ok ? wrongDate.error.message : '', /date: must be a date as yyyy-mm-dd/);
    const missing = await bad('moveCard', { id: 'nope', column: 'new', beforeId: null, afterId: null });
    assert.equal(!missing.ok && missing.error.code, 'NOT_FOUND');
    core.close();
  });
});
