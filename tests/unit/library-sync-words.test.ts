import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { TemplateSyncResult } from '../../src/api/v2/template';
import { translate } from '../../renderer/i18n';
import { checkFailureText } from '../../renderer/setup/check-failure-text';
import { syncReport } from '../../renderer/templates/sync-report';

describe('what a Content Library sync did, in the manager’s words', () => {
  const en = { t: (key: Parameters<typeof translate>[1], vars?: Record<string, string | number>) => translate('en', key, vars) };
  const nl = { t: (key: Parameters<typeof translate>[1], vars?: Record<string, string | number>) => translate('nl', key, vars) };
  const account = { businessAccountId: '2000000001', channels: ['Amsterdam'] };
  const result: TemplateSyncResult = {
    added: 1,
    updated: 0,
    missing: 0,
    failed: [{ businessAccountId: '2000000002', channels: ['Utrecht', 'Utrecht 2'], code: 'TEMPLATE_LIST_TOO_LONG', reason: 'The account lists more than 50 pages of templates; nothing of it was changed.' }],
    skipped: [
      { name: 'service_call', language: 'nl', reason: 'button_kind', kind: 'PHONE_NUMBER', ...account },
      { name: 'car_photo', language: 'nl', reason: 'media_header', kind: 'IMAGE', ...account },
      { name: 'quiz', language: 'en', reason: 'button_kind', kind: 'VOICE_CALL', ...account },
      { name: 'winter_carousel', language: 'nl', reason: 'other_content', kind: 'CAROUSEL', ...account },
      { name: 'appointment_reminder', language: 'nl', reason: 'other_account', kind: null, ...account },
    ],
  };

  it('names every template not taken in and why, after the counts and the accounts not read', () => {
    assert.equal(
      syncReport(result, en),
      [
        'Synced: 1 added, 0 changed, 0 no longer in the account.',
        'Not synced: the account of Utrecht, Utrecht 2 — the account lists more than 50 pages of templates; nothing of it was changed.',
        'Not taken in: service_call (nl) — it has a call button, which this app does not send.',
        'Not taken in: car_photo (nl) — it has an image header, which this app does not send.',
        'Not taken in: quiz (en) — it has a button of the kind VOICE_CALL, which this app does not send.',
        'Not taken in: winter_carousel (nl) — it is made in a form this app does not send (CAROUSEL).',
        'Not taken in: appointment_reminder (nl) — it is in the business account of Amsterdam, and the Content Library already has this name and language from another account; delete that one to take this one in.',
      ].join(' '),
    );
  });

  it('says the same in Dutch, without an English word of the backend', () => {
    const words = syncReport(result, nl);
    assert.match(words, /Niet overgenomen: service_call \(nl\) — het heeft een belknop, en die verstuurt deze app niet\./);
    assert.match(words, /Niet gesynchroniseerd: het account van Utrecht, Utrecht 2 — het account heeft meer dan 50 pagina’s sjablonen/);
    assert.doesNotMatch(words, /nothing|which this app/);
  });

  it('words a repeated page and the deadline, and still quotes Meta’s own refusal', () => {
    const failed = (code: string, reason = '') => syncReport({ ...result, skipped: [], failed: [{ ...account, code, reason }] }, en);
    assert.match(failed('TEMPLATE_LIST_REPEATS'), /WhatsApp gave the same page of templates twice/);
    assert.match(failed('TEMPLATE_SYNC_TIMEOUT'), /took more than 30 seconds and was stopped/);
    assert.match(failed('TEMPLATE_REFUSED', 'Invalid OAuth access token'), /the provider refused: “Invalid OAuth access token”/);
  });
});

describe('a channel Test whose listing of phone numbers was stopped, in the manager’s words', () => {
  it('says why in English and Dutch, not as an answer the backend does not know', () => {
    const en = (key: Parameters<typeof translate>[1], vars?: Record<string, string | number>) => translate('en', key, vars);
    const nl = (key: Parameters<typeof translate>[1], vars?: Record<string, string | number>) => translate('nl', key, vars);
    const check = (failureCode: 'too_many_pages' | 'repeated_page' | 'deadline') => ({ failureCode, failure: 'English words of the backend' });
    assert.equal(checkFailureText(en, check('too_many_pages')), 'the account lists more than 50 pages of phone numbers, so the check stopped there');
    assert.equal(checkFailureText(nl, check('repeated_page')), 'de provider gaf twee keer dezelfde pagina telefoonnummers, dus de controle stopte daar');
    assert.equal(checkFailureText(nl, check('deadline')), 'de provider had meer dan 30 seconden nodig voor de controle');
  });
});
