import type { Database, Statement } from 'better-sqlite3';
import { z } from 'zod';
import {
  ColumnMappingSchema,
  IMPORT_ROWS_PAGE,
  ImportProblemSchema,
  type ColumnMapping,
  type ImportReport,
  type ImportReportSummary,
  type QuarantinedRow,
  type RefusedRow,
  type RevisedRow,
} from '../../api/import';
import { RefusalSchema } from '../../api/appointment';
import type { UpsertOutcome } from './appointments-repo';

/** What a run did so far, row by row summed up. */
export interface ImportCounts {
  totalRows: number;
  created: number;
  updated: number;
  unchanged: number;
  quarantined: number;
  revised: number;
}

type RunRow = {
  id: string;
  source: string;
  file_name: string;
  imported_at: number;
  finished_at: number | null;
  total_rows: number;
  created: number;
  updated: number;
  unchanged: number;
  ignored_columns: string;
  quarantined_count: number;
  revised_count: number;
  refused_count: number;
};

const RUN_SELECT = `SELECT r.*,
    (SELECT count(*) FROM quarantined_rows q WHERE q.import_id = r.id) AS quarantined_count,
    (SELECT count(*) FROM revised_rows v WHERE v.import_id = r.id) AS revised_count,
    (SELECT count(*) FROM refused_rows f WHERE f.import_id = r.id) AS refused_count
  FROM import_runs r`;

const ProblemsSchema = z.array(ImportProblemSchema).min(1);

/**
 * Every import run with its counts, its quarantined rows (with their problems as codes) and the
 * rows that revised an earlier row of the same file; the mapping per source. A run is written
 * as it goes, chunk by chunk, and marked finished at its end.
 */
export class ImportLogRepo {
  private readonly insertQuarantined: Statement<[string, number, string, string, string | null]>;
  private readonly insertRevised: Statement<[string, number, number, string, string]>;
  private readonly rememberKey: Statement<[string, string, number, string]>;
  private readonly findKeys: Statement<[string, string], { key: string; rowNumber: number; outcome: UpsertOutcome }>;
  private readonly updateCounts: Statement<[number, number, number, number, string]>;

  constructor(private readonly db: Database) {
    // A run's appointments so far, to tell a later row of one from a new one: on disk (the
    // temp database), so that a 1,000,000-row file does not hold a million keys in memory.
    db.exec(`CREATE TEMP TABLE IF NOT EXISTS import_run_keys (
      import_id  TEXT NOT NULL,
      key        TEXT NOT NULL,
      row_number INTEGER NOT NULL,
      outcome    TEXT NOT NULL,
      PRIMARY KEY (import_id, key)
    ) WITHOUT ROWID`);
    // Its pages are read back from the temp file when needed; a large cache of them would only
    // raise the memory an import takes (1,000,000 keys are ~50 MB).
    db.pragma('temp.cache_size = -2048');
    this.insertQuarantined = db.prepare('INSERT INTO quarantined_rows (import_id, row_number, problems, raw, record_key) VALUES (?, ?, ?, ?, ?)');
    this.insertRevised = db.prepare('INSERT INTO revised_rows (import_id, row_number, replaced_row, branch, source_id) VALUES (?, ?, ?, ?, ?)');
    this.rememberKey = db.prepare(
      `INSERT INTO temp.import_run_keys (import_id, key, row_number, outcome) VALUES (?, ?, ?, ?)
       ON CONFLICT (import_id, key) DO UPDATE SET row_number = excluded.row_number, outcome = excluded.outcome`,
    );
    this.findKeys = db.prepare(
      `SELECT key, row_number AS rowNumber, outcome FROM temp.import_run_keys
       WHERE import_id = ? AND key IN (SELECT value FROM json_each(?))`,
    );
    this.updateCounts = db.prepare('UPDATE import_runs SET total_rows = ?, created = ?, updated = ?, unchanged = ? WHERE id = ?');
  }

  /** A run that has started; until finish() it reads as one that stopped before its end. */
  begin(
    run: { id: string; source: string; fileName: string; importedAt: number; ignoredColumns: string[] },
    fileSha256: string,
    recordFormat: 'csv' | 'json',
    header: string | null,
  ): void {
    this.db
      .prepare(
        `INSERT INTO import_runs (id, source, file_name, file_sha256, imported_at, total_rows, created,
           updated, unchanged, ignored_columns, record_format, header)
         VALUES (?, ?, ?, ?, ?, 0, 0, 0, 0, ?, ?, ?)`,
      )
      .run(run.id, run.source, run.fileName, fileSha256, run.importedAt, JSON.stringify(run.ignoredColumns), recordFormat, header);
  }

  /** A chunk's quarantined rows (each with its appointment's key, when it had an id) and revised rows. */
  addRows(importId: string, quarantined: Array<{ row: QuarantinedRow; key: string | null }>, revised: RevisedRow[]): void {
    for (const { row, key } of quarantined) this.insertQuarantined.run(importId, row.rowNumber, JSON.stringify(row.problems), row.raw, key);
    for (const r of revised) this.insertRevised.run(importId, r.rowNumber, r.replacedRow, r.branch, r.sourceId);
  }

  setCounts(importId: string, counts: ImportCounts): void {
    this.updateCounts.run(counts.totalRows, counts.created, counts.updated, counts.unchanged, importId);
  }

  finish(importId: string, counts: ImportCounts, now: number): void {
    this.setCounts(importId, counts);
    this.db.prepare('UPDATE import_runs SET finished_at = ? WHERE id = ?').run(now, importId);
    this.db.prepare('DELETE FROM temp.import_run_keys WHERE import_id = ?').run(importId);
  }

