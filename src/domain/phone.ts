import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';

/** Why a number cannot be used: a code for callers that word it themselves, and the reason in English. */
export type NormalisedPhone = { ok: true; e164: string } | { ok: false; problem: 'empty' | 'notAPhoneNumber' | 'invalidPhoneNumber'; reason: string };

/**
 * A phone number as the dealership typed it → E.164. National numbers are read in the
 * dealership's country ("06 12345678" in NL → +31612345678); numbers with a + or 00 prefix
 * keep their own country. The full ("max") metadata checks the digits, not only the length,
 * so a number WhatsApp would refuse is caught when it is typed.
 */
export function normalisePhone(raw: string, defaultCountry: string): NormalisedPhone {
  const key = `${defaultCountry}|${raw}`;
  let result = memo.get(key);
  if (!result) {
    result = parse(raw, defaultCountry);
    if (memo.size >= MEMO_LIMIT) memo.clear();
    memo.set(key, result);
  }
  return result;
}

// Imports repeat a customer's number on each of their appointments; parsing is the costly part.
const MEMO_LIMIT = 20_000;
const memo = new Map<string, NormalisedPhone>();

function parse(raw: string, defaultCountry: string): NormalisedPhone {
  const value = raw.trim().replace(/^00/, '+');
  if (value === '') return { ok: false, problem: 'empty', reason: 'phone number is empty' };
  if (/[a-z]/i.test(value)) return { ok: false, problem: 'notAPhoneNumber', reason: `"${raw.trim()}" is not a phone number` };
  const parsed = parsePhoneNumberFromString(value, defaultCountry as CountryCode);
  if (!parsed || !parsed.isValid()) {
    return { ok: false, problem: 'invalidPhoneNumber', reason: `"${raw.trim()}" is not a valid phone number` };
  }
  return { ok: true, e164: parsed.number };
}

/**
 * Whether a number (E.164) reaches a mobile phone, per libphonenumber's numbering plans: a
 * landline cannot receive WhatsApp or SMS, so the reminder bot skips it. Where a country's plan
 * does not tell mobile from fixed (the US), the number is taken as one that may be mobile.
 */
export function isMobileNumber(e164: string): boolean {
  const type = parsePhoneNumberFromString(e164)?.getType();
  return type === 'MOBILE' || type === 'FIXED_LINE_OR_MOBILE';
}
