import { z } from 'zod';
import type { ChannelCheck, CheckFailure } from '../../api/v2/channels';
import type { Timers } from '../../ports/timers';
import type { ProviderEndpoints } from './provider-endpoints';

/** How long a provider has to answer a manager's Test before it counts as failed. */
export const CHECK_TIMEOUT_MS = 10_000;
/** The whole check, every request and page, ends by then: a manager waits for its answer. */
export const CHECK_DEADLINE_MS = 30_000;
/** Pages of the business account's phone numbers a check reads at most (100 a page: far above any account's numbers). */
export const MAX_NUMBER_PAGES = 50;

const GraphNumberSchema = z.object({
  display_phone_number: z.string().optional(),
  verified_name: z.string().optional(),
  quality_rating: z.string().optional(),
});
const GraphErrorSchema = z.object({ error: z.object({ message: z.string() }) });
const SmsNumbersSchema = z.object({ incoming_phone_numbers: z.array(z.object({ phone_number: z.string(), friendly_name: z.string().nullable().optional() })) });
const SmsErrorSchema = z.object({ message: z.string() });

const GraphPhoneNumbersSchema = z.object({
  data: z.array(z.object({ id: z.string() })),
  paging: z.object({ cursors: z.object({ after: z.string().optional() }).optional(), next: z.string().optional() }).optional(),
});

type Answer = { status: number; body: unknown } | { failure: string; code: CheckFailure };

/**
 * What a check needs of a channel: its number, its account and the credentials to ask with. A
 * stored channel (ChannelRecord) is one; so is a manager's new or changed channel before it is
 * stored.
 */
export type ChannelClaim =
  | { kind: 'whatsapp'; phoneNumberId: string; businessAccountId: string | null; secrets: { accessToken: string } }
  | { kind: 'sms'; from: string; accountSid: string; secrets: { authToken: string } };

/**
 * Asks the provider whether the credentials own the number, and how it is: WhatsApp, the
 * number's name and quality rating as the Graph API shows them to the access token, and the
 * number listed among the business account's phone numbers; SMS, the sending number among the
 * account's incoming numbers for that auth token. A manager's channel is stored, and its
 * credentials changed, only when this says ok: a number of another organisation cannot be
 * claimed with made-up credentials (routing follows the number). The same check is the Test.
 * Whatever goes wrong (a refusal, a timeout, nobody answering) is a failed check with the
 * reason, never a thrown error: the manager reads it.
 */
export async function checkChannel(channel: ChannelClaim, providers: ProviderEndpoints, timers: Timers, now: number): Promise<ChannelCheck> {
  const deadline = new AbortController();
  const cancel = timers.after(CHECK_DEADLINE_MS, () => deadline.abort());
  try {
    return await check(channel, providers, { timers, deadline: deadline.signal }, now);
  } finally {
    cancel();
  }
}

/** The timers a check counts on, and the deadline of the whole check. */
interface Waiting {
  timers: Timers;
  deadline: AbortSignal;
}

