import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { validTwilioSignature } from '../../src/backend/channels/twilio-signature';
import { checkWhatsAppSignature } from '../../src/backend/channels/whatsapp-webhook';
import { webhookSignature } from '../../src/backend/events/webhook-dispatcher';

/*
 * Each signature is checked against a value published by someone else, never against our own
 * signer: Twilio's documented example, and the HMAC test vectors of RFC 4231 (SHA-256) and
 * RFC 2202 (SHA-1), test case 2: key "Jefe", data "what do ya want for nothing?".
 */
const RFC_KEY = 'Jefe';
const RFC_DATA = 'what do ya want for nothing?';
const RFC4231_SHA256 = '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843';
const RFC2202_SHA1 = 'effcdf6ae5eb2fa2d27416d5f184df9c259a7c79';

describe('X-Twilio-Signature', () => {
  // twilio.com/docs/usage/security, "Validating Requests are coming from Twilio" (also in
  // Twilio's own snippets, TwilioDevEd/api-snippets security/signature_validation).
  const url = 'https://mycompany.com/myapp.php?foo=1&bar=2';
  const params = { CallSid: 'CA1234567890ABCDE', Caller: '+14158675309', Digits: '1234', From: '+14158675309', To: '+18005551212' };
  const published = 'RSOYDt4T1cUTdK1PDd93/VVr8B8=';

  it('accepts Twilio’s documented example', () => {
    assert.equal(validTwilioSignature('12345', url, params, published), true);
  });

  it('refuses it when anything signed differs', () => {
    assert.equal(validTwilioSignature('54321', url, params, published), false, 'another auth token');
    assert.equal(validTwilioSignature('12345', url.replace('foo=1', 'foo=2'), params, published), false, 'another URL');
    assert.equal(validTwilioSignature('12345', url, { ...params, Digits: '1235' }, published), false, 'a changed parameter');
    assert.equal(validTwilioSignature('12345', url, { ...params, Extra: '' }, published), false, 'an added parameter');
    assert.equal(validTwilioSignature('12345', url, params, undefined), false, 'no header');
    assert.equal(validTwilioSignature('12345', url, params, `${published} `), false, 'trailing characters');
  });
});

describe('X-Hub-Signature-256 (WhatsApp)', () => {
  const body = Buffer.from(RFC_DATA);

  it('accepts the RFC 4231 digest in either case of hexadecimal digits', () => {
    assert.deepEqual(checkWhatsAppSignature(body, `sha256=${RFC4231_SHA256}`, RFC_KEY), { ok: true });
    assert.deepEqual(checkWhatsAppSignature(body, `sha256=${RFC4231_SHA256.toUpperCase()}`, RFC_KEY), { ok: true });
  });

  it('refuses a header that is not exactly "sha256=" and 64 hexadecimal digits, and a wrong digest', () => {
    const code = (header: string | string[] | undefined) => {
      const result = checkWhatsAppSignature(body, header, RFC_KEY);
      return result.ok ? 'ok' : result.code;
    };
    assert.equal(code(undefined), 'SIGNATURE_MISSING');
    assert.equal(code(''), 'SIGNATURE_MISSING');
    assert.equal(code(`sha256=${RFC4231_SHA256}0`), 'SIGNATURE_MALFORMED');
    assert.equal(code(`sha256=${RFC4231_SHA256}g`), 'SIGNATURE_MALFORMED', 'a trailing non-hex digit is not ignored');
    assert.equal(code(`sha256=${RFC4231_SHA256.slice(1)}`), 'SIGNATURE_MALFORMED');
    assert.equal(code(`sha1=${RFC2202_SHA1}`), 'SIGNATURE_MALFORMED');
    assert.equal(code(RFC4231_SHA256), 'SIGNATURE_MALFORMED');
    assert.equal(code([`sha256=${RFC4231_SHA256}`, `sha256=${RFC4231_SHA256}`]), 'SIGNATURE_MALFORMED');
    assert.equal(code(`sha256=${RFC4231_SHA256.replace('5b', '5c')}`), 'BAD_SIGNATURE');
    assert.equal(checkWhatsAppSignature(Buffer.from(`${RFC_DATA}!`), `sha256=${RFC4231_SHA256}`, RFC_KEY).ok, false, 'another body');
  });
});

describe('X-Hub-Signature (the organisation’s own webhook, Web1on1 style)', () => {
  it('signs with the RFC 2202 HMAC-SHA1 digest', () => {
    assert.equal(webhookSignature(RFC_KEY, RFC_DATA), `sha1=${RFC2202_SHA1}`);
  });
});
