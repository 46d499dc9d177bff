import { APPOINTMENTS_PER_BATCH, BATCH_BYTES_TARGET } from '../../api/limits';

/**
 * Splits rows into batches the backend takes: at most `maxRows` rows, and at most `maxBytes`
 * of JSON (the backend refuses a body over its limit as a whole, so a page of long work texts
 * must go in more requests). A row larger than `maxBytes` on its own goes alone; the backend
 * says whether it takes it. Order is kept.
 */
export function byteBatches<T>(rows: readonly T[], maxBytes = BATCH_BYTES_TARGET, maxRows = APPOINTMENTS_PER_BATCH): T[][] {
  const batches: T[][] = [];
  let current: T[] = [];
  let bytes = 0;
  for (const row of rows) {
    // The comma between rows and the brackets around them are counted generously.
    const size = Buffer.byteLength(JSON.stringify(row), 'utf8') + 1;
    if (current.length > 0 && (current.length >= maxRows || bytes + size > maxBytes)) {
      batches.push(current);
      current = [];
      bytes = 0;
    }
    current.push(row);
    bytes += size;
  }
  if (current.length > 0) batches.push(current);
  return batches;
}
