import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compileMapping, fieldsOfRecord, parseRule, pathProblems } from '../../src/desktop/sync/record-mapping';

const ZONE = 'Europe/Amsterdam';

describe('record mapping (field → path)', () => {
  const record = {
    id: 'A1',
    start: '2026-11-25T08:30:00Z',
    wall: '2026-03-29T02:30:00',
    customer: { name: 'Eva', phones: [{ number: '0612' }, { number: '0613' }] },
    jobs: [{ description: 'APK' }, { description: 'Banden' }],
    status: 'No_Show',
  };

  it('reads values by path, through arrays, and the date or time of a timestamp in the dealership zone', () => {
    const fields = fieldsOfRecord(
      record,
      compileMapping({ sourceId: 'id', date: 'start|date', time: 'start|time', customerName: 'customer.name', phone: 'customer.phones.number', work: 'jobs.description' }),
      ZONE,
    );
    assert.deepEqual(fields, { sourceId: 'A1', date: '2026-11-25', time: '09:30', customerName: 'Eva', phone: '0612, 0613', work: 'APK, Banden' });
  });

  it('keeps a wall-clock timestamp as the time it shows, even in the spring gap', () => {
    assert.deepEqual(fieldsOfRecord(record, compileMapping({ date: 'wall|date', time: 'wall|time' }), ZONE), { date: '2026-03-29', time: '02:30' });
  });

  it('turns a status into yes or no by a list of values, case-insensitively', () => {
    assert.equal(fieldsOfRecord(record, compileMapping({ cancelled: 'status=CANCELLED/NO_SHOW' }), ZONE).cancelled, 'yes');
    assert.equal(fieldsOfRecord(record, compileMapping({ cancelled: 'status=CANCELLED' }), ZONE).cancelled, 'no');
  });

  it('leaves a missing path empty and refuses a rule that is not a path', () => {
    assert.deepEqual(fieldsOfRecord(record, compileMapping({ email: 'customer.email' }), ZONE), { email: undefined });
    assert.equal(parseRule('customer name'), null);
    assert.deepEqual(pathProblems({ email: 'customer..email', phone: 'customer.phone' }).length, 1);
  });
});
