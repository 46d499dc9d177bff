/**
 * When a channel says something happened, in Unix seconds (Meta's `timestamp`). The instant
 * of a customer's message starts the 24-hour window, so a value in the wrong unit (milliseconds
 * read as seconds) or from nowhere near now would open the window for years, or never: such
 * a report is refused, not stored.
 */

/** How far the provider's clock may run ahead of ours. */
export const PROVIDER_CLOCK_AHEAD_MS = 5 * 60_000;

/**
 * How old a report may be. Meta re-sends an unacknowledged webhook for up to seven days; a
 * report much older than that is not a late delivery but a wrong value.
 */
export const PROVIDER_REPORT_MAX_AGE_MS = 30 * 24 * 60 * 60_000;

export type ProviderInstant = { ok: true; at: number } | { ok: false; reason: string };

/** The instant in words, where a date can say it (beyond ±275,000 years it cannot). */
function when(seconds: string, at: number): string {
  const date = new Date(at);
  return Number.isNaN(date.getTime()) ? seconds : `${seconds} (${date.toISOString()})`;
}

export function providerInstant(seconds: string, now: number): ProviderInstant {
  if (!/^\d{1,16}$/.test(seconds)) return { ok: false, reason: `timestamp "${seconds}" is not a whole number of seconds` };
  const at = Number(seconds) * 1000;
  if (at > now + PROVIDER_CLOCK_AHEAD_MS) {
    return { ok: false, reason: `timestamp ${when(seconds, at)} is in the future` };
  }
  if (at < now - PROVIDER_REPORT_MAX_AGE_MS) {
    return { ok: false, reason: `timestamp ${when(seconds, at)} is more than 30 days old` };
  }
  return { ok: true, at };
}
