import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { OidcSettingsSchema } from '../../src/api/v2/auth';

const base = { issuer: 'https://login.microsoftonline.com/tenant/v2.0', clientId: 'board', label: 'Microsoft' };

describe('the sign-in settings a manager saves', () => {
  it('take domains as after the @ of an address, lower-cased, and refuse anything else by its place in the list', () => {
    const ok = OidcSettingsSchema.parse({ ...base, allowedDomains: [' Autobedrijf.NL ', 'garage.co.uk', 'xn--bcher-kva.de'] });
    assert.deepEqual(ok.allowedDomains, ['autobedrijf.nl', 'garage.co.uk', 'xn--bcher-kva.de']);
    for (const bad of ['@@@', '...', '<script>', 'example', '*.example.nl', '@example.nl', '-a.nl', 'exa mple.nl']) {
      const result = OidcSettingsSchema.safeParse({ ...base, allowedDomains: ['autobedrijf.nl', bad] });
      assert.equal(result.success, false, bad);
      assert.deepEqual(result.error!.issues[0]!.path, ['allowedDomains', 1], bad);
    }
  });

  it('take the issuer only over https, without a trailing slash (the ID token’s iss is compared as text)', () => {
    assert.equal(OidcSettingsSchema.parse({ ...base, issuer: 'https://accounts.google.com/' }).issuer, 'https://accounts.google.com');
    assert.equal(OidcSettingsSchema.safeParse({ ...base, issuer: 'http://accounts.google.com' }).success, false);
  });

  it('keep a client secret only when one is given (Google’s desktop apps)', () => {
    assert.equal('clientSecret' in OidcSettingsSchema.parse(base), false);
    assert.equal(OidcSettingsSchema.parse({ ...base, clientSecret: ' GOCSPX-x ' }).clientSecret, 'GOCSPX-x');
  });
});
