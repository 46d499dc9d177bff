import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { SessionState } from '../../src/api/people';
import type { AuditEntry } from '../../src/api/v2/audit';
import { CreateUserSchema } from '../../src/api/v2/users';
import { OidcSettingsSchema } from '../../src/api/v2/auth';
import { ApiCallError } from '../../renderer/api/api-call-error';
import { formatters } from '../../renderer/i18n';
import { throttledNotes } from '../../renderer/people/activity';
import { auditDetail } from '../../renderer/people/audit-detail';
import { fieldProblems } from '../../renderer/people/field-problems';
import { domainsOf, draftOf, settingsOf } from '../../renderer/people/oidc-draft';
import { passwordRules } from '../../renderer/people/password-rules';
import { peopleErrorText } from '../../renderer/people/people-errors';
import { pinAfterKey, pinComplete, pinRules } from '../../renderer/people/pin-entry';
import { isManager, signInNeeded } from '../../renderer/people/session-state';
import { deviceRevoked, revokedAdvice } from '../../renderer/people/device-revoked';
import { initials } from '../../renderer/shell/initials';

const base: SessionState = {
  mode: 'device',
  device: { name: 'Receptie links', role: 'desktop' },
  user: null,
  recent: [],
  locked: false,
  idleLockMinutes: null,
  oidc: null,
  signedOut: null,
};
const sanne = { id: 'u1', name: 'Sanne de Vries', email: 'sanne@garage.nl', role: 'manager' as const, inboxes: [] };

describe('when the sign-in screen stands in front of the board', () => {
  it('a registered desktop with nobody signed in, or locked', () => {
    assert.equal(signInNeeded(base), true);
    assert.equal(signInNeeded({ ...base, user: sanne }), false);
    assert.equal(signInNeeded({ ...base, user: sanne, locked: true }), true);
  });

  it('never on a wall screen, a standalone desktop or one joined with a person’s own token', () => {
    assert.equal(signInNeeded({ ...base, device: { name: 'Werkplaats', role: 'wall' } }), false);
    assert.equal(signInNeeded({ ...base, mode: 'standalone', device: null }), false);
    assert.equal(signInNeeded({ ...base, mode: 'personal', device: null, user: sanne }), false);
    assert.equal(signInNeeded(null), false);
  });

  it('the managers’ settings are offered to a manager who is signed in and not locked out', () => {
    assert.equal(isManager({ ...base, user: sanne }), true);
    assert.equal(isManager({ ...base, user: sanne, locked: true }), false);
    assert.equal(isManager({ ...base, user: { ...sanne, role: 'advisor' } }), false);
  });
});

describe('activity notes for the idle lock', () => {
  it('the first input at once, then none until 30 s have gone by', () => {
    let now = 1_000;
    const sent: number[] = [];
    const note = throttledNotes(() => sent.push(now), () => now);
    note();
    now += 10_000;
    note();
    now += 19_999;
    note();
    assert.deepEqual(sent, [1_000]);
    now += 1;
    note();
    note();
    assert.deepEqual(sent, [1_000, 31_000]);
  });
});

describe('a new password and a PIN as they are typed', () => {
  it('the backend’s length rule and the same twice', () => {
    assert.deepEqual(passwordRules('kort', 'kort'), { min: 10, max: 200, longEnough: false, shortEnough: true, same: true, ok: false });
    assert.equal(passwordRules('lang genoeg 1', 'lang genoeg 2').ok, false);
    assert.equal(passwordRules('lang genoeg 1', 'lang genoeg 1').ok, true);
    assert.equal(passwordRules('', '').same, false);
    assert.equal(passwordRules('x'.repeat(201), 'x'.repeat(201)).shortEnough, false);
  });

  it('the pad takes digits up to eight, Backspace takes one back, other keys nothing', () => {
    let pin = '';
    for (const key of ['1', '2', 'a', 'Enter', '3', '4']) pin = pinAfterKey(pin, key);
    assert.equal(pin, '1234');
    assert.equal(pinAfterKey('12345678', '9'), '12345678');
    assert.equal(pinAfterKey('123', 'Backspace'), '12');
    assert.equal(pinAfterKey('', 'Backspace'), '');
  });

  it('a PIN is 4 to 8 digits, typed the same twice', () => {
    assert.equal(pinComplete('123'), false);
    assert.equal(pinComplete('1234'), true);
    assert.equal(pinComplete('12a4'), false);
    assert.deepEqual(pinRules('4321', '4321'), { digits: true, same: true, ok: true });
    assert.deepEqual(pinRules('4321', '4322'), { digits: true, same: false, ok: false });
  });
});