async function check(channel: ChannelClaim, providers: ProviderEndpoints, waiting: Waiting, now: number): Promise<ChannelCheck> {
  if (channel.kind === 'whatsapp') {
    const { baseUrl, apiVersion } = providers.whatsapp;
    const bearer = `Bearer ${channel.secrets.accessToken}`;
    const url = `${baseUrl}/${apiVersion}/${encodeURIComponent(channel.phoneNumberId)}?fields=display_phone_number,verified_name,quality_rating`;
    const answer = await ask(url, bearer, waiting);
    if ('failure' in answer) return failed(now, answer.code, answer.failure);
    if (answer.status >= 400) return failed(now, 'provider_refused', graphRefusal(answer));
    const number = GraphNumberSchema.safeParse(answer.body);
    if (!number.success) return failed(now, 'unknown_answer', 'The Graph API answered in a form this backend does not know.');
    // Reading a number's node is not owning it: the token must also see it among the account's numbers.
    const listed = await inBusinessAccount(channel.phoneNumberId, channel.businessAccountId, providers, bearer, waiting);
    if (listed !== true) return failed(now, listed.code, listed.failure);
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
  const answer = await ask(url, basic, waiting);
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

/** Graph's own words for a refusal, else its status. */
function graphRefusal(answer: { status: number; body: unknown }): string {
  const graph = GraphErrorSchema.safeParse(answer.body);
  return graph.success ? graph.data.error.message : `The Graph API answered ${answer.status}.`;
}

/**
 * Whether the business account lists the number, page by page as Graph gives them (a page has
 * a `next` while more follow; its `cursors.after` continues the list). `next` is followed only
 * on the Graph API's own address, so that the token goes nowhere else.
 */
async function inBusinessAccount(
  phoneNumberId: string,
  businessAccountId: string | null,
  providers: ProviderEndpoints,
  bearer: string,
  waiting: Waiting,
): Promise<true | { code: CheckFailure; failure: string }> {
  if (businessAccountId === null) {
    return { code: 'number_not_in_account', failure: 'No WhatsApp Business account ID is set for this number: its ownership cannot be checked.' };
  }
  const { baseUrl, apiVersion } = providers.whatsapp;
  const first = `${baseUrl}/${apiVersion}/${encodeURIComponent(businessAccountId)}/phone_numbers?fields=id&limit=100`;
  // Pages asked for and cursors given: either again means the list goes round, not on.
  const seen = new Set<string>();
  const cursors = new Set<string>();
  for (let url: string | null = first, pages = 0; url !== null; pages++) {
    if (seen.has(url)) return { code: 'repeated_page', failure: 'The Graph API gave the same page of phone numbers twice.' };
    if (pages === MAX_NUMBER_PAGES) return { code: 'too_many_pages', failure: `The account lists more than ${MAX_NUMBER_PAGES} pages of phone numbers.` };
    seen.add(url);
    const answer = await ask(url, bearer, waiting);
    if ('failure' in answer) return answer;
    if (answer.status >= 400) return { code: 'provider_refused', failure: graphRefusal(answer) };
    const page = GraphPhoneNumbersSchema.safeParse(answer.body);
    if (!page.success) return { code: 'unknown_answer', failure: 'The Graph API answered in a form this backend does not know.' };
    if (page.data.data.some((n) => n.id === phoneNumberId)) return true;
    const next = nextPage(page.data.paging, first, baseUrl);
    if (next === undefined) return { code: 'unknown_answer', failure: 'The Graph API said more phone numbers follow but not where.' };
    const cursor = page.data.paging?.cursors?.after;
    if (next !== null && cursor !== undefined) {
      if (cursors.has(cursor)) return { code: 'repeated_page', failure: 'The Graph API gave the same page of phone numbers twice.' };
      cursors.add(cursor);
    }
    url = next;
  }
  return { code: 'number_not_in_account', failure: `${phoneNumberId} is not a phone number of the WhatsApp Business account ${businessAccountId}.` };
}

/** The address of the page after this one; null on the last page; undefined when more follow at no usable address. */
function nextPage(paging: z.infer<typeof GraphPhoneNumbersSchema>['paging'], first: string, baseUrl: string): string | null | undefined {
  if (!paging?.next) return null;
  if (URL.canParse(paging.next) && new URL(paging.next).origin === new URL(baseUrl).origin) return paging.next;
  const after = paging.cursors?.after;
  return after ? `${first}&after=${encodeURIComponent(after)}` : undefined;
}

function failed(now: number, failureCode: CheckFailure, failure: string): ChannelCheck {
  return { at: now, ok: false, displayPhoneNumber: null, verifiedName: null, qualityRating: null, failure, failureCode };
}

/** One GET with a timeout on the timers port, ended too by the check's deadline; the credentials go only into the header. */
async function ask(url: string, authorization: string, { timers, deadline }: Waiting): Promise<Answer> {
  const abort = new AbortController();
  const cancel = timers.after(CHECK_TIMEOUT_MS, () => abort.abort());
  const late: Answer = { code: 'deadline', failure: `The provider took more than ${CHECK_DEADLINE_MS / 1000} seconds over the check.` };
  if (deadline.aborted) return late;
  try {
    const response = await fetch(url, { headers: { authorization, accept: 'application/json' }, signal: AbortSignal.any([abort.signal, deadline]) });
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
    if (deadline.aborted) return late;
    return abort.signal.aborted
      ? { code: 'timeout', failure: `The provider did not answer within ${CHECK_TIMEOUT_MS / 1000} seconds.` }
      : { code: 'unreachable', failure: 'The provider could not be reached.' };
  } finally {
    cancel();
  }
}
