import { z } from 'zod';
import { isValidIsoDate } from '../domain/calendar-date';

/**
 * The limits of an appointment's fields, defined once: the desktop's import quarantines a row
 * over a limit with its field and reason, the manual form refuses it, and the backend refuses
 * it the same way. Nothing is cut to fit.
 */
export const FIELD_LIMITS = {
  source: 60,
  branch: 60,
  sourceId: 100,
  customerName: 200,
  /** The planning system's or dealer system's own number of the customer. */
  customerId: 100,
  /** As typed, before it is read as an E.164 number. */
  phone: 40,
  email: 254,
  plate: 20,
  make: 100,
  model: 100,
  work: 4000,
  workOrder: 100,
  owner: 100,
} as const;
export type LimitedField = keyof typeof FIELD_LIMITS;

/** Appointments are dated within these years; anything else is a typing or export error. */
export const FIRST_YEAR = 1900;
export const LAST_YEAR = 2100;

export function isDateInRange(isoDate: string): boolean {
  const year = Number(isoDate.slice(0, 4));
  return year >= FIRST_YEAR && year <= LAST_YEAR;
}

/** An ISO date (yyyy-mm-dd) that exists and lies within FIRST_YEAR–LAST_YEAR. */
export const IsoDateSchema = z
  .string()
  .refine(isValidIsoDate, 'must be a date as yyyy-mm-dd')
  .refine(isDateInRange, `must be a date between ${FIRST_YEAR} and ${LAST_YEAR}`);

/**
 * Control characters (NUL, BEL…) and the marks that turn text around or hide its direction
 * (U+202A–U+202E, U+2066–U+2069) make a name read other than it is stored: refused, not
 * removed, in the names and texts a manager sets up. `lines`: a line break is allowed (a
 * template's body), no other control character.
 */
function hiddenCharacter(value: string, lines: boolean): boolean {
  for (const character of value) {
    const code = character.codePointAt(0)!;
    if (code < 0x20 && !(lines && code === 0x0a)) return true;
    if ((code >= 0x7f && code <= 0x9f) || (code >= 0x202a && code <= 0x202e) || (code >= 0x2066 && code <= 0x2069)) return true;
  }
  return false;
}

export function visibleText(lines = false) {
  return z.string().refine((value) => !hiddenCharacter(value, lines), {
    // The screens word it from the rule, in their reader's language.
    params: { rule: 'hiddenCharacter' },
    message: lines ? 'holds a control character or a hidden direction mark (only line breaks may be in it)' : 'holds a control character, a line break or a hidden direction mark',
  });
}

/** Optional free text of a field, trimmed, within its limit. */
export function limitedText(field: LimitedField) {
  return z
    .string()
    .trim()
    .max(FIELD_LIMITS[field], `is longer than ${FIELD_LIMITS[field]} characters`)
    // No store keeps it the same way (PostgreSQL refuses it, SQLite's functions stop at it), and no name or plate has one.
    .refine((value) => !value.includes('\u0000'), 'holds a NUL character');
}

/** A person's e-mail address as every boundary accepts it. */
export const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
export const EmailSchema = limitedText('email').regex(EMAIL_PATTERN, 'is not an e-mail address');

/**
 * The backend's request body limit, and what the desktop keeps each batch under (a margin for
 * the JSON around the rows): a batch is sized by bytes as well as by count.
 */
export const BACKEND_BODY_LIMIT_BYTES = 1024 * 1024;
export const BATCH_BYTES_TARGET = 768 * 1024;
export const APPOINTMENTS_PER_BATCH = 500;
