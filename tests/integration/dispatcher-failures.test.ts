import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createDispatcher } from '../../src/desktop/api-dispatcher';
import { startCore } from '../support/desktop';

describe('the BoardApi dispatcher never takes the core down', () => {
  it('answers a handler’s unexpected error as INTERNAL, even when the logger cannot write it', async (t) => {
    const core = startCore({ sample: false });
    t.after(() => core.close());
    const logged: unknown[] = [];
    const throwingLogger = {
      info() {},
      warn() {},
      error(entry: unknown) {
        logged.push(entry);
        throw new RangeError('Invalid string length');
      },
    };
    const handlers = { ...core.handlers, getBoard: () => { throw new RangeError('Maximum call stack size exceeded'); } };
    const dispatch = createDispatcher(handlers, throwingLogger);
    const answer = await dispatch('getBoard', {});
    assert.deepEqual(answer, { ok: false, error: { code: 'INTERNAL', message: 'Something went wrong on this computer; the details are in the log.' } });
    assert.equal(logged.length, 1, 'it tried to log it');
    assert.equal((await dispatch('listInboxes', {})).ok, true, 'and goes on');
  });

  it('refuses input nested far beyond the stack in words, not with a crash', async (t) => {
    const core = startCore({ sample: false });
    t.after(() => core.close());
    let nested: unknown = 'x';
    for (let i = 0; i < 200_000; i++) nested = [nested];
    const answer = await core.dispatch('setInboxFilter', { inboxIds: nested });
    assert.equal(answer.ok, false);
    assert.ok(!answer.ok && ['INVALID_INPUT', 'INTERNAL'].includes(answer.error.code));
    assert.equal((await core.dispatch('listInboxes', {})).ok, true);
  });
});