  /** The row and outcome each of these appointments had earlier in the run, when it had one. */
  runKeys(importId: string, keys: string[]): Map<string, { rowNumber: number; outcome: UpsertOutcome }> {
    const found = new Map<string, { rowNumber: number; outcome: UpsertOutcome }>();
    if (keys.length === 0) return found;
    for (const { key, ...row } of this.findKeys.iterate(importId, JSON.stringify(keys))) found.set(key, row);
    return found;
  }

  rememberRunKeys(importId: string, rows: Array<{ key: string; rowNumber: number; outcome: UpsertOutcome }>): void {
    for (const row of rows) this.rememberKey.run(importId, row.key, row.rowNumber, row.outcome);
  }

  /** Open quarantined rows of the source's older imports for appointments this import brought again are settled by it. */
  settleQuarantined(source: string, importId: string, keys: Set<string>): void {
    if (keys.size === 0) return;
    this.db
      .prepare(
        `UPDATE quarantined_rows SET retried_in = ?
         WHERE retried_in IS NULL AND import_id <> ? AND record_key IN (SELECT value FROM json_each(?))
           AND import_id IN (SELECT id FROM import_runs WHERE source = ?)`,
      )
      .run(importId, importId, JSON.stringify([...keys]), source);
  }

  /** The most recent runs, newest first, as far back as `limit`. */
  recent(limit = 50): ImportReportSummary[] {
    return this.db
      .prepare<[number], RunRow>(`${RUN_SELECT} ORDER BY imported_at DESC LIMIT ?`)
      .all(limit)
      .map(summaryOf);
  }

  /** A run with the first page of its quarantined and revised rows. */
  get(id: string): ImportReport | undefined {
    const run = this.db.prepare<[string], RunRow>(`${RUN_SELECT} WHERE id = ?`).get(id);
    if (!run) return undefined;
    return { ...summaryOf(run), ...this.rows(id, 0, IMPORT_ROWS_PAGE) };
  }

  /**
   * Rows of a run the backend refused once they were sent (the import itself had taken them);
   * a run that is gone (its log trimmed) is passed over.
   */
  addRefused(importId: string, rows: RefusedRow[], now: number): void {
    const insert = this.db.prepare(
      `INSERT INTO refused_rows (import_id, appointment_id, branch, source_id, refusal, refused_at)
       SELECT @importId, @appointmentId, @branch, @sourceId, @refusal, @now WHERE EXISTS (SELECT 1 FROM import_runs WHERE id = @importId)
       ON CONFLICT (import_id, appointment_id) DO UPDATE SET refusal = excluded.refusal, refused_at = excluded.refused_at`,
    );
    for (const row of rows) insert.run({ importId, ...row, refusal: JSON.stringify(row.refusal), now });
  }

  /** A page of a run's quarantined rows, of its revised rows (in row order) and of its refused rows. */
  rows(id: string, offset: number, limit: number): { quarantined: QuarantinedRow[]; revised: RevisedRow[]; refused: RefusedRow[] } {
    const quarantined = this.db
      .prepare<[string, number, number], { rowNumber: number; problems: string; raw: string }>(
        'SELECT row_number AS rowNumber, problems, raw FROM quarantined_rows WHERE import_id = ? ORDER BY row_number LIMIT ? OFFSET ?',
      )
      .all(id, limit, offset)
      .map((r) => ({ rowNumber: r.rowNumber, raw: r.raw, problems: ProblemsSchema.parse(JSON.parse(r.problems)) }));
    const revised = this.db
      .prepare<[string, number, number], RevisedRow>(
        `SELECT row_number AS rowNumber, replaced_row AS replacedRow, branch, source_id AS sourceId
         FROM revised_rows WHERE import_id = ? ORDER BY row_number LIMIT ? OFFSET ?`,
      )
      .all(id, limit, offset);
    const refused = this.db
      .prepare<[string, number, number], { appointmentId: string; branch: string; sourceId: string; refusal: string }>(
        `SELECT appointment_id AS appointmentId, branch, source_id AS sourceId, refusal
         FROM refused_rows WHERE import_id = ? ORDER BY source_id, branch LIMIT ? OFFSET ?`,
      )
      .all(id, limit, offset)
      .map((r) => ({ ...r, refusal: RefusalSchema.parse(JSON.parse(r.refusal)) }));
    return { quarantined, revised, refused };
  }

  mappingFor(source: string): ColumnMapping | undefined {
    const row = this.db
      .prepare<[string], { mapping: string }>('SELECT mapping FROM import_mappings WHERE source = ?')
      .get(source);
    if (!row) return undefined;
    const parsed = ColumnMappingSchema.safeParse(JSON.parse(row.mapping));
    return parsed.success ? parsed.data : undefined;
  }

  rememberMapping(source: string, mapping: ColumnMapping): void {
    this.db
      .prepare(
        `INSERT INTO import_mappings (source, mapping) VALUES (?, ?)
         ON CONFLICT (source) DO UPDATE SET mapping = excluded.mapping`,
      )
      .run(source, JSON.stringify(mapping));
  }
}

function summaryOf(r: RunRow): ImportReportSummary {
  return {
    id: r.id,
    source: r.source,
    fileName: r.file_name,
    importedAt: r.imported_at,
    finishedAt: r.finished_at,
    totalRows: r.total_rows,
    created: r.created,
    updated: r.updated,
    unchanged: r.unchanged,
    quarantinedCount: r.quarantined_count,
    refusedCount: r.refused_count,
    revisedCount: r.revised_count,
    ignoredColumns: JSON.parse(r.ignored_columns) as string[],
  };
}
