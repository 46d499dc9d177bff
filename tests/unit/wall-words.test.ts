import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { en } from '../../renderer/i18n/en';
import { nl } from '../../renderer/i18n/nl';
import { WALL_ERROR_CODES, wallErrorWords } from '../../renderer/wall/wall-words';

describe('the wall’s refusals in the page’s language', () => {
  it('words every refusal code the wall meets in English and in Dutch, never the host’s English message', () => {
    for (const code of WALL_ERROR_CODES) {
      const { key, vars } = wallErrorWords(code);
      assert.equal(key, `wall.error.${code}`);
      assert.deepEqual(vars, {});
      assert.ok(en[key] && nl[key], code);
      assert.notEqual(en[key], nl[key], `${code} has Dutch words of its own`);
    }
  });

  it('names a code it does not know, so it can still be looked up', () => {
    assert.deepEqual(wallErrorWords('RATE_LIMITED'), { key: 'wall.error.other', vars: { code: 'RATE_LIMITED' } });
    assert.match(nl['wall.error.other'], /\{code\}/);
    assert.ok(en['wall.tokenRefused'].startsWith('This address is no longer valid'));
    assert.ok(nl['wall.tokenRefused'].startsWith('Dit adres is niet meer geldig'));
  });
});
