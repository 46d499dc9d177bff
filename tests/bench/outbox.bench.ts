import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import { IMPORT_PIECE_BYTES } from '../../src/api/import';
import { APPOINTMENTS_PER_BATCH } from '../../src/api/limits';
import { addDays } from '../../src/domain/calendar-date';
import { localDateAt } from '../../src/domain/zoned-time';
import { call } from '../support/backend';
import { connectedCore, settled, startOrganisation } from '../support/connected';
import { DEALERSHIP } from '../support/desktop';
import { dealerCsv } from './fixtures';
import { report } from './report';

const ROWS = 100_000;

async function until(check: () => boolean | Promise<boolean>): Promise<void> {
  while (!(await check())) await new Promise((resolve) => setTimeout(resolve, 50));
}

/**
 * 100,000 rows imported on a desktop until the backend has them all: the import, the outbox's
 * batches (by count and bytes) and the backend's per-row answers. Beside it, in the same run,
 * the same rows posted straight to the backend's batch endpoint, one batch after another: the
 * ceiling the outbox drains against.
 */
export async function benchOutbox(): Promise<void> {
  const organisation = await startOrganisation();
  const backendCount = async (source: string) =>
    (await organisation.backend().store.sql.get(sql<{ n: number }>`SELECT count(*) AS n FROM appointments WHERE source = ${source}`))!.n;
  try {
    // Dated ahead, so that the board is not a year of held-over cards.
    const middle = addDays(localDateAt(Date.now(), DEALERSHIP.zone), 181);
    const csv = Buffer.from(dealerCsv(ROWS, middle), 'utf8');

    const direct = csv
      .toString('utf8')
      .split('\r\n')
      .slice(1, -1)
      .map((line) => {
        const [id, branch, date, time, name, , , plate, make, model, work, workOrder, owner] = line.split(';');
        const [d, m, y] = date!.split('-');
        return { inbox: organisation.inbox, source: 'direct', branch, sourceId: id, date: `${y}-${m}-${d}`, time, plate, make, model, work, workOrder, owner, contact: { profile: { name } } };
      });
    const t0 = performance.now();
    for (let i = 0; i < direct.length; i += APPOINTMENTS_PER_BATCH) {
      const res = await call(organisation.url, organisation.org.token, 'POST', '/v2/appointments/batch', { appointments: direct.slice(i, i + APPOINTMENTS_PER_BATCH) });
      if (res.status !== 200) throw new Error(`the backend refused a batch: ${JSON.stringify(res.body).slice(0, 300)}`);
    }
    const directSeconds = (performance.now() - t0) / 1000;
    if ((await backendCount('direct')) !== ROWS) throw new Error('the direct batches did not all arrive');

    const desktop = connectedCore(organisation);
    try {
      await settled(desktop.core);
      const { handlers } = desktop.core;
      const t1 = performance.now();
      const { uploadId } = await handlers.beginImportUpload({ fileName: 'bench.csv', size: csv.length });
      for (let offset = 0; offset < csv.length; offset += IMPORT_PIECE_BYTES) {
        await handlers.appendImportPiece({ uploadId, offset, contentBase64: csv.subarray(offset, offset + IMPORT_PIECE_BYTES).toString('base64') });
      }
      const preview = await handlers.previewImport({ uploadId, source: 'bench' });
      const imported = await handlers.runImport({ uploadId, source: 'bench', inboxId: organisation.inbox, mapping: preview.mapping });
      if (imported.created !== ROWS) throw new Error(`the import created ${imported.created} of ${ROWS}`);
      await until(async () => (await backendCount('bench')) === ROWS && desktop.core.context.sync.connection().pending === 0);
      const drainSeconds = (performance.now() - t1) / 1000;
      report('outbox_drain_100k_rows_s', drainSeconds, 's');
      report('backend_batches_100k_rows_s', directSeconds, 's');
      report('outbox_drain_share_of_backend', (100 * directSeconds) / drainSeconds, '%');
    } finally {
      desktop.core.close();
    }
  } finally {
    await organisation.close();
  }
}
