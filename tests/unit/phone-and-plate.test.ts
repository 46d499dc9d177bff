import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { normalisePhone } from '../../src/domain/phone';
import { displayPlate, plateKey } from '../../src/domain/plate';
import { positionBetween } from '../../src/domain/position';

describe('normalisePhone', () => {
  it('reads Dutch national numbers in the dealership’s country', () => {
    for (const raw of ['06 12345678', '0612345678', '06-1234 5678', '+31 6 12345678', '0031612345678']) {
      assert.deepEqual(normalisePhone(raw, 'NL'), { ok: true, e164: '+31612345678' }, raw);
    }
  });

  it('keeps the country of international numbers', () => {
    assert.deepEqual(normalisePhone('+32 470 12 34 56', 'NL'), { ok: true, e164: '+32470123456' });
    assert.deepEqual(normalisePhone('07911 123456', 'GB'), { ok: true, e164: '+447911123456' });
    assert.deepEqual(normalisePhone('0470 12 34 56', 'BE'), { ok: true, e164: '+32470123456' });
  });

  it('refuses what is not a phone number, saying which value', () => {
    const short = normalisePhone('0612', 'NL');
    assert.equal(short.ok, false);
    assert.match(!short.ok ? short.reason : '', /"0612" is not a valid phone number/);
    assert.equal(normalisePhone('bel me', 'NL').ok, false);
    assert.equal(normalisePhone('', 'NL').ok, false);
  });
});

describe('plates', () => {
  it('matches plates whatever the dashes and case', () => {
    assert.equal(plateKey('12-abc-3'), '12ABC3');
    assert.equal(plateKey(' 12 ABC 3 '), '12ABC3');
    assert.equal(displayPlate(' gz-318-k '), 'GZ-318-K');
  });
});

describe('positionBetween', () => {
  it('places a card between, before or after its neighbours', () => {
    assert.equal(positionBetween(100, 200, 0), 150);
    assert.equal(positionBetween(100, null, 0), 60_100);
    assert.equal(positionBetween(null, 200_000, 0), 140_000);
    assert.equal(positionBetween(null, null, 42), 42);
  });
});
