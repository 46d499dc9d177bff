import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { shellLocale, shellWord, waitingWords, type ShellWord } from '../../src/shell/shell-words';

describe('the main process’s words', () => {
  it('follow the person’s chosen language, else the system’s', () => {
    assert.equal(shellLocale('en', 'nl-NL'), 'en');
    assert.equal(shellLocale(null, 'nl-BE'), 'nl');
    assert.equal(shellLocale(null, 'NL'), 'nl');
    assert.equal(shellLocale(null, 'de-DE'), 'en');
  });

  it('count the waiting customers in full, in both languages', () => {
    assert.deepEqual([0, 1, 12].map((n) => waitingWords('en', n)), ['No customers waiting', '1 customer waiting', '12 customers waiting']);
    assert.deepEqual([0, 1, 12].map((n) => waitingWords('nl', n)), ['Geen klanten wachten', '1 klant wacht', '12 klanten wachten']);
  });

  it('refuse to show a placeholder nobody filled', () => {
    assert.equal(shellWord('nl', 'notification.reply', { name: 'Eva de Vries' }), 'Eva de Vries reageerde');
    assert.throws(() => shellWord('en', 'notification.reply' as ShellWord), /needs \{name\}/);
  });
});
