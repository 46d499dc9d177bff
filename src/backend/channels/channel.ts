import type { TemplateUse } from '../../api/v2/message';

/** What a channel needs to deliver one message to one customer. */
export interface OutboundMessage {
  /** Our message id; echoed back by the channel in its status reports. */
  id: string;
  to: string;
  text: string;
  template: TemplateUse | null;
  /** The payloads of the template's quick-reply buttons, in order. */
  quickReplies: string[];
}

export type SendResult =
  | { kind: 'accepted'; providerId: string }
  | { kind: 'retry'; code: number | null; reason: string; afterMs?: number }
  | { kind: 'failed'; code: number | null; reason: string };

/** A way to reach customers (WhatsApp Cloud API, an SMS provider): the port the send worker uses. */
export interface Channel {
  /** Sends per second the provider allows from one number; the worker stays below it. */
  readonly ratePerSecond: number;
  send(message: OutboundMessage): Promise<SendResult>;
}
