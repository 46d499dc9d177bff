import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { byteBatches } from '../../src/desktop/relay/appointment-batches';

const bytes = (batch: unknown[]) => Buffer.byteLength(JSON.stringify(batch), 'utf8');

describe('batches for the backend, by count and by bytes', () => {
  it('keeps every batch under the byte limit and the count, in order, losing nothing', () => {
    const rows = Array.from({ length: 1234 }, (_, i) => ({ i, work: 'é'.repeat(i % 7 === 0 ? 3000 : 40) }));
    const batches = byteBatches(rows, 64 * 1024, 500);
    assert.deepEqual(batches.flat(), rows);
    for (const batch of batches) {
      assert.ok(batch.length <= 500);
      assert.ok(bytes(batch) <= 64 * 1024, `a batch of ${bytes(batch)} bytes`);
    }
  });

  it('counts bytes, not characters: multi-byte text fills a batch sooner', () => {
    const ascii = Array.from({ length: 100 }, () => ({ t: 'a'.repeat(100) }));
    const accented = Array.from({ length: 100 }, () => ({ t: 'ë'.repeat(100) }));
    assert.ok(byteBatches(accented, 5000, 500).length > byteBatches(ascii, 5000, 500).length);
  });

  it('sends a row larger than the limit on its own', () => {
    const batches = byteBatches([{ t: 'a' }, { t: 'x'.repeat(500) }, { t: 'b' }], 100, 500);
    assert.deepEqual(batches.map((b) => b.length), [1, 1, 1]);
  });

  it('splits by count when the rows are small', () => {
    assert.deepEqual(byteBatches(Array.from({ length: 1001 }, (_, i) => i), 1e9, 500).map((b) => b.length), [500, 500, 1]);
  });
});
