import { create } from 'zustand';
import type { Locale } from '../../src/api/board-api';
import { en, type MessageKey } from './en';
import { nl } from './nl';

const dictionaries: Record<Locale, Record<MessageKey, string>> = { en, nl };
/** BCP 47 tags for Intl: the dealerships are Dutch, Belgian and British. */
const INTL_LOCALE: Record<Locale, string> = { en: 'en-GB', nl: 'nl-NL' };

export function browserLocale(): Locale {
  return navigator.language.toLowerCase().startsWith('nl') ? 'nl' : 'en';
}

export const useLocale = create<{ locale: Locale; zone: string }>(() => ({
  locale: browserLocale(),
  zone: 'Europe/Amsterdam',
}));

export function translate(locale: Locale, key: MessageKey, vars: Record<string, string | number> = {}): string {
  return dictionaries[locale][key].replace(/\{(\w+)\}/g, (_, name: string) => String(vars[name] ?? `{${name}}`));
}

/** Messages that come in plural forms: `key.one`, `key.other` (the forms English and Dutch have). */
export type PluralKey = MessageKey extends infer K ? (K extends `${infer Base}.other` ? Base : never) : never;

export interface Formatters {
  t: (key: MessageKey, vars?: Record<string, string | number>) => string;
  /** "1 row" / "3 rows": the form the locale's plural rules (Intl.PluralRules) pick for `count`, shown as {count}. */
  tp: (key: PluralKey, count: number, vars?: Record<string, string | number>) => string;
  /** "Wed 25 Nov" / "wo 25 nov" — a calendar date in the dealership's zone. */
  shortDate: (isoDate: string) => string;
  /** "25 Nov" */
  dayMonth: (isoDate: string) => string;
  /** "Wednesday 25 November 2026" */
  longDate: (isoDate: string) => string;
  /** "09:30" — an instant on the dealership's wall clock. */
  time: (instantMs: number) => string;
  /** "25 Nov" — the dealership's calendar date of an instant. */
  dayMonthAt: (instantMs: number) => string;
  /** "25 Nov 2026" — the same with its year, for what ends months or years from now. */
  dateAt: (instantMs: number) => string;
  number: (n: number) => string;
}

function fromIsoDate(isoDate: string): Date {
  // Noon UTC keeps the calendar date whatever zone formats it.
  return new Date(`${isoDate}T12:00:00Z`);
}

/** Built on first use: an Intl formatter with a time zone costs milliseconds to construct. */
function lazily<T>(make: () => T): () => T {
  let value: T | undefined;
  return () => (value ??= make());
}

export function formatters(locale: Locale, zone: string): Formatters {
  const tag = INTL_LOCALE[locale];
  const short = lazily(() => new Intl.DateTimeFormat(tag, { weekday: 'short', day: 'numeric', month: 'short', timeZone: 'UTC' }));
  const dayMonth = lazily(() => new Intl.DateTimeFormat(tag, { day: 'numeric', month: 'short', timeZone: 'UTC' }));
  const long = lazily(
    () => new Intl.DateTimeFormat(tag, { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }),
  );
  const time = lazily(() => new Intl.DateTimeFormat(tag, { hour: '2-digit', minute: '2-digit', timeZone: zone }));
  const number = lazily(() => new Intl.NumberFormat(tag));
  const dayMonthAt = lazily(() => new Intl.DateTimeFormat(tag, { day: 'numeric', month: 'short', timeZone: zone }));
  const dateAt = lazily(() => new Intl.DateTimeFormat(tag, { day: 'numeric', month: 'short', year: 'numeric', timeZone: zone }));
  const plural = lazily(() => new Intl.PluralRules(tag));
  return {
    t: (key, vars) => translate(locale, key, vars),
    tp: (key, count, vars) => {
      const form = `${key}.${plural().select(count)}`;
      const chosen = (Object.hasOwn(dictionaries[locale], form) ? form : `${key}.other`) as MessageKey;
      return translate(locale, chosen, { ...vars, count: number().format(count) });
    },
    shortDate: (d) => short().format(fromIsoDate(d)),
    dayMonth: (d) => dayMonth().format(fromIsoDate(d)),
    longDate: (d) => long().format(fromIsoDate(d)),
    time: (ms) => time().format(ms),
    dayMonthAt: (ms) => dayMonthAt().format(ms),
    dateAt: (ms) => dateAt().format(ms),
    number: (n) => number().format(n),
  };
}

const cache = new Map<string, Formatters>();

/** The translator and formatters for the current locale, for components; built once per locale. */
export function useI18n(): Formatters {
  const { locale, zone } = useLocale();
  const key = `${locale}|${zone}`;
  let f = cache.get(key);
  if (!f) {
    f = formatters(locale, zone);
    cache.set(key, f);
  }
  return f;
}
