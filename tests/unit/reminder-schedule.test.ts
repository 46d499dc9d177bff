import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CLOSED_STRETCH_DAYS, FIXED_REMINDER_SOURCES, isOpenDay, reminderDue, reminderSources, type InboxCalendar, type ReminderTiming } from '../../src/domain/reminder-schedule';
import { zonedToUtc } from '../../src/domain/zoned-time';

const AMS = 'Europe/Amsterdam';
const OPEN = { open: '08:00', close: '18:00' };
/** Monday to Saturday, Sunday closed (the inboxes' default). */
const SUNDAY_CLOSED = [OPEN, OPEN, OPEN, OPEN, OPEN, OPEN, null];
const EVERY_DAY = [OPEN, OPEN, OPEN, OPEN, OPEN, OPEN, OPEN];

const calendar = (over: Partial<InboxCalendar> = {}): InboxCalendar => ({ zone: AMS, openingHours: SUNDAY_CLOSED, closedDates: [], ...over });
const due = (date: string, time: string, cal: InboxCalendar, when: ReminderTiming) => {
  const result = reminderDue(zonedToUtc(date, time, AMS), cal, when);
  return result.ok ? new Date(result.dueAt).toISOString() : result.reason;
};
const at17: ReminderTiming = { kind: 'day_before', at: '17:00' };

describe('reminder schedule: a time on the day before', () => {
  it('is the evening before on an ordinary weekday', () => {
    assert.equal(due('2026-11-26', '09:30', calendar(), at17), '2026-11-25T16:00:00.000Z');
  });

  it('moves a Monday appointment to Saturday when Sunday is closed', () => {
    assert.equal(due('2026-11-30', '09:30', calendar(), at17), '2026-11-28T16:00:00.000Z');
  });

  it('moves past a public holiday: Monday 28 December with Sunday closed and Saturday a holiday → Friday', () => {
    const cal = calendar({ closedDates: ['2026-12-26'] });
    assert.equal(due('2026-12-28', '08:00', cal, at17), '2026-12-25T16:00:00.000Z');
  });

  it('keeps the time as set even when the workshop opens later that day', () => {
    const late = calendar({ openingHours: SUNDAY_CLOSED.map((d) => d && { open: '10:00', close: '18:00' }) });
    assert.equal(due('2026-11-26', '09:30', late, { kind: 'day_before', at: '07:15' }), '2026-11-25T06:15:00.000Z');
  });

  it('treats every weekday as open without opening hours, but still skips closed dates', () => {
    const cal = calendar({ openingHours: null, closedDates: ['2026-11-29'] });
    assert.equal(due('2026-11-30', '09:30', cal, at17), '2026-11-28T16:00:00.000Z');
    assert.equal(due('2026-11-29', '09:30', calendar({ openingHours: null }), at17), '2026-11-28T16:00:00.000Z');
  });

  it('uses local time on both sides of the spring DST switch (29 March 2026)', () => {
    const cal = calendar({ openingHours: EVERY_DAY });
    // Sunday 29 March 17:00 is already summer time (+02:00).
    assert.equal(due('2026-03-30', '09:00', cal, at17), '2026-03-29T15:00:00.000Z');
    // Saturday 28 March 17:00 is still winter time (+01:00).
    assert.equal(due('2026-03-29', '10:00', cal, at17), '2026-03-28T16:00:00.000Z');
  });

  it('uses local time on both sides of the autumn DST switch (25 October 2026)', () => {
    const cal = calendar({ openingHours: EVERY_DAY });
    assert.equal(due('2026-10-26', '09:00', cal, at17), '2026-10-25T16:00:00.000Z');
    assert.equal(due('2026-10-25', '10:00', cal, at17), '2026-10-24T15:00:00.000Z');
  });

  it('answers "closed" when no day in the stretch before is open, rather than weeks ahead', () => {
    const nothingOpen = calendar({ openingHours: [null, null, null, null, null, null, null] });
    assert.equal(due('2026-11-26', '09:30', nothingOpen, at17), 'closed');
    const longClosure = Array.from({ length: CLOSED_STRETCH_DAYS + 1 }, (_, i) => new Date(Date.UTC(2026, 10, 25 - i)).toISOString().slice(0, 10));
    assert.equal(due('2026-11-26', '09:30', calendar({ openingHours: EVERY_DAY, closedDates: longClosure }), at17), 'closed');
    assert.equal(
      due('2026-11-26', '09:30', calendar({ openingHours: EVERY_DAY, closedDates: longClosure.slice(0, -1) }), at17),
      // Late September: summer time, 17:00 is 15:00 UTC.
      new Date(zonedToUtc(longClosure.at(-1)!, '17:00', AMS)).toISOString(),
    );
  });
});

