import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { allowedOrigins, externalLinkDecision, localeOf, refusedLinkWords, signInOrigins, WHATSAPP_HOSTS, type LinkRefusal } from '../../src/shell/external-links';

const dealer = allowedOrigins({ backendUrl: 'https://board.autobedrijf-jansen.nl', oidcIssuer: 'https://login.microsoftonline.com/6f1c0a7e-4d2b/v2.0' });
const whatsAppOnly = allowedOrigins({ backendUrl: null, oidcIssuer: null });

function refused(address: string, reason: LinkRefusal, allowed = dealer): void {
  assert.deepEqual(externalLinkDecision(address, allowed), { open: false, reason }, address);
}

function opens(address: string, as: string, allowed = dealer): void {
  assert.deepEqual(externalLinkDecision(address, allowed), { open: true, url: as }, address);
}

describe('which links open in the system browser', () => {
  it("opens WhatsApp's hosts over https, whatever desktop it is", () => {
    for (const host of WHATSAPP_HOSTS) opens(`https://${host}/31612345678`, `https://${host}/31612345678`, whatsAppOnly);
    opens('https://wa.me/31612345678?text=Hallo%20daar', 'https://wa.me/31612345678?text=Hallo%20daar', whatsAppOnly);
  });

  it("opens the organisation's backend host and its sign-in provider's host, and nothing of theirs before they are known", () => {
    opens('https://board.autobedrijf-jansen.nl/help', 'https://board.autobedrijf-jansen.nl/help');
    opens('https://login.microsoftonline.com/6f1c0a7e-4d2b/oauth2/v2.0/authorize?client_id=x', 'https://login.microsoftonline.com/6f1c0a7e-4d2b/oauth2/v2.0/authorize?client_id=x');
    refused('https://board.autobedrijf-jansen.nl/help', 'host-not-allowed', whatsAppOnly);
  });

  it('opens only https: no http, file, javascript, data, mailto or an app of the OS', () => {
    for (const address of [
      'http://wa.me/31612345678',
      'file:///etc/passwd',
      'file://server/share/setup.exe',
      'javascript:alert(1)',
      'data:text/html,<script>alert(1)</script>',
      'mailto:info@autobedrijf-jansen.nl',
      'ms-msdt:/id PCWDiagnostic',
      'smb://wa.me/share',
      'whatsapp://send?phone=31612345678',
      'HTTPS-evil://wa.me/',
    ]) {
      refused(address, 'not-https');
    }
  });

  it('refuses what is not an address', () => {
    for (const address of ['', 'wa.me/31612345678', '//wa.me/x', 'https://', 'https://wa me/']) refused(address, 'not-an-address');
  });

  it('compares the whole host, not a prefix, a suffix or the path', () => {
    refused('https://wa.me.evil.com/31612345678', 'host-not-allowed');
    refused('https://evil.com/wa.me', 'host-not-allowed');
    refused('https://evil.com/?https://wa.me/', 'host-not-allowed');
    refused('https://evilwa.me/', 'host-not-allowed');
    refused('https://api.whatsapp.com.evil.com/', 'host-not-allowed');
    refused('https://evil.board.autobedrijf-jansen.nl/', 'host-not-allowed');
    // The organisation's registrable domain is not its backend host: telling one from a public suffix needs the Public Suffix List.
    refused('https://autobedrijf-jansen.nl/', 'host-not-allowed');
  });

  it('reads the host as the browser will: upper case, backslashes, tabs and percent-encoding normalised', () => {
    opens('HTTPS://WA.ME/31612345678', 'https://wa.me/31612345678');
    opens('https:\\\\wa.me\\31612345678', 'https://wa.me/31612345678');
    opens('https://w\ta.me/x', 'https://wa.me/x');
    opens('https://%77a.me/x', 'https://wa.me/x');
    refused('https:\\\\evil.com\\wa.me', 'host-not-allowed');
  });

  it('refuses look-alike hosts: punycode is compared, not the letters a person sees', () => {
    // A Cyrillic а in "wа.me": the parser gives xn--w-7sb.me, which is not wa.me.
    refused('https://w\u0430.me/31612345678', 'host-not-allowed');
    refused('https://xn--w-7sb.me/31612345678', 'host-not-allowed');
    // An ideographic full stop is a dot to the parser (and to the browser): this one is WhatsApp's own host.
    opens('https://wa\u3002me/31612345678', 'https://wa.me/31612345678');
  });

  it('refuses a trailing dot: the same host to DNS, another to the allow-list and to certificates', () => {
    refused('https://wa.me./31612345678', 'host-not-allowed');
    refused('https://board.autobedrijf-jansen.nl./', 'host-not-allowed');
  });

  it('refuses a user name or password in the address, which hides the real host from a reader', () => {
    refused('https://wa.me@evil.com/', 'credentials');
    refused('https://evil.com@wa.me/', 'credentials');
    refused('https://user:secret@wa.me/', 'credentials');
    refused('https://:secret@board.autobedrijf-jansen.nl/', 'credentials');
  });

  it('refuses IP literals in every spelling the parser knows', () => {
    for (const address of ['https://127.0.0.1/', 'https://2130706433/', 'https://0x7f.1/', 'https://0177.0.0.1/', 'https://[::1]/', 'https://[::ffff:7f00:1]/']) {
      refused(address, 'ip-address');
    }
    // A backend named by its IP address makes no host of the allow-list.
    const byIp = allowedOrigins({ backendUrl: 'https://192.168.1.20:8443', oidcIssuer: null });
    assert.deepEqual(byIp, whatsAppOnly);
    refused('https://192.168.1.20:8443/', 'ip-address', byIp);
  });

  it("opens a host on its own port only: https's default for WhatsApp, the configured one for the organisation", () => {
    refused('https://wa.me:8443/31612345678', 'port-not-allowed');
    opens('https://wa.me:443/31612345678', 'https://wa.me/31612345678');
    const onPort = allowedOrigins({ backendUrl: 'https://board.autobedrijf-jansen.nl:8443/', oidcIssuer: null });
    opens('https://board.autobedrijf-jansen.nl:8443/help', 'https://board.autobedrijf-jansen.nl:8443/help', onPort);
    refused('https://board.autobedrijf-jansen.nl/help', 'port-not-allowed', onPort);
    // A backend on plain http (the local network): its links still open over https, on https's port.
    const plain = allowedOrigins({ backendUrl: 'http://board.garage.lan:8080', oidcIssuer: null });
    opens('https://board.garage.lan/help', 'https://board.garage.lan/help', plain);
    refused('https://board.garage.lan:8080/help', 'port-not-allowed', plain);
  });

  it('ignores organisation addresses that are not http(s) addresses', () => {
    assert.deepEqual(allowedOrigins({ backendUrl: 'not an address', oidcIssuer: 'file:///etc/issuer' }), whatsAppOnly);
  });

  it('opens the parser’s serialisation, never the text as it came', () => {
    const decision = externalLinkDecision('https://wa.me/a b?c=d e#f g', whatsAppOnly);
    assert.deepEqual(decision, { open: true, url: 'https://wa.me/a%20b?c=d%20e#f%20g' });
  });
});

