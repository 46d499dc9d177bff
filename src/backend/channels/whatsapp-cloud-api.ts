import { z } from 'zod';
import { parameterNumbers } from '../../domain/template-rules';
import { whatsappError } from '../../domain/whatsapp-errors';
import { neverReached, type Channel, type OutboundMessage, type SendResult } from './channel';

export interface WhatsAppConfig {
  /** e.g. https://graph.facebook.com, or the simulator's address. */
  baseUrl: string;
  apiVersion: string;
  phoneNumberId: string;
  accessToken: string;
  ratePerSecond?: number;
}

const AcceptedSchema = z.object({ messages: z.array(z.object({ id: z.string() })).min(1) });
const ErrorSchema = z.object({
  error: z.object({ message: z.string(), code: z.number(), error_data: z.object({ details: z.string() }).partial().optional() }),
});

/** The request body of POST /{phone-number-id}/messages, in the Cloud API's own format. */
export function whatsappRequest(message: OutboundMessage): Record<string, unknown> {
  const common = {
    messaging_product: 'whatsapp',
    recipient_type: 'individual',
    to: message.to.replace(/^\+/, ''),
    // Echoed in every status webhook: it ties a report to our message even before we know its wamid.
    biz_opaque_callback_data: message.id,
  };
  if (!message.template) return { ...common, type: 'text', text: { preview_url: false, body: message.text } };
  const { name, language, parameters, headerParameter, urlParameters = [] } = message.template;
  const components: Array<Record<string, unknown>> = [];
  if (headerParameter !== undefined) components.push({ type: 'header', parameters: [{ type: 'text', text: headerParameter }] });
  if (parameters.length) components.push({ type: 'body', parameters: parameters.map((text) => ({ type: 'text', text })) });
  // A button's index is its place among ALL the template's buttons, quick replies and links alike.
  let urlValue = 0;
  message.buttons.forEach((button, index) => {
    if (button.type === 'quick_reply') {
      components.push({ type: 'button', sub_type: 'quick_reply', index: String(index), parameters: [{ type: 'payload', payload: button.payload }] });
    } else if (parameterNumbers(button.url).length) {
      components.push({ type: 'button', sub_type: 'url', index: String(index), parameters: [{ type: 'text', text: urlParameters[urlValue++] }] });
    }
  });
  return { ...common, type: 'template', template: { name, language: { code: language }, components } };
}

/** WhatsApp through Meta's Cloud API. */
export class WhatsAppCloudApi implements Channel {
  readonly ratePerSecond: number;

  constructor(private readonly config: WhatsAppConfig) {
    this.ratePerSecond = config.ratePerSecond ?? 80;
  }

  async send(message: OutboundMessage, signal: AbortSignal): Promise<SendResult> {
    const url = `${this.config.baseUrl}/${this.config.apiVersion}/${this.config.phoneNumberId}/messages`;
    let response: Response;
    try {
      response = await fetch(url, {
        method: 'POST',
        headers: { authorization: `Bearer ${this.config.accessToken}`, 'content-type': 'application/json' },
        body: JSON.stringify(whatsappRequest(message)),
        signal,
      });
    } catch (error) {
      const reason = `WhatsApp could not be reached: ${(error as Error).message}`;
      return neverReached(error) ? { kind: 'retry', code: null, reason } : { kind: 'unknown', reason };
    }
    const body: unknown = await response.json().catch(() => null);
    if (response.ok) {
      const accepted = AcceptedSchema.safeParse(body);
      if (accepted.success) return { kind: 'accepted', providerId: accepted.data.messages[0]!.id };
      // A success whose body did not arrive whole: WhatsApp has the message, we lack its id.
      return { kind: 'unknown', reason: 'WhatsApp took the message but its answer could not be read.' };
    }
    const error = ErrorSchema.safeParse(body);
    if (!error.success) {
      return response.status >= 500
        ? { kind: 'retry', code: null, reason: `WhatsApp is unavailable (HTTP ${response.status}).` }
        : { kind: 'failed', code: null, reason: `WhatsApp refused the message (HTTP ${response.status}).` };
    }
    const { code, message: detail } = error.data.error;
    const known = whatsappError(code, detail);
    return known.retry ? { kind: 'retry', code, reason: known.reason } : { kind: 'failed', code, reason: known.reason };
  }
}
