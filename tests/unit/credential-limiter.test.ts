import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CredentialLimiter, TooManyAttempts } from '../../src/backend/access/credential-limiter';
import { manualClock } from '../support/desktop';

const options = { perCredential: 3, perAddress: 5, windowMs: 60_000, maxKeys: 100 };

describe('credential limiter', () => {
  it('refuses a credential after its failures, until the window has passed; another credential is not touched', () => {
    const clock = manualClock(0);
    const limiter = new CredentialLimiter(clock, options);
    const guess = { credential: 'email:sanne@example.nl', address: '10.0.0.1' };
    for (let i = 0; i < 3; i++) {
      assert.equal(limiter.retryAfter(guess), 0);
      limiter.fail(guess);
    }
    assert.equal(limiter.retryAfter(guess), 60_000);
    assert.equal(limiter.retryAfter({ credential: 'email:piet@example.nl', address: '10.0.0.1' }), 0, 'the address has 3 of its 5');
    clock.advance(30_000);
    assert.equal(limiter.retryAfter(guess), 30_000);
    clock.advance(30_001);
    assert.equal(limiter.retryAfter(guess), 0);
  });

  it('refuses an address after its own (higher) number of failures, whatever credential it presents', () => {
    const limiter = new CredentialLimiter(manualClock(0), options);
    for (let i = 0; i < 5; i++) limiter.fail({ credential: `bearer:${i}`, address: '10.0.0.2' });
    assert.ok(limiter.retryAfter({ credential: 'bearer:new', address: '10.0.0.2' }) > 0);
    assert.equal(limiter.retryAfter({ credential: 'bearer:new', address: '10.0.0.3' }), 0, 'another address is free');
  });

  it('forgets a credential\'s failures once it succeeds', () => {
    const limiter = new CredentialLimiter(manualClock(0), options);
    const attempt = { credential: 'email:a@b.nl', address: '10.0.0.4' };
    limiter.fail(attempt);
    limiter.fail(attempt);
    limiter.succeeded(attempt);
    limiter.fail(attempt);
    assert.equal(limiter.retryAfter(attempt), 0, 'one failure since the success');
  });

  it('counts a costly attempt when it begins, so parallel ones see each other; one that did not fail is taken back', () => {
    const limiter = new CredentialLimiter(manualClock(0), options);
    const attempt = { credential: 'email:c@d.nl', address: '10.0.0.5' };
    const charges = [limiter.begin(attempt), limiter.begin(attempt), limiter.begin(attempt)];
    assert.throws(() => limiter.begin(attempt), (error: unknown) => error instanceof TooManyAttempts && error.retryAfterMs === 60_000);
    limiter.release(charges[0]!);
    assert.equal(limiter.retryAfter(attempt), 0, 'the one taken back no longer counts');
    limiter.begin(attempt);
    assert.ok(limiter.retryAfter(attempt) > 0);
    // The address counted the attempts too, and forgets those taken back.
    const other = { credential: 'email:e@f.nl', address: '10.0.0.5' };
    limiter.begin(other);
    limiter.begin(other);
    assert.ok(limiter.retryAfter({ credential: 'email:g@h.nl', address: '10.0.0.5' }) > 0, '5 of the address’s 5');
    limiter.release(charges[1]!);
    assert.equal(limiter.retryAfter({ credential: 'email:g@h.nl', address: '10.0.0.5' }), 0);
  });

  it('keeps its memory bounded: the least recently failing keys are forgotten first', () => {
    const clock = manualClock(0);
    const limiter = new CredentialLimiter(clock, { ...options, maxKeys: 10 });
    const hot = { credential: 'bearer:hot', address: '10.0.0.9' };
    for (let i = 0; i < 3; i++) limiter.fail(hot);
    for (let i = 0; i < 1000; i++) {
      limiter.fail({ credential: `bearer:${i}`, address: '10.0.0.9' });
      assert.ok(limiter.size <= 10, `at most 10 keys (was ${limiter.size})`);
    }
    assert.ok(limiter.retryAfter({ credential: 'bearer:other', address: '10.0.0.9' }) > 0, 'the address, failing all along, is still remembered');
    assert.equal(limiter.retryAfter({ credential: 'bearer:hot', address: '10.0.0.10' }), 0, 'the credential that stopped failing was forgotten');
  });
});
