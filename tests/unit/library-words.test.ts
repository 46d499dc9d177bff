import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { translate } from '../../renderer/i18n';
import { rejectionText } from '../../renderer/templates/library-errors';
import { problemsOf } from '../../renderer/templates/template-draft';
import { TemplateDraftSchema } from '../../src/api/v2/template';

describe('why Meta rejected a template, in the manager’s words', () => {
  const en = { t: (key: Parameters<typeof translate>[1], vars?: Record<string, string | number>) => translate('en', key, vars) };
  const nl = { t: (key: Parameters<typeof translate>[1], vars?: Record<string, string | number>) => translate('nl', key, vars) };

  it('words Meta’s known reasons with what to do, in English and Dutch', () => {
    assert.match(rejectionText('INCORRECT_CATEGORY', en), /offer is Marketing, not Utility/);
    assert.match(rejectionText('INCORRECT_CATEGORY', nl), /Kies de juiste categorie/);
    assert.doesNotMatch(rejectionText('INVALID_FORMAT', nl), /INVALID_FORMAT/);
  });

  it('shows a reason Meta adds later as Meta wrote it, never nothing', () => {
    assert.equal(rejectionText('NEW_POLICY_X', nl), 'Reden van Meta: NEW_POLICY_X');
  });
});

describe('a template draft’s problems at their fields', () => {
  it('says a control character or hidden direction mark in the title in the screen’s words, not as "not valid"', () => {
    const problems = problemsOf(TemplateDraftSchema.safeParse({ name: 'x', title: 'X\u202e', language: 'nl', category: 'UTILITY', body: 'Hallo.', parameters: [] }));
    assert.equal(problems.get('title')?.key, 'form.hiddenCharacter');
  });
});
