import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bodyParameterCount, bodyParameterProblems, fillParameters, headerProblems, parameterNumbers, urlButtonProblems } from '../../src/domain/template-rules';
import { TemplateDraftSchema } from '../../src/api/v2/template';

const rules = (problems: Array<{ rule: string }>) => problems.map((p) => p.rule);

describe('template rules (Meta’s, checked before submitting)', () => {
  it('takes parameters {{1}}…{{n}} first used in order, with text around and between them', () => {
    assert.deepEqual(bodyParameterProblems('Beste {{1}}, tot {{2}} om {{3}}. {{1}}, tot dan.'), []);
    assert.equal(bodyParameterCount('Beste {{1}}, tot {{2}}. Groet {{1}}.'), 2);
    assert.deepEqual(parameterNumbers('a {{2}} b {{1}}'), [2, 1]);
  });

  it('names each broken rule', () => {
    assert.deepEqual(rules(bodyParameterProblems('Beste {{2}}, bij {{1}} klaar.')), ['parameterOrder']);
    assert.deepEqual(rules(bodyParameterProblems('Beste {{1}}, bij {{3}} klaar.')), ['parameterOrder']);
    assert.deepEqual(rules(bodyParameterProblems('  {{1}}, klaar.')), ['startsWithParameter']);
    assert.deepEqual(rules(bodyParameterProblems('Klaar, {{1}} ')), ['endsWithParameter']);
    assert.deepEqual(rules(bodyParameterProblems('Hoi {{1}} {{2}}, klaar.')), ['adjacentParameters']);
    assert.deepEqual(rules(bodyParameterProblems('Hoi {{naam}}, klaar.')), ['strayBraces']);
    assert.deepEqual(rules(headerProblems('Uw {{1}} en {{1}}')), ['headerParameters']);
    assert.deepEqual(rules(headerProblems('Uw {{2}}')), ['headerParameterNumber']);
    assert.deepEqual(headerProblems('Uw auto is klaar'), []);
    assert.deepEqual(rules(urlButtonProblems('http://example.com')), ['httpsOnly']);
    assert.deepEqual(rules(urlButtonProblems('https://example.com/{{1}}/x')), ['urlParameterAtEnd']);
    assert.deepEqual(urlButtonProblems('https://example.com/invoice/{{1}}'), []);
  });

  it('fills a text with its values, leaving a {{n}} without one as it is', () => {
    assert.equal(fillParameters('Beste {{1}}, tot {{2}}. {{3}}', ['Jan', 'morgen']), 'Beste Jan, tot morgen. {{3}}');
  });

  it('refuses at the field, and never cuts: a body of 1025 characters is refused, not shortened', () => {
    const base = { name: 'x', title: 'X', language: 'nl', category: 'UTILITY', body: 'Hallo.', parameters: [] };
    assert.equal(TemplateDraftSchema.safeParse(base).success, true);
    const long = TemplateDraftSchema.safeParse({ ...base, body: 'a'.repeat(1025) });
    assert.equal(long.success, false);
    assert.deepEqual(long.error!.issues.map((i) => [i.path.join('.'), i.message]), [['body', 'is at most 1024 characters']]);
    const unlabelled = TemplateDraftSchema.safeParse({ ...base, body: 'Hoi {{1}}, klaar.', parameters: [] });
    assert.equal(unlabelled.error!.issues[0]!.message, 'the body has 1 parameter; 0 are described');
  });

  it('refuses a control character or a hidden direction mark in what advisors and customers read; a body may have line breaks', () => {
    const base = { name: 'x', title: 'X', language: 'nl', category: 'UTILITY', body: 'Hallo.', parameters: [] };
    const fields = (result: ReturnType<typeof TemplateDraftSchema.safeParse>) => (result.error?.issues ?? []).map((i) => i.path.join('.'));
    assert.deepEqual(fields(TemplateDraftSchema.safeParse({ ...base, title: 'X\u0000\u202e' })), ['title']);
    assert.deepEqual(fields(TemplateDraftSchema.safeParse({ ...base, body: 'Beste klant, klaar\u0007.' })), ['body']);
    assert.deepEqual(fields(TemplateDraftSchema.safeParse({ ...base, body: 'Beste klant,\nuw auto is klaar.' })), []);
    assert.deepEqual(fields(TemplateDraftSchema.safeParse({ ...base, footer: 'Groet\nTeam' })), ['footer']);
  });
});