describe('form problems worded by field', () => {
  it('a new person: the name empty or too long, the e-mail not one', () => {
    assert.deepEqual(fieldProblems(CreateUserSchema.safeParse({ name: ' ', email: 'sanne@', role: 'advisor', inboxes: [] })), {
      name: { key: 'form.required', vars: {} },
      email: { key: 'signin.emailInvalid', vars: {} },
    });
    assert.deepEqual(fieldProblems(CreateUserSchema.safeParse({ name: 'x'.repeat(101), email: 'a@b.nl' })), { name: { key: 'form.tooLong', vars: { max: 100 } } });
    assert.deepEqual(fieldProblems(CreateUserSchema.safeParse({ name: 'Sanne', email: 'sanne@garage.nl' })), {});
  });

  it('sign-in settings: the issuer not a web address, a domain too short', () => {
    const draft = { ...draftOf(null), issuer: 'login.microsoft', clientId: 'board', label: 'Microsoft', domains: 'garage.nl, nl' };
    assert.deepEqual(fieldProblems(OidcSettingsSchema.safeParse(settingsOf(draft))), {
      issuer: { key: 'form.notUrl', vars: {} },
      allowedDomains: { key: 'form.tooShort', vars: { min: 3 }, item: 1 },
    });
  });
});

describe('the allowed domains of the sign-in settings', () => {
  it('separated by commas, spaces or lines, none dropped', () => {
    assert.deepEqual(domainsOf(' garage.nl, autobedrijf.be\nx.nl;; '), ['garage.nl', 'autobedrijf.be', 'x.nl']);
    assert.deepEqual(domainsOf(''), []);
  });

  it('saved settings come back as the same draft', () => {
    const saved = { issuer: 'https://id.example', clientId: 'board', label: 'Google', allowedDomains: ['garage.nl', 'x.be'], newUserRole: 'manager' as const };
    assert.deepEqual(settingsOf(draftOf(saved)), saved);
    const google = { ...saved, clientSecret: 'GOCSPX-desktop-app' };
    assert.deepEqual(settingsOf(draftOf(google)), google, 'a desktop app’s client secret too');
    assert.equal('clientSecret' in settingsOf({ ...draftOf(saved), clientSecret: '  ' }), false, 'an empty field is no secret');
  });
});

