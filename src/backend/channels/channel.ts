import type { TemplateUse } from '../../api/v2/message';
import type { TemplateButton } from '../../api/v2/template';

/** What a channel needs to deliver one message to one customer. */
export interface OutboundMessage {
  /** Our message id; echoed back by the channel in its status reports. */
  id: string;
  to: string;
  text: string;
  template: TemplateUse | null;
  /** The template's buttons as stored, in order: a button's place here is its `index` at Meta. */
  buttons: TemplateButton[];
}

/**
 * `retry`: the provider did not take the message (refused for now, or never reached), so it is
 * sent again after a backoff. `unknown`: the request may have reached the provider but its
 * answer was lost; sending again at once could deliver it twice (see the send worker).
 */
export type SendResult =
  | { kind: 'accepted'; providerId: string }
  | { kind: 'retry'; code: number | null; reason: string; afterMs?: number }
  | { kind: 'unknown'; reason: string }
  | { kind: 'failed'; code: number | null; reason: string };

/** A way to reach customers (WhatsApp Cloud API, an SMS provider): the port the send worker uses. */
export interface Channel {
  /** Sends per second the provider allows from one number; the worker stays below it. */
  readonly ratePerSecond: number;
  /** `signal` aborts the request when the worker stops waiting for its answer. */
  send(message: OutboundMessage, signal: AbortSignal): Promise<SendResult>;
}

/** Whether a request that failed with `error` certainly never reached the provider (nobody was there to take it). */
export function neverReached(error: unknown): boolean {
  const code = (error as { cause?: { code?: unknown } } | null)?.cause?.code;
  return code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EHOSTUNREACH' || code === 'ENETUNREACH';
}
