import type { IsoDate } from './calendar-date';

/**
 * Wall-clock time in an IANA zone ⇄ UTC instants, with Intl only (no I/O, no library),
 * so the domain stays portable and the conversion can be memoised on the hot import path.
 */

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(zone, f);
  }
  return f;
}

export function isValidZone(zone: string): boolean {
  try {
    formatterFor(zone);
    return true;
  } catch {
    return false;
  }
}

interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

function wallClockAt(instantMs: number, zone: string): WallClock {
  const parts = formatterFor(zone).formatToParts(new Date(instantMs));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  return {
    year: get('year'),
    month: get('month'),
    day: get('day'),
    hour: get('hour'),
    minute: get('minute'),
    second: get('second'),
  };
}

/** Offset of `zone` from UTC at an instant, in milliseconds. */
function offsetAt(instantMs: number, zone: string): number {
  const w = wallClockAt(instantMs, zone);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return asUtc - Math.floor(instantMs / 1000) * 1000;
}

/** The local calendar date in `zone` at an instant. */
export function localDateAt(instantMs: number, zone: string): IsoDate {
  const w = wallClockAt(instantMs, zone);
  return `${w.year}-${String(w.month).padStart(2, '0')}-${String(w.day).padStart(2, '0')}`;
}

/** The local wall-clock time (HH:mm) in `zone` at an instant. */
export function localTimeAt(instantMs: number, zone: string): string {
  const w = wallClockAt(instantMs, zone);
  return `${String(w.hour).padStart(2, '0')}:${String(w.minute).padStart(2, '0')}`;
}

const MEMO_LIMIT = 50_000;
const memo = new Map<string, number>();

/**
 * The UTC instant of a wall-clock date and time in `zone`.
 *
 * Around DST switches: a time in the spring gap (02:30 on the last Sunday of March in
 * Europe/Amsterdam) does not exist and is read as the same moment one hour later on the
 * clock (03:30), the way a person resets a watch; a time in the autumn overlap (02:30 on the
 * last Sunday of October happens twice) is read as the first occurrence, summer time, so
 * an appointment is never an hour late.
 */
export function zonedToUtc(date: IsoDate, time: string, zone: string): number {
  const key = `${zone}|${date}|${time}`;
  const hit = memo.get(key);
  if (hit !== undefined) return hit;
  const [y, mo, d] = date.split('-').map(Number) as [number, number, number];
  const [h, mi] = time.split(':').map(Number) as [number, number];
  const naive = Date.UTC(y, mo - 1, d, h, mi);
  // The offsets in force a day before and a day after bracket every real transition.
  const before = offsetAt(naive - 86_400_000, zone);
  const after = offsetAt(naive + 86_400_000, zone);
  const candidates = [naive - before, naive - after].filter(
    (instant) => naive - offsetAt(instant, zone) === instant,
  );
  // Overlap: both candidates read back correctly; the earlier instant is the first occurrence.
  // Gap: neither does; the pre-transition offset lands the clock time after the jump.
  const result = candidates.length > 0 ? Math.min(...candidates) : naive - before;
  if (memo.size >= MEMO_LIMIT) memo.clear();
  memo.set(key, result);
  return result;
}
