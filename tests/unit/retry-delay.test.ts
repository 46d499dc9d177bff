import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { retryDelay } from '../../src/domain/retry-delay';

const BACKOFF = { baseMs: 500, maxMs: 30_000 };

describe('retryDelay', () => {
  it('doubles the ceiling from the base at each failure, the wait in its upper half', () => {
    assert.equal(retryDelay(1, BACKOFF, () => 0), 250);
    assert.equal(retryDelay(1, BACKOFF, () => 1), 500);
    assert.equal(retryDelay(2, BACKOFF, () => 1), 1000);
    assert.equal(retryDelay(3, BACKOFF, () => 0), 1000);
    assert.equal(retryDelay(3, BACKOFF, () => 1), 2000);
    assert.equal(retryDelay(3, BACKOFF, () => 0.5), 1500);
  });

  it('never waits more than the maximum, however many failures (no overflow to Infinity or NaN)', () => {
    for (const failures of [7, 20, 100, 1100, Number.MAX_SAFE_INTEGER]) {
      assert.equal(retryDelay(failures, BACKOFF, () => 1), 30_000, `${failures} failures`);
      assert.equal(retryDelay(failures, BACKOFF, () => 0), 15_000, `${failures} failures`);
    }
  });

  it('waits the base before the first failure is counted (0) as after it (1)', () => {
    assert.equal(retryDelay(0, BACKOFF, () => 1), 500);
    assert.equal(retryDelay(-3, BACKOFF, () => 1), 500);
  });

  it('stays within [ceiling/2, ceiling] for every draw Math.random can give', () => {
    for (let failures = 1; failures <= 12; failures++) {
      const ceiling = Math.min(BACKOFF.maxMs, BACKOFF.baseMs * 2 ** (failures - 1));
      for (let i = 0; i < 200; i++) {
        const wait = retryDelay(failures, BACKOFF);
        assert.ok(wait >= ceiling / 2 && wait <= ceiling, `${wait} ms after ${failures} failures`);
        assert.ok(Number.isInteger(wait));
      }
    }
  });

  it('takes a maximum below the base as the ceiling from the start', () => {
    assert.equal(retryDelay(1, { baseMs: 5 * 60_000, maxMs: 60_000 }, () => 1), 60_000);
  });
});
