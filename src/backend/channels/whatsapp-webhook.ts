import { createHmac, timingSafeEqual } from 'node:crypto';

export type SignatureCheck =
  | { ok: true }
  | { ok: false; code: 'SIGNATURE_MISSING' | 'SIGNATURE_MALFORMED' | 'BAD_SIGNATURE'; message: string };

/** Exactly what Meta sends: the algorithm, and the 32-byte digest as 64 hexadecimal digits. */
const HEADER = /^sha256=([0-9a-fA-F]{64})$/;

/**
 * X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the raw body with the App Secret>, compared
 * in constant time. The header is read strictly: anything else in it (a second value, trailing
 * characters, too few digits) is refused rather than decoded as far as it goes.
 */
export function checkWhatsAppSignature(rawBody: Buffer, header: string | string[] | undefined, appSecret: string): SignatureCheck {
  if (header === undefined || header === '') {
    return { ok: false, code: 'SIGNATURE_MISSING', message: 'The X-Hub-Signature-256 header is missing: only Meta’s signed webhooks are taken.' };
  }
  const match = typeof header === 'string' ? HEADER.exec(header) : null;
  if (!match) {
    return { ok: false, code: 'SIGNATURE_MALFORMED', message: 'The X-Hub-Signature-256 header must be "sha256=" followed by exactly 64 hexadecimal digits.' };
  }
  const given = Buffer.from(match[1]!, 'hex');
  const expected = createHmac('sha256', appSecret).update(rawBody).digest();
  return timingSafeEqual(given, expected)
    ? { ok: true }
    : { ok: false, code: 'BAD_SIGNATURE', message: 'The X-Hub-Signature-256 does not match the body: it was not signed with this app’s secret.' };
}
