import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { filledTemplateText, mismatchWords, problemWords, sendableValue, takesHeaderValue, urlValueButtons, valueMismatches, valueProblems, type SendableTemplate } from '../../src/domain/template-values';

const READY: SendableTemplate = {
  header: 'Uw {{1}} is klaar',
  body: 'Beste {{1}}, uw auto staat klaar bij {{2}}. Tot zo!',
  footer: 'Autobedrijf Test',
  buttons: [
    { type: 'url', url: 'https://example.com/invoice/{{1}}' },
    { type: 'quick_reply' },
    { type: 'url', url: 'https://example.com' },
  ],
};

describe('a template’s values when it is sent', () => {
  it('takes the header’s {{1}} and the link buttons whose address ends in {{1}}, by their place among all buttons', () => {
    assert.equal(takesHeaderValue(READY), true);
    assert.equal(takesHeaderValue({ ...READY, header: 'Klaar' }), false);
    assert.equal(takesHeaderValue({ ...READY, header: null }), false);
    assert.deepEqual(urlValueButtons(READY), [0]);
    assert.deepEqual(urlValueButtons({ ...READY, buttons: [{ type: 'quick_reply' }, { type: 'url', url: 'https://a.nl/{{1}}' }] }), [1]);
  });

  it('is complete only with one value for each {{n}}, the header’s and each link’s', () => {
    assert.deepEqual(valueMismatches(READY, { parameters: ['Jan', 'Sanne'], headerParameter: 'AB-123-C', urlParameters: ['W-1001'] }), []);
    assert.deepEqual(valueMismatches(READY, { parameters: ['Jan', 'Sanne'] }), [
      { part: 'header', expected: 1, given: 0 },
      { part: 'url', expected: 1, given: 0 },
    ]);
    assert.deepEqual(valueMismatches({ ...READY, header: null, buttons: [] }, { parameters: ['Jan'], headerParameter: 'x', urlParameters: ['y', 'z'] }), [
      { part: 'body', expected: 2, given: 1 },
      { part: 'header', expected: 0, given: 1 },
      { part: 'url', expected: 0, given: 2 },
    ]);
  });

  it('says a mismatch in words', () => {
    assert.equal(mismatchWords({ part: 'header', expected: 1, given: 0 }), 'takes a value for its header; 0 were given');
    assert.equal(mismatchWords({ part: 'body', expected: 2, given: 1 }), 'takes 2 values for its text; 1 was given');
    assert.equal(mismatchWords({ part: 'url', expected: 0, given: 2 }), 'takes no values for its link buttons; 2 were given');
  });

  it('reads as header, body and footer, each filled, a blank line apart', () => {
    assert.equal(
      filledTemplateText(READY, { parameters: ['Jan', 'Sanne'], headerParameter: 'AB-123-C', urlParameters: ['W-1001'] }),
      'Uw AB-123-C is klaar\n\nBeste Jan, uw auto staat klaar bij Sanne. Tot zo!\n\nAutobedrijf Test',
    );
    assert.equal(filledTemplateText({ header: null, body: 'Hoi {{1}}.', footer: null, buttons: [] }, { parameters: ['Eva'] }), 'Hoi Eva.');
  });
});

describe('a value WhatsApp refuses itself (132018)', () => {
  it('finds line breaks, tabs, five spaces in a row and blanks in text values, and any space in a link\'s value', () => {
    assert.deepEqual(valueProblems({ parameters: ['Jan', 'regel\nnieuw', 'tab\there', 'vijf     spaties', '  '], headerParameter: 'AB\r', urlParameters: ['W-1001', 'W 1001'] }), [
      { part: 'body', index: 1, problem: 'line_break' },
      { part: 'body', index: 2, problem: 'line_break' },
      { part: 'body', index: 3, problem: 'spaces' },
      { part: 'body', index: 4, problem: 'blank' },
      { part: 'header', index: 0, problem: 'line_break' },
      { part: 'url', index: 1, problem: 'white_space' },
    ]);
    assert.deepEqual(valueProblems({ parameters: ['vier    spaties mag', 'W/1?x=1'], urlParameters: ['W/1?x=1'] }), []);
    assert.equal(problemWords({ part: 'body', index: 1, problem: 'line_break' }), 'value 2 of its text holds a line break or tab, which WhatsApp refuses in a template value');
  });

  it('puts planning data on one line for the values nobody typed', () => {
    assert.equal(sendableValue('  Banden wisselen\n\nen   APK\t '), 'Banden wisselen en APK');
  });
});
