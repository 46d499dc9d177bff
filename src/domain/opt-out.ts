/**
 * Opt-out by message: a customer who answers STOP (in the languages our dealers' customers
 * write in) or taps an opt-out button gets no reminders or marketing templates until they
 * write START. Only a message that is nothing but the word counts: "stop maar met de banden"
 * is an answer about the car, not a request to be left alone.
 */

export type OptOutIntent = { kind: 'out' | 'in'; by: string } | null;

/** The words, after trimming, case-folding and dropping accents, that opt out or in. */
const OPT_OUT_WORDS = new Set(['STOP', 'STOPPEN', 'ARRET', 'UNSUBSCRIBE', 'AFMELDEN']);
const OPT_IN_WORDS = new Set(['START', 'AANMELDEN']);

/**
 * Quick-reply payloads that opt out: our own templates' OPT_OUT/STOP buttons, and the payload
 * WhatsApp's marketing opt-out button ("Stop promotions") carries.
 */
const OPT_OUT_PAYLOADS = new Set(['OPT_OUT', 'STOP', 'STOP PROMOTIONS', 'STOP_PROMOTIONS']);

/** Letters and digits only at the edges: "Stop!", "“STOP”", "stop 🙏" are still the word. */
const EDGES = /^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu;

/** The word a message is, upper-cased without accents (ARRÊT → ARRET); '' when it is none. */
function bareWord(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(EDGES, '')
    .toUpperCase();
}

/**
 * What an inbound message asks of us: opt out, opt in, or nothing. `by` is what did it, as an
 * advisor reads it in the note and the composer: the word the customer wrote as written in
 * capitals (STOP, ARRÊT), or the button's payload.
 */
export function optOutIntent(text: string, buttonPayload: string | null = null): OptOutIntent {
  if (buttonPayload !== null) {
    // A tapped button means what its payload says, whatever its words ("Stop" on a CANCEL_APPT button is no opt-out).
    const payload = buttonPayload.trim().toUpperCase();
    return OPT_OUT_PAYLOADS.has(payload) ? { kind: 'out', by: payload } : null;
  }
  const word = bareWord(text);
  if (OPT_OUT_WORDS.has(word)) return { kind: 'out', by: shownWord(text) };
  if (OPT_IN_WORDS.has(word)) return { kind: 'in', by: shownWord(text) };
  return null;
}

/** The word as the customer wrote it, without the punctuation around it, in capitals. */
function shownWord(text: string): string {
  return text.trim().replace(EDGES, '').toUpperCase();
}

/** Whether a contact in this state may be sent a template of this category. */
export function mayReceive(category: 'UTILITY' | 'MARKETING' | 'AUTHENTICATION', optedOut: boolean): boolean {
  return !(optedOut && category === 'MARKETING');
}
