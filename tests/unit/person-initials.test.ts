import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { initials } from '../../renderer/shell/initials';
import { personInitials, wordInitials } from '../../src/domain/person-initials';
import { advisorMark, nameInitials } from '../../src/domain/wall-card';

describe('a person’s initials, one rule for the board and the wall', () => {
  it('takes the first and the last word, so Sanne de Vries is SV everywhere', () => {
    assert.equal(personInitials('Sanne de Vries'), 'SV');
    assert.equal(personInitials('Sanne Visser'), 'SV');
    assert.equal(personInitials('noor bakker de Jong'), 'NJ');
    assert.equal(personInitials('Mark'), 'M');
    assert.equal(personInitials('— …'), '');
    // The board's badge and the wall's advisor mark are the same function's answer.
    for (const name of ['Sanne de Vries', 'Jan van der Berg', 'Émile Özdemir', '(Sanne) <Visser>']) {
      assert.equal(initials(name), personInitials(name));
      assert.equal(advisorMark(name), personInitials(name));
    }
  });

  it('skips words without a letter: a number in a name is not an initial', () => {
    assert.deepEqual(wordInitials('Klant 119 Achternaam'), ['K', 'A']);
    assert.equal(nameInitials('Klant 119 Achternaam'), 'K.A.');
    assert.equal(personInitials('Klant 119'), 'K');
    assert.equal(personInitials('Monteur 2'), 'M');
    // A word with a letter keeps its first sign, digit or not.
    assert.equal(personInitials('2e Monteur'), '2M');
    assert.equal(nameInitials('119 456'), null);
  });
});
