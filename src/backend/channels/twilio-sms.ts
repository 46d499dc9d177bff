import { z } from 'zod';
import { neverReached, type Channel, type OutboundMessage, type SendResult } from './channel';

export interface TwilioConfig {
  /** e.g. https://api.twilio.com, or the simulator's address. */
  baseUrl: string;
  accountSid: string;
  authToken: string;
  from: string;
  /** Where the provider reports statuses: the backend's public /webhooks/sms/status. */
  statusCallbackUrl: string;
  ratePerSecond?: number;
}

const AnswerSchema = z.object({ sid: z.string(), status: z.string() });
const ErrorSchema = z.object({ code: z.number().optional(), message: z.string() });

/** SMS through a Twilio-compatible Messages API (form-encoded). SMS has no 24-hour window. */
export class TwilioSms implements Channel {
  readonly ratePerSecond: number;

  constructor(private readonly config: TwilioConfig) {
    this.ratePerSecond = config.ratePerSecond ?? 10;
  }

  async send(message: OutboundMessage, signal: AbortSignal): Promise<SendResult> {
    const { baseUrl, accountSid, authToken, from, statusCallbackUrl } = this.config;
    // Our message's id rides in the callback's address, so a status that comes before the answer to this send was stored still finds it.
    const callback = new URL(statusCallbackUrl);
    callback.searchParams.set('message', message.id);
    const form = new URLSearchParams({ To: message.to, From: from, Body: message.text, StatusCallback: callback.toString() });
    let response: Response;
    try {
      response = await fetch(`${baseUrl}/2010-04-01/Accounts/${accountSid}/Messages.json`, {
        method: 'POST',
        headers: {
          authorization: `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString('base64')}`,
          'content-type': 'application/x-www-form-urlencoded',
        },
        body: form,
        signal,
      });
    } catch (error) {
      const reason = `The SMS provider could not be reached: ${(error as Error).message}`;
      return neverReached(error) ? { kind: 'retry', code: null, reason } : { kind: 'unknown', reason };
    }
    const body: unknown = await response.json().catch(() => null);
    const answer = AnswerSchema.safeParse(body);
    if (response.ok && answer.success) return { kind: 'accepted', providerId: answer.data.sid };
    // A success whose body did not arrive whole: the provider has the message, we lack its id.
    if (response.ok) return { kind: 'unknown', reason: 'The SMS provider took the message but its answer could not be read.' };
    const error = ErrorSchema.safeParse(body);
    const reason = error.success ? `The SMS provider refused the message: ${error.data.message}` : `The SMS provider answered HTTP ${response.status}.`;
    const code = error.success ? (error.data.code ?? null) : null;
    return response.status === 429 || response.status >= 500 ? { kind: 'retry', code, reason } : { kind: 'failed', code, reason };
  }
}

/** Twilio's MessageStatus in our message statuses. */
export function smsStatus(status: string): 'accepted' | 'sent' | 'delivered' | 'read' | 'failed' | null {
  switch (status) {
    case 'queued':
    case 'accepted':
    case 'scheduled':
      return 'accepted';
    case 'sending':
    case 'sent':
      return 'sent';
    case 'delivered':
      return 'delivered';
    case 'read':
      return 'read';
    case 'undelivered':
    case 'failed':
      return 'failed';
    default:
      return null;
  }
}
