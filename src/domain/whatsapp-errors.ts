/**
 * WhatsApp Cloud API error codes, in words a service advisor can act on, and whether trying
 * again later can succeed.
 */
const ERRORS: Record<number, { reason: string; retry: boolean }> = {
  131047: { reason: 'More than 24 hours since the customer last wrote: only a template can be sent.', retry: false },
  131026: { reason: 'The message could not be delivered: the number may not be on WhatsApp.', retry: false },
  131049: { reason: 'WhatsApp did not deliver this message, to keep the customer from receiving too many.', retry: false },
  131048: { reason: 'Sending is limited because too many recent messages were reported as spam.', retry: false },
  130429: { reason: 'Too many messages at once; it is being sent again shortly.', retry: true },
  131056: { reason: 'Too many messages to this customer in a short time; it is being sent again shortly.', retry: true },
  132000: { reason: 'The template was given the wrong number of values.', retry: false },
  132001: { reason: 'This template does not exist (in this language) or is not approved.', retry: false },
  190: { reason: 'The WhatsApp access token has expired: ask IT to renew it.', retry: false },
  368: { reason: 'The WhatsApp account is temporarily blocked for a policy violation.', retry: false },
};

export function whatsappError(code: number, fallback?: string): { reason: string; retry: boolean } {
  return ERRORS[code] ?? { reason: fallback ? `WhatsApp refused the message: ${fallback}` : `WhatsApp error ${code}.`, retry: false };
}