describe('the sign-in page of a provider whose authorization endpoint is on another host than its issuer', () => {
  // Okta, Keycloak behind a gateway, a tenant's own login host: the issuer names one host, discovery's authorization_endpoint another.
  const okta = allowedOrigins({ backendUrl: 'https://board.autobedrijf-jansen.nl', oidcIssuer: 'https://id.autobedrijf-jansen.nl/oauth2/default' });
  const page = 'https://login.autobedrijf-jansen.okta.com/oauth2/v1/authorize?client_id=abc&response_type=code&state=xyz';

  it('opens for the sign-in, with the endpoint discovery named', () => {
    assert.equal(externalLinkDecision(page, okta).open, false, 'the issuer\'s host alone would refuse it');
    assert.deepEqual(externalLinkDecision(page, signInOrigins(okta, 'https://login.autobedrijf-jansen.okta.com/oauth2/v1/authorize')), { open: true, url: page });
  });

  it('allows that origin for the sign-in alone: the links of a page still go by the organisation\'s list', () => {
    signInOrigins(okta, 'https://login.autobedrijf-jansen.okta.com/oauth2/v1/authorize');
    assert.equal(externalLinkDecision('https://login.autobedrijf-jansen.okta.com/', okta).open, false);
  });

  it('adds nothing for an endpoint that is not https, holds a password, or is an IP literal; nor another port or host', () => {
    for (const endpoint of ['http://login.example.com/authorize', 'https://u:p@login.example.com/authorize', 'https://10.0.0.5/authorize', 'not an address']) {
      assert.deepEqual(signInOrigins(okta, endpoint), okta, endpoint);
    }
    const allowed = signInOrigins(okta, 'https://login.example.com/authorize');
    assert.deepEqual(externalLinkDecision('https://login.example.com:8443/authorize', allowed), { open: false, reason: 'port-not-allowed' });
    assert.deepEqual(externalLinkDecision('https://login.example.com.evil.com/authorize', allowed), { open: false, reason: 'host-not-allowed' });
  });
});

describe('what the person who clicked a refused link reads', () => {
  it('names the address and the reason, in English and in Dutch, for every reason', () => {
    const reasons: LinkRefusal[] = ['not-an-address', 'not-https', 'credentials', 'ip-address', 'host-not-allowed', 'port-not-allowed'];
    const seen = new Set<string>();
    for (const reason of reasons) {
      const en = refusedLinkWords('en', 'https://evil.com/x', reason);
      const nl = refusedLinkWords('nl', 'https://evil.com/x', reason);
      assert.equal(en.message, 'This link was not opened');
      assert.equal(nl.message, 'Deze link is niet geopend');
      assert.match(en.detail, /^https:\/\/evil\.com\/x\n\n/);
      assert.match(nl.detail, /^https:\/\/evil\.com\/x\n\n/);
      assert.match(nl.detail, /WhatsApp/);
      seen.add(en.detail).add(nl.detail);
    }
    assert.equal(seen.size, reasons.length * 2, 'each reason has words of its own');
  });

  it('keeps the whole address, however long', () => {
    const long = `https://evil.com/${'x'.repeat(5000)}`;
    assert.ok(refusedLinkWords('en', long, 'host-not-allowed').detail.includes(long));
  });

  it("speaks Dutch when the system's first language of the two is Dutch", () => {
    assert.equal(localeOf(['nl-NL', 'en-US']), 'nl');
    assert.equal(localeOf(['nl_BE']), 'nl');
    assert.equal(localeOf(['de-DE', 'nl-NL']), 'nl');
    assert.equal(localeOf(['en-GB', 'nl-NL']), 'en');
    assert.equal(localeOf(['fr-FR']), 'en');
    assert.equal(localeOf([]), 'en');
  });
});
