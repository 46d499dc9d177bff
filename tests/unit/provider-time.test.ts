import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PROVIDER_CLOCK_AHEAD_MS, PROVIDER_REPORT_MAX_AGE_MS, providerInstant } from '../../src/domain/provider-time';

const NOW = Date.parse('2026-11-25T08:00:00Z');
const seconds = (ms: number) => String(Math.floor(ms / 1000));

describe('providerInstant: a channel’s Unix seconds', () => {
  it('reads whole seconds near now', () => {
    assert.deepEqual(providerInstant(seconds(NOW), NOW), { ok: true, at: NOW });
    assert.deepEqual(providerInstant(seconds(NOW - 6 * 24 * 3_600_000), NOW), { ok: true, at: NOW - 6 * 24 * 3_600_000 });
    assert.equal(providerInstant(seconds(NOW + PROVIDER_CLOCK_AHEAD_MS), NOW).ok, true, 'a provider clock slightly ahead');
    assert.equal(providerInstant(seconds(NOW - PROVIDER_REPORT_MAX_AGE_MS + 1000), NOW).ok, true);
  });

  it('refuses what is not a whole number of seconds', () => {
    for (const raw of ['', 'abc', '1.5e9', '-1764057600', '1764057600.5', ' 1764057600', '0x69255a00', '12345678901234567']) {
      const result = providerInstant(raw, NOW);
      assert.equal(result.ok, false, raw);
      assert.match((result as { reason: string }).reason, /not a whole number of seconds/);
    }
  });

  it('refuses milliseconds read as seconds, and instants far from now', () => {
    const ms = providerInstant(String(NOW), NOW);
    assert.equal(ms.ok, false);
    assert.match((ms as { reason: string }).reason, /in the future/);
    assert.equal(providerInstant(seconds(NOW + PROVIDER_CLOCK_AHEAD_MS + 1000), NOW).ok, false);
    assert.match((providerInstant('9999999999999999', NOW) as { reason: string }).reason, /^timestamp 9999999999999999 is in the future$/);
    const old = providerInstant('1', NOW);
    assert.equal(old.ok, false);
    assert.match((old as { reason: string }).reason, /more than 30 days old/);
    assert.equal(providerInstant(seconds(NOW - PROVIDER_REPORT_MAX_AGE_MS - 1000), NOW).ok, false);
  });
});
