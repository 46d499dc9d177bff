import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ChannelCheck, ChannelView } from '../../src/api/v2/channels';
import type { InboxView } from '../../src/api/v2/organization';
import { checkFailureText } from '../../renderer/setup/check-failure-text';
import { translate } from '../../renderer/i18n';
import { canAddClosedDate, channelCreation, channelDraftOf, channelUpdate, inboxDraftOf, inboxSettings, newChannelDraft, newInboxDraft, setupProblems } from '../../renderer/setup/setup-drafts';
import { SenderNumberSchema } from '../../src/api/v2/channels';
import { InboxSettingsSchema, MAX_CLOSED_DATES } from '../../src/api/v2/organization';

const INBOX: InboxView = {
  id: 'i1',
  name: 'Werkplaats',
  kind: 'workshop',
  zone: 'Europe/Amsterdam',
  country: 'NL',
  openingHours: [{ open: '08:00', close: '18:00' }, { open: '08:00', close: '18:00' }, { open: '08:00', close: '18:00' }, { open: '08:00', close: '18:00' }, { open: '08:00', close: '17:00' }, { open: '09:00', close: '12:00' }, null],
  closedDates: [{ date: '2026-12-25', name: 'Kerstmis' }],
  templateLanguage: 'nl',
  whatsappChannel: 'c1',
  smsChannel: null,
};

