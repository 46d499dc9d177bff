import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compareBoardOrder, isHeldOver, isOnBoard, type BoardFacts } from '../../src/domain/board-day';
import { localDateAt, zonedToUtc } from '../../src/domain/zoned-time';

const card = (over: Partial<BoardFacts>): BoardFacts => ({
  localDate: '2026-11-25',
  column: 'new',
  finishedOn: null,
  cancelled: false,
  ...over,
});

describe('isOnBoard', () => {
  const day = '2026-11-25';

  it('shows the day’s own appointments in every column', () => {
    assert.equal(isOnBoard(card({}), day), true);
    assert.equal(isOnBoard(card({ column: 'finished', finishedOn: day }), day), true);
    assert.equal(isOnBoard(card({ column: 'finished', finishedOn: '2026-11-26' }), day), true);
  });

  it('holds over earlier appointments that are not finished', () => {
    const old = card({ localDate: '2026-11-20', column: 'on_hold' });
    assert.equal(isOnBoard(old, day), true);
    assert.equal(isHeldOver(old, day), true);
  });

  it('keeps an earlier card finished today until the day ends, then drops it', () => {
    const finishedToday = card({ localDate: '2026-11-20', column: 'finished', finishedOn: day });
    assert.equal(isOnBoard(finishedToday, day), true);
    assert.equal(isOnBoard(finishedToday, '2026-11-26'), false);
  });

  it('does not show future appointments, or hold over cancelled ones', () => {
    assert.equal(isOnBoard(card({ localDate: '2026-11-26' }), day), false);
    assert.equal(isOnBoard(card({ localDate: '2026-11-24', cancelled: true }), day), false);
    assert.equal(isOnBoard(card({ cancelled: true }), day), true);
  });

  it('is not held over on its own day', () => {
    assert.equal(isHeldOver(card({}), day), false);
  });
});

describe('board day around the DST switches in Europe/Amsterdam', () => {
  const AMS = 'Europe/Amsterdam';

  it('an appointment at 00:30 on the spring-forward day belongs to that day, not the day before', () => {
    const startsAt = zonedToUtc('2026-03-29', '00:30', AMS);
    assert.equal(new Date(startsAt).toISOString().slice(0, 10), '2026-03-28');
    const today = localDateAt(startsAt, AMS);
    assert.equal(isOnBoard(card({ localDate: '2026-03-29' }), today), true);
  });

  it('the board day is 23 hours long in spring and 25 in autumn', () => {
    const spring = zonedToUtc('2026-03-30', '00:00', AMS) - zonedToUtc('2026-03-29', '00:00', AMS);
    const autumn = zonedToUtc('2026-10-26', '00:00', AMS) - zonedToUtc('2026-10-25', '00:00', AMS);
    assert.equal(spring / 3_600_000, 23);
    assert.equal(autumn / 3_600_000, 25);
    assert.equal(localDateAt(zonedToUtc('2026-10-25', '23:59', AMS), AMS), '2026-10-25');
  });
});

describe('compareBoardOrder', () => {
  it('orders by position, then id', () => {
    const cards = [
      { id: 'c', position: 3 },
      { id: 'b', position: 1 },
      { id: 'a', position: 1 },
    ];
    assert.deepEqual(cards.sort(compareBoardOrder).map((c) => c.id), ['a', 'b', 'c']);
  });
});
