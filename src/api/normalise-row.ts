import { IMPORT_FIELDS, type ImportField, type ImportProblem } from './import';
import { EMAIL_PATTERN, FIELD_LIMITS, FIRST_YEAR, isDateInRange, LAST_YEAR, type LimitedField } from './limits';
import type { AppointmentFields } from '../domain/appointment';
import { parseCalendarDate, parseWallTime } from '../domain/calendar-date';
import { normalisePhone } from '../domain/phone';
import { displayPlate } from '../domain/plate';
import { zonedToUtc } from '../domain/zoned-time';

/** An appointment as any source delivers it, before normalisation: field → text. */
export type RawFields = Partial<Record<ImportField, string>>;

/** An appointment in domain terms with its customer's contact details, ready to be stored. */
export interface NormalisedAppointment extends AppointmentFields {
  customerName: string | null;
  /** The source's own number of the customer, when it gives one: it says who the customer is (domain/contact-identity). */
  customerId: string | null;
  phone: string | null;
  email: string | null;
}

export interface NormaliseContext {
  zone: string;
  /** ISO 3166 country for national phone numbers. */
  country: string;
  /** Wall-clock time used when a source gives a date without a time. */
  defaultTime: string;
}

/** The appointment, or every problem of the row (never only the first: the person fixes them all at once). */
export type Normalised = { ok: true; value: NormalisedAppointment } | { ok: false; problems: ImportProblem[] };

const YES = new Set(['1', 'true', 'yes', 'y', 'ja', 'j', 'x', 'cancelled', 'canceled', 'geannuleerd', 'vervallen', 'annule', 'annulé', 'oui']);
const NO = new Set(['', '0', 'false', 'no', 'n', 'nee', 'active', 'actief', 'gepland', 'planned', 'non', 'actif', 'planifie', 'planifié']);

/**
 * Reads a row into an appointment. A value over its limit (src/api/limits, the same the
 * backend enforces) quarantines the row with its field: it is never cut to fit, since a cut
 * value stored here would differ from what the source says, and a longer one the backend refuses.
 */
export function normaliseRow(fields: RawFields, ctx: NormaliseContext): Normalised {
  const problems: ImportProblem[] = [];
  for (const field of IMPORT_FIELDS) if (fields[field]?.includes('\u0000')) problems.push({ field, code: 'nulCharacter', params: {} });
  /** The trimmed value, or null when empty; over its limit: a problem, and null. */
  const text = (field: LimitedField & ImportField): string | null => {
    const v = fields[field]?.trim();
    if (!v) return null;
    if (v.length > FIELD_LIMITS[field]) {
      problems.push({ field, code: 'tooLong', params: { max: FIELD_LIMITS[field], length: v.length } });
      return null;
    }
    return v;
  };

  const sourceId = text('sourceId');
  if (!sourceId && !problems.some((p) => p.field === 'sourceId')) problems.push({ field: 'sourceId', code: 'missing', params: {} });
  const branch = text('branch') ?? '';

  let localDate: string | null = null;
  const date = parseCalendarDate(fields.date ?? '');
  if (!date.ok) {
    const value = (fields.date ?? '').trim();
    problems.push(date.problem === 'empty' ? { field: 'date', code: 'missing', params: {} } : { field: 'date', code: date.problem, params: { value } });
  } else if (!isDateInRange(date.date)) {
    problems.push({ field: 'date', code: 'dateOutOfRange', params: { value: fields.date!.trim(), first: FIRST_YEAR, last: LAST_YEAR } });
  } else {
    localDate = date.date;
  }

  let localTime: string | null = ctx.defaultTime;
  const rawTime = fields.time?.trim();
  if (rawTime) {
    const time = parseWallTime(rawTime);
    if (time.ok) localTime = time.time;
    else {
      problems.push({ field: 'time', code: time.problem, params: { value: rawTime } });
      localTime = null;
    }
  }

  let phone: string | null = null;
  const rawPhone = text('phone');
  if (rawPhone) {
    const p = normalisePhone(rawPhone, ctx.country);
    if (p.ok) phone = p.e164;
    else if (p.problem !== 'empty') problems.push({ field: 'phone', code: p.problem, params: { value: rawPhone } });
  }

  const email = text('email');
  if (email && !EMAIL_PATTERN.test(email)) problems.push({ field: 'email', code: 'notAnEmail', params: { value: email } });

  const rawCancelled = (fields.cancelled ?? '').trim();
  const cancelledText = rawCancelled.toLowerCase();
  const cancelled = YES.has(cancelledText);
  if (!cancelled && !NO.has(cancelledText)) problems.push({ field: 'cancelled', code: 'notACancelledValue', params: { value: rawCancelled } });

  const customerName = text('customerName');
  const customerId = text('customerId');
  const plate = text('plate');
  const make = text('make');
  const model = text('model');
  const work = text('work');
  const workOrder = text('workOrder');
  const owner = text('owner');

  if (problems.length > 0 || !sourceId || !localDate || !localTime) return { ok: false, problems: problems.sort(byField) };
  return {
    ok: true,
    value: {
      sourceId,
      branch,
      localDate,
      localTime,
      startsAt: zonedToUtc(localDate, localTime, ctx.zone),
      customerName,
      customerId,
      phone,
      email: email?.toLowerCase() ?? null,
      plate: plate ? displayPlate(plate) : null,
      make,
      model,
      work,
      workOrder,
      owner,
      cancelled,
    },
  };
}

/** Problems in the order of the mapping table, so that the report reads like the form. */
function byField(a: ImportProblem, b: ImportProblem): number {
  return IMPORT_FIELDS.indexOf(a.field!) - IMPORT_FIELDS.indexOf(b.field!);
}