describe('set-up forms: what a manager typed, as the backend takes it', () => {
  it('gives an inbox back unchanged when nothing was touched', () => {
    const parsed = inboxSettings(inboxDraftOf(INBOX));
    assert.ok(parsed.success);
    const { id: _id, ...settings } = INBOX;
    assert.deepEqual(parsed.data, settings);
  });

  it('makes a closed day null and names the wrong field of a week in words', () => {
    const draft = inboxDraftOf(INBOX);
    draft.days[0] = { closed: true, open: '08:00', close: '18:00' };
    draft.days[2] = { closed: false, open: '18:00', close: '08:00' };
    draft.zone = 'Europe/Atlantis';
    draft.country = 'nl';
    const parsed = inboxSettings(draft);
    assert.equal(parsed.success, false);
    const problems = setupProblems(parsed);
    assert.equal(problems['openingHours.2.close']?.key, 'setup.problem.closesBeforeOpens');
    assert.equal(problems['zone']?.key, 'setup.problem.zone');
    assert.equal(problems['country'], undefined, 'a lower-case country is taken as its capitals');
    assert.equal(problems['openingHours.0.open'], undefined);
  });

  it('refuses 201 closed days as too many, and an empty date as no date', () => {
    const draft = newInboxDraft('Europe/Brussels', 'BE', 'nl');
    draft.name = 'Schade';
    draft.closedDates = Array.from({ length: 201 }, (_, i) => ({ date: '2027-01-01', name: `Dag ${i}` }));
    assert.deepEqual(setupProblems(inboxSettings(draft))['closedDates'], { key: 'setup.problem.tooManyDates', vars: { max: 200 } });
    draft.closedDates = [{ date: '', name: 'Kerstmis' }];
    assert.equal(setupProblems(inboxSettings(draft))['closedDates.0.date']?.key, 'setup.problem.date');
    // A day that does not exist never matches one: refused, not kept.
    draft.closedDates = [{ date: '2026-02-30', name: 'Geen dag' }];
    assert.equal(setupProblems(inboxSettings(draft))['closedDates.0.date']?.key, 'setup.problem.date');
    draft.closedDates = [{ date: '2026-12-25', name: 'Kerstmis' }, { date: '2026-12-25', name: 'Eerste Kerstdag' }];
    assert.equal(setupProblems(inboxSettings(draft))['closedDates.1.date']?.key, 'setup.problem.duplicateDate');
    draft.closedDates = [{ date: '2026-12-25', name: 'Kerst\u202e' }];
    assert.equal(setupProblems(inboxSettings(draft))['closedDates.0.name']?.key, 'form.hiddenCharacter', 'a hidden direction mark is said at its field');
  });

  it('takes only a country phone numbers can be read for: XX is two capitals, and still refused in words', () => {
    const draft = inboxDraftOf(INBOX);
    for (const country of ['XX', 'ZZ', 'N1', 'NLD']) {
      draft.country = country;
      assert.deepEqual(setupProblems(inboxSettings(draft))['country'], { key: 'setup.problem.country', vars: {} }, country);
    }
    const { id: _id, ...settings } = INBOX;
    const refusal = InboxSettingsSchema.safeParse({ ...settings, country: 'XX' });
    assert.equal(refusal.error?.issues[0]?.message, 'is not a country code such as NL');
    for (const country of ['NL', 'BE', 'de', 'GB', 'CW']) {
      draft.country = country;
      assert.equal(setupProblems(inboxSettings(draft))['country'], undefined, country);
    }
    assert.equal(translate('nl', 'setup.problem.country'), 'Geen landcode: schrijf die als NL of BE.');
  });

  it('stops adding closed days at the number the backend keeps, so none typed is refused at Save for being one too many', () => {
    const draft = newInboxDraft('Europe/Amsterdam', 'NL', 'nl');
    draft.name = 'Werkplaats';
    const day = (i: number) => ({ date: `2027-${String((i % 12) + 1).padStart(2, '0')}-${String(Math.floor(i / 12) + 1).padStart(2, '0')}`, name: `Dag ${i}` });
    draft.closedDates = Array.from({ length: MAX_CLOSED_DATES - 1 }, (_, i) => day(i));
    assert.equal(canAddClosedDate(draft), true);
    draft.closedDates.push(day(MAX_CLOSED_DATES - 1));
    assert.equal(canAddClosedDate(draft), false);
    // The last row the button allows is one the backend takes.
    assert.equal(inboxSettings(draft).success, true);
  });

  it('takes a sender typed with spaces, dots or dashes as its E.164 number, in the form and at the backend alike', () => {
    for (const typed of ['+31 970 1000 0001', '+31.970.1000.0001', '+31-970-1000-0001', ' +3197010000001 ']) {
      assert.equal(SenderNumberSchema.parse(typed), '+3197010000001', typed);
      const created = channelCreation({ ...newChannelDraft('sms'), label: 'SMS', from: typed, accountSid: `AC${'a1'.repeat(16)}`, authToken: 'an-auth-token' });
      assert.ok(created.success, typed);
      assert.equal(created.data.kind === 'sms' && created.data.from, '+3197010000001');
    }
    // Only grouping is taken out: a national number or letters are still refused, in words.
    for (const typed of ['0970 1000 0001', '+31 970 CALL', '+31 (0)970 1000 0001', '']) {
      assert.equal(SenderNumberSchema.safeParse(typed).error?.issues[0]?.message, 'is a number in international form, such as +31970102030', typed);
    }
  });

  it('sends a new channel with its secrets, and a changed one without the secrets left empty', () => {
    const draft = { ...newChannelDraft('whatsapp'), label: 'Amsterdam', phoneNumberId: '123', businessAccountId: '456', accessToken: 'access-token-1', appSecret: 'app-secret-1', verifyToken: 'verify-token-1' };
    const created = channelCreation(draft);
    assert.ok(created.success);
    assert.equal(created.data.kind, 'whatsapp');
    const missing = setupProblems(channelCreation({ ...draft, appSecret: '' }));
    assert.deepEqual(missing['appSecret'], { key: 'form.tooShort', vars: { min: 8 } });

    const stored: ChannelView = {
      id: 'c1', organization: 'o1', kind: 'whatsapp', label: 'Amsterdam', phoneNumberId: '123', businessAccountId: null, from: null, accountSid: null,
      secrets: ['accessToken', 'appSecret', 'verifyToken'], inboxes: [], lastCheck: null, createdAt: 0, updatedAt: 0,
    };
    const edit = channelDraftOf(stored);
    assert.deepEqual([edit.accessToken, edit.appSecret, edit.verifyToken], ['', '', ''], 'a secret is never prefilled');
    const update = channelUpdate({ ...edit, label: 'Amsterdam Noord', accessToken: 'a-new-access-token' });
    assert.ok(update.success);
    assert.deepEqual(update.data, { label: 'Amsterdam Noord', accessToken: 'a-new-access-token' });
  });

  it('words an SMS sender in international form and an account SID', () => {
    const problems = setupProblems(channelCreation({ ...newChannelDraft('sms'), label: 'SMS', from: '0612345678', accountSid: 'AC12', authToken: 'an-auth-token' }));
    assert.equal(problems['from']?.key, 'setup.problem.senderNumber');
    assert.equal(problems['accountSid']?.key, 'setup.problem.accountSid');
  });
});

describe('a failed channel Test in the reader’s words', () => {
  const check = (failureCode: ChannelCheck['failureCode'], failure: string): ChannelCheck => ({
    at: 1, ok: false, displayPhoneNumber: null, verifiedName: null, qualityRating: null, failure, failureCode,
  });
  const nl = (key: Parameters<typeof translate>[1], vars?: Record<string, string | number>) => translate('nl', key, vars);
  it('words what the backend itself found in Dutch, and quotes only the provider’s own refusal', () => {
    assert.equal(checkFailureText(nl, check('timeout', 'The provider did not answer within 10 seconds.')), 'de provider antwoordde niet binnen 10 seconden');
    assert.equal(checkFailureText(nl, check('unreachable', 'The provider could not be reached.')), 'de provider was niet bereikbaar');
    assert.equal(checkFailureText(nl, check('provider_refused', 'Error validating access token')), 'de provider weigerde: “Error validating access token”');
  });
});