describe('refusals in the user’s language', () => {
  const english = formatters('en', 'Europe/Amsterdam');
  const dutch = formatters('nl', 'Europe/Amsterdam');
  const nl = dutch.t;
  const refusal = (code: string, message: string, params?: Record<string, string | number>) => new ApiCallError({ code, message, ...(params && { params }) });

  it('a known code in Dutch and English; the same code worded by the form it came from', () => {
    assert.equal(peopleErrorText(refusal('LAST_MANAGER', 'The last manager cannot be removed'), dutch), nl('people.error.LAST_MANAGER'));
    assert.match(peopleErrorText(refusal('LAST_MANAGER', 'x'), english), /last manager/);
    assert.equal(peopleErrorText(refusal('UNAUTHORIZED', 'wrong'), dutch, { UNAUTHORIZED: 'people.error.wrongPassword' }), 'Het e-mailadres of het wachtwoord klopt niet.');
    assert.equal(peopleErrorText(refusal('UNAUTHORIZED', 'code unknown'), dutch, { UNAUTHORIZED: 'people.error.badInvitation' }), nl('people.error.badInvitation'));
  });

  it('a sign-in with the organisation’s accounts that failed: each of the core’s reasons worded, never its low-level cause', () => {
    // The core's codes (people-handlers.ts: PROVIDER_ and oidc-sign-in.ts's reason, upper case, - as _).
    const codes = ['PROVIDER_PROVIDER_SETTINGS', 'PROVIDER_BROWSER', 'PROVIDER_TIMEOUT', 'PROVIDER_STATE', 'PROVIDER_REFUSED', 'PROVIDER_EXCHANGE', 'PROVIDER_NO_ID_TOKEN'];
    const lowLevel = 'The sign-in provider at https://login.microsoftonline.com/common/v2.0 could not be asked for its settings (fetch failed: getaddrinfo ENOTFOUND login.microsoftonline.com).';
    const worded = new Set<string>();
    for (const code of [...codes, 'NO_PROVIDER', 'OIDC_PROVIDER_UNAVAILABLE']) {
      for (const words of [english, dutch]) {
        const text = peopleErrorText(refusal(code, lowLevel), words);
        assert.notEqual(text, lowLevel, `${code} is worded`);
        assert.doesNotMatch(text, /ENOTFOUND|fetch failed|getaddrinfo|https?:\/\//, code);
        worded.add(text);
      }
    }
    assert.equal(worded.size, 2 * (codes.length + 2), 'each reason its own words, in English and in Dutch');
    assert.match(peopleErrorText(refusal('PROVIDER_PROVIDER_SETTINGS', lowLevel), dutch), /niet bereikbaar/);
  });

  it('the tries left after a wrong PIN and the seconds to wait after too many attempts, in Dutch and English', () => {
    const wrongPin = (left: number) => refusal('WRONG_PIN', `Wrong PIN: ${left} tries left.`, { left });
    assert.equal(peopleErrorText(wrongPin(3), english), 'Wrong PIN: 3 tries left.');
    assert.equal(peopleErrorText(wrongPin(3), dutch), 'Verkeerde pincode: nog 3 pogingen.');
    assert.equal(peopleErrorText(wrongPin(1), english), 'Wrong PIN: 1 try left.');
    assert.equal(peopleErrorText(wrongPin(1), dutch), 'Verkeerde pincode: nog 1 poging.');
    const slowed = refusal('TOO_MANY_ATTEMPTS', 'Too many failed attempts; try again in 42 s.', { retryAfterSeconds: 42 });
    assert.equal(peopleErrorText(slowed, english), 'Too many attempts: try again in 42 s.');
    assert.equal(peopleErrorText(slowed, dutch), 'Te veel pogingen: probeer het over 42 s opnieuw.');
    const long = refusal('TOO_MANY_ATTEMPTS', 'Too many failed attempts; try again in 1500 s.', { retryAfterSeconds: 1500 });
    assert.equal(peopleErrorText(long, dutch), 'Te veel pogingen: probeer het over 1.500 s opnieuw.', 'the number in the locale’s form');
  });

  it('a refusal that came without its number, or with one that is not a count, keeps its words without it', () => {
    assert.equal(peopleErrorText(refusal('WRONG_PIN', 'Wrong PIN.'), dutch), nl('people.error.WRONG_PIN'));
    assert.equal(peopleErrorText(refusal('WRONG_PIN', 'Wrong PIN.', { left: 'three' }), dutch), nl('people.error.WRONG_PIN'));
    assert.equal(peopleErrorText(refusal('TOO_MANY_ATTEMPTS', 'Slow down.', { retryAfterSeconds: -1 }), dutch), nl('people.error.TOO_MANY_ATTEMPTS'));
    assert.equal(peopleErrorText(refusal('TOO_MANY_ATTEMPTS', 'Slow down.', { retryAfterSeconds: 42 }), dutch, { TOO_MANY_ATTEMPTS: 'people.error.wrongPassword' }), nl('people.error.wrongPassword'), 'a form’s own words first');
  });

  it('an unknown code keeps the words it came with', () => {
    assert.equal(peopleErrorText(refusal('SOMETHING_NEW', 'The backend said so.'), dutch), 'The backend said so.');
    assert.equal(peopleErrorText(new Error('lost'), english), 'lost');
  });
});

describe('the initials beside a name', () => {
  it('the first letter or digit of the first and the last word', () => {
    assert.equal(initials('Sanne Visser'), 'SV');
    assert.equal(initials('  noor   bakker de Jong '), 'NJ');
    assert.equal(initials('Émile Özdemir'), 'ÉÖ');
    assert.equal(initials('2e Monteur'), '2M');
  });

  it('punctuation and markup are passed over, never shown', () => {
    assert.equal(initials('<Sanne Visser'), 'SV');
    assert.equal(initials('<img src=x onerror=alert(1)><b>Bold</b>'), 'IO');
    assert.equal(initials('(Sanne) — Visser'), 'SV');
    assert.equal(initials('<> Visser'), 'V');
    assert.equal(initials('*** ---'), '');
  });
});

describe('a desktop whose registration was revoked', () => {
  it('is told apart from one that is offline or whose person signed out', () => {
    assert.equal(deviceRevoked({ ...base, signedOut: 'device-revoked' }), true);
    assert.equal(deviceRevoked({ ...base, signedOut: 'revoked' }), false, 'a person signed out of a registered desktop');
    assert.equal(deviceRevoked({ ...base, mode: 'personal', signedOut: 'revoked' }), true, 'the person’s own token this desktop was joined with');
    assert.equal(deviceRevoked({ ...base, signedOut: null }), false);
    assert.equal(deviceRevoked(null), false);
  });

  it('the new device token goes where this desktop’s backend was set: Connection only when it was set there', () => {
    assert.deepEqual(revokedAdvice('settings'), { key: 'signin.deviceRevoked.settings', openConnection: true });
    assert.deepEqual(revokedAdvice('environment'), { key: 'signin.deviceRevoked.environment', openConnection: false });
    assert.deepEqual(revokedAdvice('built-in'), { key: 'signin.deviceRevoked.other', openConnection: false });
    assert.deepEqual(revokedAdvice(null), { key: 'signin.deviceRevoked.other', openConnection: false });
    const nl = formatters('nl', 'Europe/Amsterdam').t;
    assert.match(nl(revokedAdvice('environment').key), /AFTERSALES_BACKEND_TOKEN/);
    assert.doesNotMatch(nl(revokedAdvice('environment').key), /Verbinding/);
  });
});

describe('an audit line’s “About”, worded in the reader’s language from its subject and facts', () => {
  const en = formatters('en', 'Europe/Amsterdam');
  const nl = formatters('nl', 'Europe/Amsterdam');
  const inboxName = (id: string) => ({ i1: 'Werkplaats' })[id] ?? id;
  const about = (f: typeof en, action: AuditEntry['action'], detail: string, facts: AuditEntry['facts']) => auditDetail({ action, detail, facts }, f, inboxName);

  it('a sign-in, how it was made', () => {
    assert.equal(about(en, 'signin', 'sanne@x.nl', { how: 'password' }), 'sanne@x.nl (password)');
    assert.equal(about(nl, 'signin', 'sanne@x.nl', { how: 'password' }), 'sanne@x.nl (wachtwoord)');
    assert.equal(about(nl, 'signin', 'sanne@x.nl', { how: 'invitation' }), 'sanne@x.nl (uitnodigingscode)');
    assert.equal(about(nl, 'signin', 'sanne@x.nl', { how: 'provider', label: 'Microsoft' }), 'sanne@x.nl (Microsoft)');
  });

  it('a failed sign-in with the provider says why; one that names nobody is only the provider and why', () => {
    assert.equal(about(nl, 'signin.failed', 'kees@elders.nl', { how: 'provider', label: 'Microsoft', reason: 'domain' }), 'kees@elders.nl (Microsoft: geen account hier, of niet op een toegestaan domein)');
    assert.equal(about(en, 'signin.failed', '', { how: 'provider', label: 'Microsoft', reason: 'audience' }), 'Microsoft: meant for another app');
  });

  it('people, devices, tokens and settings', () => {
    assert.equal(about(nl, 'user.created', 'marloes@x.nl', { role: 'advisor', how: 'provider', label: 'Microsoft' }), 'marloes@x.nl (Serviceadviseur, bij de eerste aanmelding met Microsoft)');
    assert.equal(about(en, 'user.created', 'marloes@x.nl', { role: 'manager' }), 'marloes@x.nl (Manager)');
    assert.equal(about(nl, 'user.updated', 'piet@x.nl', { changed: { role: 'manager', inboxes: [] } }), 'piet@x.nl: rol Manager; inboxen alle');
    assert.equal(about(en, 'user.updated', 'piet@x.nl', { changed: { name: 'Piet Jansen', inboxes: ['i1', 'gone'] } }), 'piet@x.nl: name Piet Jansen; inboxes Werkplaats, gone');
    assert.equal(about(nl, 'device.registered', 'Kassa 2', { role: 'wall' }), 'Kassa 2 (Wandscherm)');
    assert.equal(about(en, 'integration.created', 'Planning', { system: 'ispa', inboxes: ['i1'] }), 'Planning (ISPA Next: Werkplaats)');
    assert.equal(about(nl, 'token.created', 'Piet', { label: 'scripts', days: 30 }), 'Piet: scripts (30 dagen)');
    assert.equal(about(en, 'token.created', 'Piet', { label: 'scripts', days: 1 }), 'Piet: scripts (1 day)');
    assert.equal(about(nl, 'oidc.changed', '', { how: 'password' }), 'alleen wachtwoorden');
    assert.equal(about(en, 'oidc.changed', 'https://login.example', { how: 'provider', label: 'Microsoft' }), 'Microsoft: https://login.example');
    assert.equal(about(nl, 'reminders.changed', 'afspraak_herinnering', { language: 'nl' }), 'afspraak_herinnering (nl)');
    assert.equal(about(nl, 'user.removed', 'piet@x.nl', {}), 'piet@x.nl');
  });

  it('a line written before facts were kept shows its detail as it was written', () => {
    assert.equal(about(nl, 'signin', 'sanne@x.nl (password)', null), 'sanne@x.nl (password)');
  });
});
