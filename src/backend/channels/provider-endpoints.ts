/**
 * Where the backend reaches the providers of every channel: Meta's Graph API and the SMS
 * provider's API (or their simulators). Set by the backend's operator (WHATSAPP_BASE_URL,
 * TWILIO_BASE_URL), never by an organisation's manager: a channel's settings name numbers and
 * secrets, not addresses the backend connects to.
 */
export interface ProviderEndpoints {
  whatsapp: { baseUrl: string; apiVersion: string };
  sms: { baseUrl: string };
  /** The backend's address as the providers call it (the SMS status callback); null: the address a request came to. */
  publicUrl: string | null;
}

export const DEFAULT_PROVIDERS: ProviderEndpoints = {
  whatsapp: { baseUrl: 'https://graph.facebook.com', apiVersion: 'v21.0' },
  sms: { baseUrl: 'https://api.twilio.com' },
  publicUrl: null,
};
