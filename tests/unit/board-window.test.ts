import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cardWindow } from '../../renderer/board/card-window';
import { keepUnchanged, sameValue } from '../../renderer/state/keep-unchanged';

describe('the cards a column draws', () => {
  const hundred = Array.from({ length: 100 }, () => 100);

  it('draws the view, the overscan and one card beyond, with room for the rest', () => {
    // View 0–500, overscan 200: cards 0–6 reach 700; one more beyond.
    assert.deepEqual(cardWindow(hundred, 0, 500, 200), { first: 0, end: 8, before: 0, after: 9200 });
  });

  it('follows a scroll, keeping the room above and below the drawn cards', () => {
    // View 2000–2500, overscan 200: cards 18–26 cover 1800–2700; one more each side.
    const w = cardWindow(hundred, 2000, 500, 200);
    assert.deepEqual(w, { first: 17, end: 28, before: 1700, after: 7200 });
    assert.equal(w.before + (w.end - w.first) * 100 + w.after, 10_000, 'the scroll height is every card');
  });

  it('draws every card of a short column, and none of an empty one', () => {
    assert.deepEqual(cardWindow([120, 90, 130], 0, 800, 100), { first: 0, end: 3, before: 0, after: 0 });
    assert.deepEqual(cardWindow([], 0, 800, 100), { first: 0, end: 0, before: 0, after: 0 });
  });

  it('takes cards of different heights as measured', () => {
    const heights = [100, 300, 100, 100, 100, 100];
    // View 350–450, no overscan: card 1 (100–400) and card 2 (400–500); one more each side.
    assert.deepEqual(cardWindow(heights, 350, 100, 0), { first: 0, end: 4, before: 0, after: 200 });
  });

  it('keeps the neighbours of a focused card at an edge drawn, so that Tab reaches them before the scroll follows', () => {
    // View 0–500, no overscan: cards 0–5 drawn; card 5 focused (Tab moved there): 6 too.
    assert.deepEqual(cardWindow(hundred, 0, 500, 0), { first: 0, end: 6, before: 0, after: 9400 });
    assert.deepEqual(cardWindow(hundred, 0, 500, 0, 5), { first: 0, end: 7, before: 0, after: 9300 });
    // Shift+Tab upwards: view 2000–2500 draws 19–25; card 19 focused brings 18.
    assert.deepEqual(cardWindow(hundred, 2000, 500, 0, 19), { first: 18, end: 26, before: 1800, after: 7400 });
  });

  it('keeps a focused card and the cards up to it drawn while the view is a few frames behind the focus', () => {
    // The view still says 0–500 (cards 0–5), but Tab has reached card 8: 6–9 are drawn too.
    assert.deepEqual(cardWindow(hundred, 0, 500, 0, 8), { first: 0, end: 10, before: 0, after: 9000 });
    // Upwards: the view says 2000–2500 while Shift+Tab reached card 16.
    assert.deepEqual(cardWindow(hundred, 2000, 500, 0, 16), { first: 15, end: 26, before: 1500, after: 7400 });
  });

  it('does not keep a focused card the view was scrolled away from', () => {
    assert.deepEqual(cardWindow(hundred, 5000, 500, 0, 3), cardWindow(hundred, 5000, 500, 0));
  });

  it('draws the last cards when scrolled past the end (a column that just got shorter)', () => {
    const w = cardWindow(hundred, 50_000, 500, 200);
    assert.deepEqual(w, { first: 99, end: 100, before: 9900, after: 0 });
  });
});

describe('a board read again keeps the cards that did not change', () => {
  const card = (id: string, column: string, extra: Record<string, unknown> = {}) => ({ id, column, advisor: { id: 'u1', name: 'Sanne' }, ...extra });

  it('compares JSON values deeply', () => {
    assert.ok(sameValue({ a: [1, { b: null }] }, { a: [1, { b: null }] }));
    assert.ok(!sameValue({ a: [1, 2] }, { a: [2, 1] }));
    assert.ok(!sameValue({ a: 1 }, { a: 1, b: undefined }));
    assert.ok(!sameValue([1], { 0: 1 }));
    assert.ok(!sameValue(null, {}));
  });

  it('keeps the old object of an equal card and takes the new one of a changed card', () => {
    const before = [card('a', 'new'), card('b', 'new'), card('c', 'ready')];
    const after = [card('a', 'new'), card('b', 'in_service'), card('c', 'ready')];
    const kept = keepUnchanged(before, after);
    assert.equal(kept[0], before[0]);
    assert.equal(kept[1], after[1]);
    assert.equal(kept[2], before[2]);
  });

  it('keeps the whole list when nothing changed, and notices a card gone, added or moved in order', () => {
    const before = [card('a', 'new'), card('b', 'new')];
    assert.equal(keepUnchanged(before, [card('a', 'new'), card('b', 'new')]), before);
    assert.deepEqual(keepUnchanged(before, [card('a', 'new')]).map((c) => c.id), ['a']);
    assert.deepEqual(keepUnchanged(before, [...before, card('c', 'new')]).map((c) => c.id), ['a', 'b', 'c']);
    const swapped = keepUnchanged(before, [card('b', 'new'), card('a', 'new')]);
    assert.notEqual(swapped, before);
    assert.equal(swapped[0], before[1]);
  });

  it('sees a change deep inside a card', () => {
    const before = [card('a', 'new')];
    const after = [card('a', 'new', { advisor: { id: 'u1', name: 'Sanne de Vries' } })];
    assert.equal(keepUnchanged(before, after)[0], after[0]);
  });
});
