import type { ImportField } from '../../api/import';
import type { AppointmentFields } from '../../domain/appointment';
import { parseCalendarDate, parseWallTime } from '../../domain/calendar-date';
import { normalisePhone } from '../../domain/phone';
import { displayPlate } from '../../domain/plate';
import { zonedToUtc } from '../../domain/zoned-time';

/** An appointment as any source delivers it, before normalisation: field → text. */
export type RawFields = Partial<Record<ImportField, string>>;

/** An appointment in domain terms with its customer's contact details, ready to be stored. */
export interface NormalisedAppointment extends AppointmentFields {
  customerName: string | null;
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

export type Normalised = { ok: true; value: NormalisedAppointment } | { ok: false; field: ImportField; reason: string };

const YES = new Set(['1', 'true', 'yes', 'y', 'ja', 'j', 'x', 'cancelled', 'canceled', 'geannuleerd', 'vervallen']);
const NO = new Set(['', '0', 'false', 'no', 'n', 'nee', 'active', 'actief', 'gepland', 'planned']);
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const MAX_TEXT = 4000;

function text(value: string | undefined): string | null {
  const v = value?.trim();
  return v ? v.slice(0, MAX_TEXT) : null;
}

export function normaliseRow(fields: RawFields, ctx: NormaliseContext): Normalised {
  const sourceId = text(fields.sourceId);
  if (!sourceId) return { ok: false, field: 'sourceId', reason: 'appointment id is empty' };

  const date = parseCalendarDate(fields.date ?? '');
  if (!date.ok) return { ok: false, field: 'date', reason: date.reason };

  const rawTime = text(fields.time);
  const time = rawTime ? parseWallTime(rawTime) : ({ ok: true, time: ctx.defaultTime } as const);
  if (!time.ok) return { ok: false, field: 'time', reason: time.reason };

  let phone: string | null = null;
  const rawPhone = text(fields.phone);
  if (rawPhone) {
    const p = normalisePhone(rawPhone, ctx.country);
    if (!p.ok) return { ok: false, field: 'phone', reason: p.reason };
    phone = p.e164;
  }

  const email = text(fields.email);
  if (email && !EMAIL.test(email)) return { ok: false, field: 'email', reason: `"${email}" is not an e-mail address` };

  const cancelledText = (fields.cancelled ?? '').trim().toLowerCase();
  let cancelled: boolean;
  if (YES.has(cancelledText)) cancelled = true;
  else if (NO.has(cancelledText)) cancelled = false;
  else return { ok: false, field: 'cancelled', reason: `"${fields.cancelled}" is not a cancelled value (expected yes or no)` };

  const plate = text(fields.plate);
  return {
    ok: true,
    value: {
      sourceId,
      branch: text(fields.branch) ?? '',
      localDate: date.date,
      localTime: time.time,
      startsAt: zonedToUtc(date.date, time.time, ctx.zone),
      customerName: text(fields.customerName),
      phone,
      email: email?.toLowerCase() ?? null,
      plate: plate ? displayPlate(plate) : null,
      make: text(fields.make),
      model: text(fields.model),
      work: text(fields.work),
      workOrder: text(fields.workOrder),
      owner: text(fields.owner),
      cancelled,
    },
  };
}
