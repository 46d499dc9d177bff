import { createHmac } from 'node:crypto';
import { WHATSAPP } from './backend';

/**
 * A customer's messages as Meta delivers them to the backend: one webhook, signed with the app
 * secret, carrying them all (Meta batches what arrives together). Each message is as Meta writes
 * it (id, timestamp, type and its content); the customer's WhatsApp id is put in as its sender.
 */
export async function customerSends(backendUrl: string, customer: { phone: string; name: string }, messages: Array<Record<string, unknown>>): Promise<void> {
  const waId = customer.phone.replace('+', '');
  const body = JSON.stringify({
    object: 'whatsapp_business_account',
    entry: [
      {
        id: 'WABA',
        changes: [
          {
            field: 'messages',
            value: {
              messaging_product: 'whatsapp',
              metadata: { display_phone_number: '31200000000', phone_number_id: WHATSAPP.phoneNumberId },
              contacts: [{ profile: { name: customer.name }, wa_id: waId }],
              messages: messages.map((message) => ({ from: waId, ...message })),
            },
          },
        ],
      },
    ],
  });
  const res = await fetch(`${backendUrl}/webhooks/whatsapp`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-hub-signature-256': `sha256=${createHmac('sha256', WHATSAPP.appSecret).update(body).digest('hex')}` },
    body,
  });
  if (res.status !== 200) throw new Error(`webhook refused: ${res.status} ${await res.text()}`);
}

/** A customer's texts, sent as `customerSends` does, at `at`. Ids are unique per text. */
export async function customerWrites(backendUrl: string, customer: { phone: string; name: string }, texts: string[], at: number): Promise<void> {
  const waId = customer.phone.replace('+', '');
  return customerSends(
    backendUrl,
    customer,
    texts.map((text) => ({
      id: `wamid.${createHmac('sha256', 'ids').update(`${waId}:${text}`).digest('hex').slice(0, 24)}`,
      timestamp: String(Math.floor(at / 1000)),
      type: 'text',
      text: { body: text },
    })),
  );
}
