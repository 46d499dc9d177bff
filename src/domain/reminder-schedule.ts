import { addDays, type IsoDate } from './calendar-date';
import { localDateAt, localTimeAt, zonedToUtc } from './zoned-time';

/**
 * When an appointment's reminder is due. Pure: the inbox's zone, week and holidays come in as
 * values, so the bot, the preview and the conversation's reminder line all answer the same.
 *
 * The rules:
 * - day_before: at the time `at` (the inbox's wall clock) on the last OPEN day before the
 *   appointment's day. A weekday without opening hours or a closed date is not open, so a
 *   Monday appointment with Sunday closed is reminded on Saturday, and with Saturday a holiday
 *   on Friday. `at` is kept as set even when the workshop opens later that day: the reminder
 *   is a message, nobody needs to be at the desk when it goes out.
 * - hours_before: the appointment's wall-clock time minus N hours on the wall clock (24 hours
 *   before 09:30 is 09:30 the day before, also across a DST switch, as a person reads "a day
 *   before"). When that falls on a closed day it moves to the same clock time on the last open
 *   day before that day. Where the spring switch skips that wall-clock time and it would fall
 *   on the start itself, the hours are counted as elapsed time.
 * - Open days are looked for at most CLOSED_STRETCH_DAYS back: a workshop closed for longer
 *   than that before an appointment gets no reminder, with the reason `closed`, rather than one
 *   weeks ahead.
 */

/** Monday first, as src/api/v2/organization.ts; null: closed that weekday. */
export type WeekHours = ReadonlyArray<{ open: string; close: string } | null> | null;

export type ReminderTiming = { kind: 'day_before'; at: string } | { kind: 'hours_before'; hours: number };

export interface InboxCalendar {
  zone: string;
  /** null: no opening hours set, every weekday is open. */
  openingHours: WeekHours;
  closedDates: readonly IsoDate[];
}

export const CLOSED_STRETCH_DAYS = 62;

export type DueInstant = { ok: true; dueAt: number } | { ok: false; reason: 'closed' };

/** Monday 0 … Sunday 6, of a calendar date (no zone: a date is a date). */
export function weekdayIndex(date: IsoDate): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return (new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 6) % 7;
}

export function isOpenDay(date: IsoDate, calendar: InboxCalendar): boolean {
  if (calendar.closedDates.includes(date)) return false;
  return calendar.openingHours === null || calendar.openingHours[weekdayIndex(date)] !== null;
}

/** The last open day on or before `date`, or null when none within CLOSED_STRETCH_DAYS. */
function openOnOrBefore(date: IsoDate, calendar: InboxCalendar): IsoDate | null {
  for (let back = 0; back <= CLOSED_STRETCH_DAYS; back++) {
    const day = addDays(date, -back);
    if (isOpenDay(day, calendar)) return day;
  }
  return null;
}

/** The wall clock `hours` before a wall-clock date and time (calendar arithmetic, no zone). */
function wallClockBefore(date: IsoDate, time: string, hours: number): { date: IsoDate; time: string } {
  const [y, mo, d] = date.split('-').map(Number) as [number, number, number];
  const [h, mi] = time.split(':').map(Number) as [number, number];
  const shifted = new Date(Date.UTC(y, mo - 1, d, h - hours, mi)).toISOString();
  return { date: shifted.slice(0, 10), time: shifted.slice(11, 16) };
}

export function reminderDue(startsAt: number, calendar: InboxCalendar, when: ReminderTiming): DueInstant {
  const day = localDateAt(startsAt, calendar.zone);
  if (when.kind === 'day_before') {
    const sendDay = openOnOrBefore(addDays(day, -1), calendar);
    return sendDay ? { ok: true, dueAt: zonedToUtc(sendDay, when.at, calendar.zone) } : { ok: false, reason: 'closed' };
  }
  const wall = wallClockBefore(day, localTimeAt(startsAt, calendar.zone), when.hours);
  const sendDay = openOnOrBefore(wall.date, calendar);
  if (!sendDay) return { ok: false, reason: 'closed' };
  const dueAt = zonedToUtc(sendDay, wall.time, calendar.zone);
  // A wall-clock time the spring DST switch skips can land on the start itself, when the bot no
  // longer sends: then the hours are counted as elapsed time instead.
  return { ok: true, dueAt: dueAt < startsAt ? dueAt : startsAt - when.hours * 3_600_000 };
}

/** The four values a reminder template without described parameters takes, in this order (as before the Content Library). */
export const FIXED_REMINDER_SOURCES = ['customerName', 'date', 'time', 'plate'] as const;

export type ReminderSources = { ok: true; sources: readonly string[] } | { ok: false; detail: string };

/**
 * Which fact fills each {{n}} of a reminder template: the template's own parameter sources when
 * it has them, or the four fixed values for a template nobody described ('none' everywhere)
 * that takes four. The bot sends without anyone to type a value, so a {{n}} without a source is
 * a template the reminder cannot fill.
 */
export function reminderSources(valueCount: number, sources: readonly string[]): ReminderSources {
  const described = sources.some((s) => s !== 'none');
  if (!described) {
    if (valueCount === FIXED_REMINDER_SOURCES.length) return { ok: true, sources: FIXED_REMINDER_SOURCES };
    return {
      ok: false,
      detail: `the template takes ${valueCount} values without sources; the reminder fills 4 (name, date, time, plate) or the sources its parameters name`,
    };
  }
  if (sources.length !== valueCount) return { ok: false, detail: `the template takes ${valueCount} values but describes ${sources.length}` };
  const unfilled = sources.flatMap((s, i) => (s === 'none' ? [`{{${i + 1}}}`] : []));
  if (unfilled.length) return { ok: false, detail: `the template's ${unfilled.join(', ')} ${unfilled.length === 1 ? 'has' : 'have'} no source the reminder can fill` };
  return { ok: true, sources };
}
