import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { addDays, isValidIsoDate, parseCalendarDate, parseWallTime } from '../../src/domain/calendar-date';

describe('parseCalendarDate', () => {
  it('reads day-first dates with -, / and .', () => {
    assert.deepEqual(parseCalendarDate('25-11-2026'), { ok: true, date: '2026-11-25' });
    assert.deepEqual(parseCalendarDate('5/3/2026'), { ok: true, date: '2026-03-05' });
    assert.deepEqual(parseCalendarDate(' 01.02.2027 '), { ok: true, date: '2027-02-01' });
  });

  it('reads ISO dates and the date part of ISO timestamps', () => {
    assert.deepEqual(parseCalendarDate('2026-11-25'), { ok: true, date: '2026-11-25' });
    assert.deepEqual(parseCalendarDate('2026-11-25T09:30:00'), { ok: true, date: '2026-11-25' });
  });

  it('refuses dates that do not exist, with the value in the reason', () => {
    const result = parseCalendarDate('31-02-2026');
    assert.equal(result.ok, false);
    assert.match(!result.ok ? result.reason : '', /31-02-2026.*does not exist/);
    assert.equal(parseCalendarDate('29-02-2026').ok, false);
    assert.equal(parseCalendarDate('29-02-2028').ok, true);
    assert.equal(parseCalendarDate('2026-13-01').ok, false);
  });

  it('refuses text that is no date and empty cells', () => {
    assert.match((parseCalendarDate('morgen') as { reason: string }).reason, /not a date/);
    assert.match((parseCalendarDate('  ') as { reason: string }).reason, /empty/);
  });
});

describe('parseWallTime', () => {
  it('reads the common ways of writing a time', () => {
    for (const [raw, expected] of [
      ['09:30', '09:30'],
      ['9:30', '09:30'],
      ['9.30', '09:30'],
      ['0930', '09:30'],
      ['09:30:00', '09:30'],
      ['23:59', '23:59'],
    ]) {
      assert.deepEqual(parseWallTime(raw!), { ok: true, time: expected }, raw);
    }
  });

  it('refuses impossible times', () => {
    assert.equal(parseWallTime('24:00').ok, false);
    assert.equal(parseWallTime('12:60').ok, false);
    assert.equal(parseWallTime('noon').ok, false);
  });
});

describe('calendar arithmetic', () => {
  it('adds days across month and year ends and leap days', () => {
    assert.equal(addDays('2026-12-31', 1), '2027-01-01');
    assert.equal(addDays('2028-03-01', -1), '2028-02-29');
    assert.equal(addDays('2026-03-29', 1), '2026-03-30');
  });

  it('validates ISO dates', () => {
    assert.equal(isValidIsoDate('2026-02-28'), true);
    assert.equal(isValidIsoDate('2026-02-30'), false);
    assert.equal(isValidIsoDate('26-02-2026'), false);
  });
});
