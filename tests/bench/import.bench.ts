import { createHash, randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { AppointmentsRepo, STORE_APPOINTMENT } from '../../src/desktop/cache/appointments-repo';
import { ContactsRepo } from '../../src/desktop/cache/contacts-repo';
import { ImportLogRepo } from '../../src/desktop/cache/import-log-repo';
import { searchTextOf } from '../../src/desktop/cache/search-text';
import { readCsv } from '../../src/desktop/sync/csv-file';
import { csvRecords } from '../../src/desktop/sync/csv-import';
import { defaultMapping } from '../../src/desktop/sync/field-mapping';
import { runPipeline } from '../../src/desktop/sync/import-pipeline';
import { normaliseRow, type RawFields } from '../../src/api/normalise-row';
import { transactionOf } from '../../src/sqlite/transaction';
import { DEALERSHIP } from '../support/desktop';
import { benchCache, dealerCsv } from './fixtures';
import { median, report } from './report';

const ROWS = 100_000;
const RUNS = 3;

function freshStores() {
  const db = benchCache();
  return { db, transaction: transactionOf(db), appointments: new AppointmentsRepo(db), contacts: new ContactsRepo(db), importLog: new ImportLogRepo(db) };
}

/** The whole pipeline on a 100,000-row export, beside raw inserts of the same rows. */
export function benchImport(): void {
  const bytes = Buffer.from(dealerCsv(ROWS, '2026-11-25'), 'utf8');
  const pipelineRates: number[] = [];
  const ceilingRates: number[] = [];

  for (let run = 0; run < RUNS; run++) {
    const stores = freshStores();
    const t0 = performance.now();
    const table = readCsv(bytes);
    const mapping = defaultMapping(table.headers);
    const result = runPipeline(
      stores,
      {
        ...DEALERSHIP,
        source: 'bench',
        inboxId: 'i',
        fileName: 'bench.csv',
        fileSha256: createHash('sha256').update(bytes).digest('hex'),
        ignoredColumns: [],
        recordFormat: 'csv',
        header: table.headerLine,
      },
      csvRecords(table, mapping),
      Date.now(),
    );
    const seconds = (performance.now() - t0) / 1000;
    if (result.created !== ROWS) throw new Error(`pipeline created ${result.created} of ${ROWS} (${result.quarantined} quarantined)`);
    pipelineRates.push(ROWS / seconds);
    stores.db.close();

    // The ceiling: the same rows, already normalised, one prepared statement in one transaction.
    const rows = [...csvRecords(table, mapping)].map((r) => {
      const n = normaliseRow(r.fields as RawFields, DEALERSHIP);
      if (!n.ok) throw new Error(JSON.stringify(n.problems));
      const a = n.value;
      return {
        ...a,
        id: randomUUID(),
        source: 'bench',
        inboxId: 'i',
        zone: DEALERSHIP.zone,
        contactId: null,
        column: 'new',
        colour: 'none',
        position: a.startsAt,
        finishedOn: null,
        advisor: null,
        remoteColumn: null,
        takeColumn: 0,
        takeColour: 0,
        takeAdvisor: 0,
        cancelled: 0,
        rowHash: 'x',
        searchText: searchTextOf({ ...a, name: a.customerName }),
        now: 0,
      };
    });
    const raw = freshStores();
    const insert = raw.db.prepare(STORE_APPOINTMENT);
    const t1 = performance.now();
    raw.db.transaction(() => {
      for (const row of rows) insert.run(row);
    })();
    ceilingRates.push(ROWS / ((performance.now() - t1) / 1000));
    raw.db.close();
  }
  const pipeline = median(pipelineRates);
  const ceiling = median(ceilingRates);
  report('import_100k_rows_per_s', pipeline, 'rows/s');
  report('sqlite_insert_ceiling_rows_per_s', ceiling, 'rows/s');
  report('import_share_of_ceiling', (100 * pipeline) / ceiling, '%');
}
