import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { REMINDER_SKIP_REASONS, type ReminderRun } from '../../src/api/v2/reminders';
import { ApiCallError } from '../../renderer/api/api-call-error';
import { formatters } from '../../renderer/i18n';
import { draftOf, draftProblems, settingsOf, templateChoices } from '../../renderer/reminders/reminder-draft';
import { canSendNow, capitalised, reminderErrorText, reminderLine, runWords, shownNames, skipReasonText, templateLabel, upcomingRuns, whenText } from '../../renderer/reminders/reminder-words';

const ZONE = 'Europe/Amsterdam';
const en = formatters('en', ZONE);
const nl = formatters('nl', ZONE);
// Wednesday 25 November 2026, 10:00 in Amsterdam.
const NOW = Date.parse('2026-11-25T09:00:00Z');
const at = (iso: string) => Date.parse(iso);

const run = (over: Partial<ReminderRun> = {}): ReminderRun => ({ dueAt: at('2026-11-26T16:00:00Z'), toSend: 23, sent: 0, skipped: [], ...over });
const names = (...list: Array<string | null>) => list.map((name, i) => ({ appointmentId: `a${i}`, name }));

describe('the reminder bot’s words', () => {
  it('says when from where the dealership is now: today, tomorrow, yesterday, else the date', () => {
    assert.equal(whenText(en, at('2026-11-25T16:00:00Z'), NOW, ZONE), 'today 17:00');
    assert.equal(whenText(en, at('2026-11-26T16:00:00Z'), NOW, ZONE), 'tomorrow 17:00');
    assert.equal(whenText(nl, at('2026-11-26T16:00:00Z'), NOW, ZONE), 'morgen 17:00');
    assert.equal(whenText(en, at('2026-11-24T16:00:00Z'), NOW, ZONE), 'yesterday 17:00');
    assert.equal(whenText(en, at('2026-11-28T16:00:00Z'), NOW, ZONE), 'Sat 28 Nov 17:00');
    // Just after midnight in Amsterdam is still the 25th in UTC: the dealership's day counts.
    assert.equal(whenText(en, at('2026-11-25T23:30:00Z'), NOW, ZONE), 'tomorrow 00:30');
    assert.equal(capitalised('morgen 17:00'), 'Morgen 17:00');
  });

  it('words a run as the preview sentence, with every skipped customer by reason', () => {
    const words = runWords(en, run({ skipped: [{ reason: 'no_mobile', customers: names('Levi Kok', null) }] }), NOW, ZONE);
    assert.equal(words.head, 'Tomorrow 17:00: 23 reminders; 2 skipped');
    assert.deepEqual(words.groups, [{ reason: 'no_mobile', phrase: 'no mobile number', names: ['Levi Kok', 'no name'] }]);
    const dutch = runWords(nl, run({ toSend: 1, sent: 2, skipped: [{ reason: 'cancelled', customers: names('Els') }] }), NOW, ZONE);
    assert.equal(dutch.head, 'Morgen 17:00: 1 herinnering; 2 al verstuurd; 1 overgeslagen');
    assert.equal(runWords(en, run({ toSend: 1 }), NOW, ZONE).head, 'Tomorrow 17:00: 1 reminder');
  });

  it('shows a few names and says how many more, never dropping one unsaid', () => {
    const all = ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H'];
    assert.deepEqual(shownNames(all, false), { shown: ['A', 'B', 'C'], more: 5 });
    assert.deepEqual(shownNames(all, true), { shown: all, more: 0 });
    assert.deepEqual(shownNames(['A', 'B', 'C'], false), { shown: ['A', 'B', 'C'], more: 0 });
    assert.equal(en.tp('reminders.more', 5), 'and 5 more');
    assert.equal(nl.tp('reminders.more', 5), 'en nog 5');
  });

  it('keeps only the runs still to come', () => {
    const past = run({ dueAt: NOW - 1 });
    const due = run({ dueAt: NOW });
    assert.deepEqual(upcomingRuns([past, due], NOW), [due]);
  });

  it('words every skip reason in English and Dutch', () => {
    for (const reason of REMINDER_SKIP_REASONS) {
      for (const words of [en, nl]) {
        const text = skipReasonText(words, reason);
        assert.ok(text.length > 5 && !text.includes('reminders.skip'), `${reason}: ${text}`);
      }
    }
    assert.notEqual(skipReasonText(en, 'no_mobile'), skipReasonText(nl, 'no_mobile'));
  });

  it('says where an appointment’s reminder stands', () => {
    assert.equal(reminderLine(en, { state: 'scheduled', dueAt: at('2026-11-26T16:00:00Z'), skip: null }, NOW, ZONE), 'Reminder: scheduled tomorrow 17:00');
    assert.equal(
      reminderLine(nl, { state: 'scheduled', dueAt: at('2026-11-26T16:00:00Z'), skip: { reason: 'no_mobile', detail: 'x' } }, NOW, ZONE),
      `Herinnering: morgen 17:00 zou worden overgeslagen — ${skipReasonText(nl, 'no_mobile')}`,
    );
    assert.equal(
      reminderLine(en, { state: 'sent', at: at('2026-11-25T16:00:00Z'), messageId: 'm1', status: 'delivered', by: null }, NOW, ZONE),
      'Reminder: sent today 17:00 · Delivered (by the bot)',
    );
    assert.equal(reminderLine(nl, { state: 'sent', at: NOW, messageId: 'm1', status: null, by: 'Noor Bakker' }, NOW, ZONE), 'Herinnering: verstuurd vandaag 10:00 (door Noor Bakker)');
    assert.equal(reminderLine(en, { state: 'skipped', at: NOW, reason: 'no_mobile', detail: 'x' }, NOW, ZONE), 'Reminder: skipped — no mobile number');
    assert.equal(reminderLine(en, { state: 'off' }, NOW, ZONE), 'Reminder bot off for this inbox');
    assert.equal(reminderLine(nl, { state: 'passed' }, NOW, ZONE), 'Herinnering: niet verstuurd — de afspraak is begonnen');
  });

  it('offers "Send reminder now" only while it can still go', () => {
    const open = { cancelled: false, column: 'new' };
    assert.equal(canSendNow({ state: 'scheduled', dueAt: NOW, skip: null }, open), true);
    assert.equal(canSendNow({ state: 'off' }, open), true);
    assert.equal(canSendNow({ state: 'skipped', at: NOW, reason: 'no_mobile', detail: '' }, open), true, 'the number may have been put right since');
    assert.equal(canSendNow({ state: 'skipped', at: NOW, reason: 'opted_out', detail: '' }, open), false);
    assert.equal(canSendNow({ state: 'scheduled', dueAt: NOW, skip: { reason: 'opted_out', detail: '' } }, open), false);
    assert.equal(canSendNow({ state: 'scheduled', dueAt: NOW, skip: { reason: 'no_mobile', detail: '' } }, open), false, 'checked just now: it cannot go');
    assert.equal(canSendNow({ state: 'scheduled', dueAt: NOW, skip: { reason: 'late', detail: '' } }, open), true, 'late is the bot’s rule, not the advisor’s');
    assert.equal(canSendNow({ state: 'sent', at: NOW, messageId: null, status: null, by: null }, open), false);
    assert.equal(canSendNow({ state: 'passed' }, open), false);
    assert.equal(canSendNow({ state: 'scheduled', dueAt: NOW, skip: null }, { cancelled: true, column: 'new' }), false);
    assert.equal(canSendNow({ state: 'scheduled', dueAt: NOW, skip: null }, { cancelled: false, column: 'finished' }), false);
  });

  it('words the backend’s refusals with their reason, in the user’s language', () => {
    const refusal = (code: string, params?: Record<string, unknown>) => new ApiCallError({ code, message: 'English words', ...(params ? { params } : {}) } as never);
    assert.equal(reminderErrorText(refusal('REMINDER_NOT_SENT', { reason: 'no_mobile' }), nl, NOW, ZONE), 'Niet verstuurd: geen mobiel nummer.');
    assert.equal(
      reminderErrorText(refusal('REMINDER_TEMPLATE', { reason: 'template_not_approved' }), en, NOW, ZONE),
      'This template cannot send reminders: the reminder template is not approved by WhatsApp.',
    );
    assert.equal(reminderErrorText(refusal('REMINDER_ALREADY_SENT', { at: at('2026-11-24T16:00:00Z') }), en, NOW, ZONE), 'The reminder was already sent (yesterday 17:00).');
    assert.equal(reminderErrorText(refusal('REMINDER_PASSED'), nl, NOW, ZONE), 'De afspraak is begonnen: de herinnering wordt niet meer verstuurd.');
    assert.equal(reminderErrorText(refusal('BACKEND_UNAVAILABLE'), en, NOW, ZONE), en.t('people.error.BACKEND_UNAVAILABLE'));
    // An unknown reason is not guessed at: the backend's own words stand.
    assert.equal(reminderErrorText(refusal('REMINDER_NOT_SENT', { reason: 'something_new' }), en, NOW, ZONE), 'English words');
  });
});

