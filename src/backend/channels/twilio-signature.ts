import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * X-Twilio-Signature: base64 HMAC-SHA1, keyed with the auth token, over the full URL the
 * request was sent to followed by each POST parameter's name and value, sorted by name.
 */
function twilioSignature(authToken: string, url: string, params: Record<string, string>): string {
  const data = Object.keys(params)
    .sort()
    .reduce((acc, name) => acc + name + params[name], url);
  return createHmac('sha1', authToken).update(data).digest('base64');
}

export function validTwilioSignature(authToken: string, url: string, params: Record<string, string>, header: string | undefined): boolean {
  if (!header) return false;
  const given = Buffer.from(header);
  const expected = Buffer.from(twilioSignature(authToken, url, params));
  return given.length === expected.length && timingSafeEqual(given, expected);
}