describe('reminder schedule: a number of hours before', () => {
  it('is the start minus the hours on the same day', () => {
    assert.equal(due('2026-11-26', '14:00', calendar(), { kind: 'hours_before', hours: 3 }), '2026-11-26T10:00:00.000Z');
  });

  it('moves to the same clock time on the last open day when it falls on a closed Sunday', () => {
    assert.equal(due('2026-11-30', '09:30', calendar(), { kind: 'hours_before', hours: 24 }), '2026-11-28T08:30:00.000Z');
  });

  it('moves past a holiday as well', () => {
    const cal = calendar({ closedDates: ['2026-12-26'] });
    assert.equal(due('2026-12-28', '08:00', cal, { kind: 'hours_before', hours: 48 }), '2026-12-25T07:00:00.000Z');
  });

  it('counts wall-clock hours across the spring switch: 24 hours before 09:30 is 09:30 the day before', () => {
    const cal = calendar({ openingHours: EVERY_DAY });
    // 24 elapsed hours would be 10:30 summer time; the customer reads "a day before" as 09:30.
    assert.equal(due('2026-03-30', '09:30', cal, { kind: 'hours_before', hours: 24 }), '2026-03-29T07:30:00.000Z');
  });

  it('never falls on the start: one hour before 03:30 on the spring switch (02:30 never happens) is 01:30 UTC, an hour before', () => {
    const cal = calendar({ openingHours: EVERY_DAY });
    // 03:30 summer time is 01:30 UTC; the wall clock's 02:30 is skipped that night.
    assert.equal(due('2026-03-29', '03:30', cal, { kind: 'hours_before', hours: 1 }), '2026-03-29T00:30:00.000Z');
  });

  it('counts wall-clock hours across the autumn switch', () => {
    const cal = calendar({ openingHours: EVERY_DAY });
    assert.equal(due('2026-10-25', '10:00', cal, { kind: 'hours_before', hours: 24 }), '2026-10-24T08:00:00.000Z');
  });

  it('reaches back a week at most (168 hours)', () => {
    assert.equal(due('2026-11-26', '09:30', calendar(), { kind: 'hours_before', hours: 168 }), '2026-11-19T08:30:00.000Z');
  });
});

describe('open days', () => {
  it('reads the week Monday first and closed dates as closed', () => {
    assert.equal(isOpenDay('2026-11-29', calendar()), false, 'a Sunday');
    assert.equal(isOpenDay('2026-11-30', calendar()), true, 'a Monday');
    assert.equal(isOpenDay('2026-11-30', calendar({ openingHours: [null, OPEN, OPEN, OPEN, OPEN, OPEN, OPEN] })), false, 'Monday closed');
    assert.equal(isOpenDay('2026-12-25', calendar({ closedDates: ['2026-12-25'] })), false);
  });
});

describe('which fact fills each value of a reminder template', () => {
  it('takes the parameters’ own sources, in order', () => {
    assert.deepEqual(reminderSources(2, ['plate', 'time']), { ok: true, sources: ['plate', 'time'] });
  });

  it('fills a template nobody described with the four fixed values, when it takes four', () => {
    assert.deepEqual(reminderSources(4, ['none', 'none', 'none', 'none']), { ok: true, sources: FIXED_REMINDER_SOURCES });
    assert.deepEqual(reminderSources(4, []), { ok: true, sources: FIXED_REMINDER_SOURCES });
    const three = reminderSources(3, []);
    assert.equal(three.ok, false);
    assert.match(!three.ok ? three.detail : '', /takes 3 values without sources/);
  });

  it('names each value without a source, since nobody is there to type it', () => {
    const result = reminderSources(3, ['customerName', 'none', 'none']);
    assert.deepEqual(result, { ok: false, detail: "the template's {{2}}, {{3}} have no source the reminder can fill" });
  });
});
