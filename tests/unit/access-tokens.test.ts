import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { AccessTokens } from '../../src/backend/access/access-tokens';
import { manualClock } from '../support/desktop';

describe('access tokens', () => {
  const clock = manualClock(Date.parse('2026-11-25T08:00:00Z'));
  const key = new Uint8Array(randomBytes(32));
  const tokens = new AccessTokens(key, clock);
  const sign = () => tokens.sign({ subject: 'u1', organization: 'o1', role: 'advisor', session: 's1' });
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

  it('takes its own token until it ends, 15 minutes on', async () => {
    const { token, expiresIn } = await sign();
    assert.equal(expiresIn, 900);
    const verified = tokens.verify(token);
    assert.ok(verified.ok);
    assert.deepEqual({ ...verified.claims, iat: 0, exp: 0 }, { _id: 'u1', organization: 'o1', scope: 'advisor', sid: 's1', iat: 0, exp: 0 });
    clock.advance(899_000);
    assert.equal(tokens.verify(token).ok, true);
    clock.advance(1000);
    assert.deepEqual(tokens.verify(token), { ok: false, refusal: 'expired' });
  });

  it('refuses a changed claim, another key, and the "none" algorithm', async () => {
    const { token } = await sign();
    const [header, payload, signature] = token.split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
    assert.deepEqual(tokens.verify(`${header}.${part({ ...claims, scope: 'manager' })}.${signature}`), { ok: false, refusal: 'invalid' });
    const other = new AccessTokens(new Uint8Array(randomBytes(32)), clock);
    assert.deepEqual(other.verify(token), { ok: false, refusal: 'invalid' });
    assert.deepEqual(tokens.verify(`${part({ alg: 'none', typ: 'JWT' })}.${payload}.`), { ok: false, refusal: 'invalid' });
    assert.deepEqual(tokens.verify('not.a.token'), { ok: false, refusal: 'invalid' });
  });
});