describe('Settings → Reminder bot’s form', () => {
  const template = { name: 'appointment_reminder', language: 'nl' };

  it('round-trips the settings, keeping the other kind of "when" to switch to', () => {
    const draft = draftOf({ enabled: true, template, when: { kind: 'day_before', at: '17:00' } });
    assert.deepEqual(draft, { enabled: true, template: 'appointment_reminder|nl', kind: 'day_before', at: '17:00', hours: '24' });
    const parsed = settingsOf({ ...draft, kind: 'hours_before', hours: '36' });
    assert.ok(parsed.success);
    assert.deepEqual(parsed.data, { enabled: true, template, when: { kind: 'hours_before', hours: 36 } });
  });

  it('names the field that is wrong', () => {
    const draft = draftOf({ enabled: false, template: null, when: { kind: 'day_before', at: '17:00' } });
    assert.deepEqual(draftProblems(draft), {});
    assert.deepEqual(draftProblems({ ...draft, enabled: true }), { template: 'reminders.templateRequired' });
    assert.deepEqual(draftProblems({ ...draft, at: '' }), { at: 'reminders.atInvalid' });
    for (const hours of ['0', '169', '2.5', '', 'x']) {
      assert.deepEqual(draftProblems({ ...draft, kind: 'hours_before', hours }), { hours: 'reminders.hoursInvalid' }, hours);
    }
    assert.deepEqual(draftProblems({ ...draft, kind: 'hours_before', hours: '168' }), {});
  });

  it('offers the approved templates by title, and keeps the chosen one that is no longer approved or known', () => {
    const t = (name: string, title: string, status: 'APPROVED' | 'PENDING') => ({ name, title, language: 'nl', status });
    const templates = [t('vehicle_ready', 'Auto staat klaar', 'APPROVED'), t('appointment_reminder', 'Herinnering afspraak', 'APPROVED'), t('promo', 'Actie', 'PENDING')];
    assert.deepEqual(
      templateChoices(templates, '').map((c) => c.title),
      ['Auto staat klaar', 'Herinnering afspraak'],
    );
    assert.deepEqual(templateChoices(templates, 'promo|nl').at(-1), templates[2]);
    assert.deepEqual(templateChoices(templates, 'gone|en').at(-1), { name: 'gone', title: '', language: 'en', status: null });
    assert.equal(templateLabel(en, templates[1]!), 'Herinnering afspraak (nl)');
    assert.equal(templateLabel(en, { ...templates[1]!, title: '' }), 'appointment_reminder (nl)');
    assert.equal(templateLabel(nl, templates[2]!), 'Actie (nl) — in beoordeling, niet goedgekeurd');
    assert.equal(templateLabel(en, { name: 'gone', title: '', language: 'en', status: null }), 'gone (en) — no longer in the Content Library');
  });
});
