import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isValidZone, localDateAt, localTimeAt, zonedToUtc } from '../../src/domain/zoned-time';

const AMS = 'Europe/Amsterdam';
const iso = (ms: number) => new Date(ms).toISOString();

describe('zonedToUtc in Europe/Amsterdam', () => {
  it('uses +01:00 in winter and +02:00 in summer', () => {
    assert.equal(iso(zonedToUtc('2026-01-15', '09:30', AMS)), '2026-01-15T08:30:00.000Z');
    assert.equal(iso(zonedToUtc('2026-07-15', '09:30', AMS)), '2026-07-15T07:30:00.000Z');
  });

  it('on the spring-forward day (29 March 2026) handles both sides of the switch', () => {
    assert.equal(iso(zonedToUtc('2026-03-29', '01:30', AMS)), '2026-03-29T00:30:00.000Z');
    assert.equal(iso(zonedToUtc('2026-03-29', '03:00', AMS)), '2026-03-29T01:00:00.000Z');
    assert.equal(iso(zonedToUtc('2026-03-29', '09:00', AMS)), '2026-03-29T07:00:00.000Z');
  });

  it('reads a time in the spring gap as the same clock reading after the jump', () => {
    // 02:30 does not exist; the watch set forward reads 03:30 CEST.
    assert.equal(iso(zonedToUtc('2026-03-29', '02:30', AMS)), '2026-03-29T01:30:00.000Z');
    assert.equal(localTimeAt(zonedToUtc('2026-03-29', '02:30', AMS), AMS), '03:30');
  });

  it('reads a time in the autumn overlap (25 October 2026) as its first occurrence', () => {
    assert.equal(iso(zonedToUtc('2026-10-25', '02:30', AMS)), '2026-10-25T00:30:00.000Z');
    assert.equal(iso(zonedToUtc('2026-10-25', '03:30', AMS)), '2026-10-25T02:30:00.000Z');
    assert.equal(iso(zonedToUtc('2026-10-25', '01:59', AMS)), '2026-10-24T23:59:00.000Z');
  });

  it('keeps appointment order on the switch days for the times that exist once', () => {
    for (const [day, times] of [
      ['2026-03-29', ['00:30', '01:30', '01:59', '03:00', '03:30', '08:00']],
      ['2026-10-25', ['00:30', '01:30', '02:00', '02:30', '03:00', '03:30', '08:00']],
    ] as const) {
      const instants = times.map((t) => zonedToUtc(day, t, AMS));
      for (let i = 1; i < instants.length; i++) assert.ok(instants[i]! >= instants[i - 1]!, `${day} ${times[i]}`);
    }
  });

  it('works for other zones of the dealerships', () => {
    assert.equal(iso(zonedToUtc('2026-07-01', '09:00', 'Europe/London')), '2026-07-01T08:00:00.000Z');
    assert.equal(iso(zonedToUtc('2026-07-01', '09:00', 'Europe/Brussels')), '2026-07-01T07:00:00.000Z');
  });
});

describe('localDateAt', () => {
  it('gives the Amsterdam date, which differs from UTC around midnight', () => {
    assert.equal(localDateAt(Date.parse('2026-11-24T23:30:00Z'), AMS), '2026-11-25');
    assert.equal(localDateAt(Date.parse('2026-11-24T22:59:59Z'), AMS), '2026-11-24');
    assert.equal(localDateAt(Date.parse('2026-07-14T22:00:00Z'), AMS), '2026-07-15');
  });

  it('turns the day at local midnight on the switch days', () => {
    assert.equal(localDateAt(Date.parse('2026-03-29T22:00:00Z'), AMS), '2026-03-30');
    assert.equal(localDateAt(Date.parse('2026-03-29T21:59:00Z'), AMS), '2026-03-29');
    assert.equal(localDateAt(Date.parse('2026-10-25T23:00:00Z'), AMS), '2026-10-26');
    assert.equal(localDateAt(Date.parse('2026-10-25T22:59:00Z'), AMS), '2026-10-25');
  });
});

describe('isValidZone', () => {
  it('accepts IANA zones and refuses others', () => {
    assert.equal(isValidZone('Europe/Amsterdam'), true);
    assert.equal(isValidZone('Mars/Olympus'), false);
  });
});
