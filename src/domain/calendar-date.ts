/**
 * Calendar dates as ISO strings (YYYY-MM-DD). Plain strings compare in date order and are
 * what SQLite indexes, so every layer uses this one representation.
 */
export type IsoDate = string;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isValidIsoDate(value: string): boolean {
  const m = ISO_DATE.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (mo < 1 || mo > 12 || d < 1) return false;
  return d <= daysInMonth(y, mo);
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

export function addDays(date: IsoDate, days: number): IsoDate {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** Why a date or time cannot be read: a code for callers that word it themselves, and the reason in English. */
export type DateProblem = 'empty' | 'notADate' | 'noSuchDate';
export type ParsedDate = { ok: true; date: IsoDate } | { ok: false; problem: DateProblem; reason: string };

const DAY_FIRST = /^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$/;
const YEAR_FIRST = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[T ].*)?$/;

/**
 * Reads the dates dealer exports contain: dd-mm-yyyy (also with / or .) and ISO yyyy-mm-dd
 * (an ISO timestamp's date part is taken). Day-first is the European convention; a US-style
 * mm/dd file would be misread, which is why a date that does not exist is refused, not guessed.
 */
export function parseCalendarDate(raw: string): ParsedDate {
  const value = raw.trim();
  if (value === '') return { ok: false, problem: 'empty', reason: 'date is empty' };
  let y: number, m: number, d: number;
  const dayFirst = DAY_FIRST.exec(value);
  const yearFirst = dayFirst ? null : YEAR_FIRST.exec(value);
  if (dayFirst) {
    [d, m, y] = [Number(dayFirst[1]), Number(dayFirst[2]), Number(dayFirst[3])];
  } else if (yearFirst) {
    [y, m, d] = [Number(yearFirst[1]), Number(yearFirst[2]), Number(yearFirst[3])];
  } else {
    return { ok: false, problem: 'notADate', reason: `"${value}" is not a date (expected dd-mm-yyyy or yyyy-mm-dd)` };
  }
  const iso = `${y}-${pad2(m)}-${pad2(d)}`;
  if (!isValidIsoDate(iso)) return { ok: false, problem: 'noSuchDate', reason: `date "${value}" does not exist` };
  return { ok: true, date: iso };
}

export type ParsedTime = { ok: true; time: string } | { ok: false; problem: 'notATime' | 'noSuchTime'; reason: string };

const TIME = /^(\d{1,2})[:.h]?(\d{2})(?::(\d{2}))?$/;

/** Reads a wall-clock time (09:30, 9:30, 9.30, 0930, 09:30:00) into HH:mm. */
export function parseWallTime(raw: string): ParsedTime {
  const value = raw.trim();
  const m = TIME.exec(value);
  if (!m) return { ok: false, problem: 'notATime', reason: `"${value}" is not a time (expected hh:mm)` };
  const h = Number(m[1]);
  const min = Number(m[2]);
  if (h > 23 || min > 59) return { ok: false, problem: 'noSuchTime', reason: `time "${value}" does not exist` };
  return { ok: true, time: `${pad2(h)}:${pad2(min)}` };
}
