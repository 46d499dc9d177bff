import type { StoredSource } from '../cache/sources-repo';
import type { Connector } from './connector';
import type { CoreContext } from '../handlers/context';
import { storeBatch } from './source-runner';

const MAX_RETRY_ROWS = 50_000;

/**
 * Reads a source's open quarantined rows again with the mapping as it is now and stores them
 * through the pipeline: fixed rows become appointments, the others are quarantined again with
 * today's reason. One import per original import, since each was read under its own header.
 */
export function retryQuarantined(ctx: CoreContext, source: StoredSource, connector: Connector): { retried: number; stillQuarantined: number } {
  const open = ctx.sources.openQuarantined(source.id, MAX_RETRY_ROWS);
  const byImport = new Map<string, typeof open>();
  for (const row of open) {
    const rows = byImport.get(row.importId);
    if (rows) rows.push(row);
    else byImport.set(row.importId, [row]);
  }
  let stillQuarantined = 0;
  for (const [, rows] of byImport) {
    const { recordFormat, header, batch } = rows[0]!;
    const records = connector.reread(recordFormat, header, rows);
    const report = storeBatch(ctx, source, { label: `Retry: ${batch}`, format: recordFormat, header, records, sha256: '', ignoredColumns: [] });
    ctx.sources.markRetried(rows, report.id);
    stillQuarantined += report.quarantined;
  }
  return { retried: open.length, stillQuarantined };
}
