import { z } from 'zod';
import type { ChannelCheck, CheckFailure } from '../../api/v2/channels';
import type { Timers } from '../../ports/timers';
import type { ChannelRecord } from '../store/channels-repo';
import type { ProviderEndpoints } from './provider-endpoints';

/** How long a provider has to answer a manager's Test before it counts as failed. */
export const CHECK_TIMEOUT_MS = 10_000;

const GraphNumberSchema = z.object({
  display_phone_number: z.string().optional(),
  verified_name: z.string().optional(),
  quality_rating: z.string().optional(),
});
const GraphErrorSchema = z.object({ error: z.object({ message: z.string() }) });
const SmsNumbersSchema = z.object({ incoming_phone_numbers: z.array(z.object({ phone_number: z.string(), friendly_name: z.string().nullable().optional() })) });
const SmsErrorSchema = z.object({ message: z.string() });

type Answer = { status: number; body: unknown } | { failure: string; code: CheckFailure };

/**
 * Asks the provider whether a channel works: WhatsApp, the number's name and quality rating as
 * the Graph API shows them to its access token; SMS, whether the sending number is one of the
 * account's. Whatever goes wrong (a refusal, a timeout, nobody answering) is a failed check with
 * the reason, never a thrown error: the manager reads it beside the channel.
 */
export async function checkChannel(channel: ChannelRecord, providers: ProviderEndpoints, timers: Timers, now: number): Promise<ChannelCheck> {
  if (channel.kind === 'whatsapp') {
    const { baseUrl, apiVersion } = providers.whatsapp;
    const url = `${baseUrl}/${apiVersion}/${encodeURIComponent(channel.phoneNumberId)}?fields=display_phone_number,verified_name,quality_rating`;
    const answer = await ask(url, `Bearer ${channel.secrets.accessToken}`, timers);
    if ('failure' in answer) return failed(now, answer.code, answer.failure);
    if (answer.status >= 400) {
      const graph = GraphErrorSchema.safeParse(answer.body);
      return failed(now, 'provider_refused', graph.success ? graph.data.error.message : `The Graph API answered ${answer.status}.`);
    }
    const number = GraphNumberSchema.safeParse(answer.body);
    if (!number.success) return failed(now, 'unknown_answer', 'The Graph API answered in a form this backend does not know.');
    return {
      at: now,
      ok: true,
      displayPhoneNumber: number.data.display_phone_number ?? null,
      verifiedName: number.data.verified_name ?? null,
      qualityRating: number.data.quality_rating ?? null,
      failure: null,
      failureCode: null,
    };
  }
  const url = `${providers.sms.baseUrl}/2010-04-01/Accounts/${encodeURIComponent(channel.accountSid)}/IncomingPhoneNumbers.json?PhoneNumber=${encodeURIComponent(channel.from)}`;
  const basic = `Basic ${Buffer.from(`${channel.accountSid}:${channel.secrets.authToken}`).toString('base64')}`;
  const answer = await ask(url, basic, timers);
  if ('failure' in answer) return failed(now, answer.code, answer.failure);
  if (answer.status >= 400) {
    const refusal = SmsErrorSchema.safeParse(answer.body);
    return failed(now, 'provider_refused', refusal.success ? refusal.data.message : `The SMS provider answered ${answer.status}.`);
  }
  const numbers = SmsNumbersSchema.safeParse(answer.body);
  if (!numbers.success) return failed(now, 'unknown_answer', 'The SMS provider answered in a form this backend does not know.');
  const found = numbers.data.incoming_phone_numbers.find((n) => n.phone_number === channel.from);
  if (!found) return failed(now, 'number_not_in_account', `${channel.from} is not a number of the account ${channel.accountSid}.`);
  return { at: now, ok: true, displayPhoneNumber: found.phone_number, verifiedName: found.friendly_name ?? null, qualityRating: null, failure: null, failureCode: null };
}

function failed(now: number, failureCode: CheckFailure, failure: string): ChannelCheck {
  return { at: now, ok: false, displayPhoneNumber: null, verifiedName: null, qualityRating: null, failure, failureCode };
}

/** One GET with a deadline on the timers port; the credentials go only into the header. */
async function ask(url: string, authorization: string, timers: Timers): Promise<Answer> {
  const abort = new AbortController();
  const cancel = timers.after(CHECK_TIMEOUT_MS, () => abort.abort());
  try {
    const response = await fetch(url, { headers: { authorization, accept: 'application/json' }, signal: abort.signal });
    const text = await response.text();
    let body: unknown = null;
    try {
      body = JSON.parse(text);
    } catch {
      // A proxy's HTML page or an empty answer: the status says enough.
    }
    return { status: response.status, body };
  } catch {
    // The reason is said without the address's query or the error's internals (nothing secret is in
    // either, but the address is the operator's, not the manager's business).
    return abort.signal.aborted
      ? { code: 'timeout', failure: `The provider did not answer within ${CHECK_TIMEOUT_MS / 1000} seconds.` }
      : { code: 'unreachable', failure: 'The provider could not be reached.' };
  } finally {
    cancel();
  }
}
