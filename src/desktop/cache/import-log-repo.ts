import type { Database } from 'better-sqlite3';
import { ColumnMappingSchema, type ColumnMapping, type ImportReport, type ImportReportSummary, type QuarantinedRow } from '../../api/import';

type RunRow = {
  id: string;
  source: string;
  file_name: string;
  imported_at: number;
  total_rows: number;
  created: number;
  updated: number;
  unchanged: number;
  ignored_columns: string;
  quarantined_count: number;
};

/** Every import run with its counts and its quarantined rows, and the mapping per source. */
export class ImportLogRepo {
  constructor(private readonly db: Database) {}

  /** Stores a run and its quarantined rows; keys[i] is row i's appointment key, when it had an id. */
  record(report: ImportReport, fileSha256: string, recordFormat: 'csv' | 'json', header: string | null, keys: Array<string | null>): void {
    this.db
      .prepare(
        `INSERT INTO import_runs (id, source, file_name, file_sha256, imported_at, total_rows, created,
           updated, unchanged, ignored_columns, record_format, header)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        report.id,
        report.source,
        report.fileName,
        fileSha256,
        report.importedAt,
        report.totalRows,
        report.created,
        report.updated,
        report.unchanged,
        JSON.stringify(report.ignoredColumns),
        recordFormat,
        header,
      );
    const quarantine = this.db.prepare(
      'INSERT INTO quarantined_rows (import_id, row_number, field, reason, raw, record_key) VALUES (?, ?, ?, ?, ?, ?)',
    );
    report.quarantined.forEach((row, i) => quarantine.run(report.id, row.rowNumber, row.field, row.reason, row.raw, keys[i] ?? null));
  }

  recent(limit = 50): ImportReportSummary[] {
    return this.db
      .prepare<[number], RunRow>(
        `SELECT r.*, (SELECT count(*) FROM quarantined_rows q WHERE q.import_id = r.id) AS quarantined_count
         FROM import_runs r ORDER BY imported_at DESC LIMIT ?`,
      )
      .all(limit)
      .map((r) => ({ ...summaryOf(r), quarantinedCount: r.quarantined_count }));
  }

  get(id: string): ImportReport | undefined {
    const run = this.db
      .prepare<[string], RunRow>('SELECT r.*, 0 AS quarantined_count FROM import_runs r WHERE id = ?')
      .get(id);
    if (!run) return undefined;
    const quarantined = this.db
      .prepare<[string], QuarantinedRow>(
        'SELECT row_number AS rowNumber, field, reason, raw FROM quarantined_rows WHERE import_id = ? ORDER BY row_number',
      )
      .all(id);
    return { ...summaryOf(run), quarantined };
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

function summaryOf(r: RunRow): Omit<ImportReport, 'quarantined'> {
  return {
    id: r.id,
    source: r.source,
    fileName: r.file_name,
    importedAt: r.imported_at,
    totalRows: r.total_rows,
    created: r.created,
    updated: r.updated,
    unchanged: r.unchanged,
    ignoredColumns: JSON.parse(r.ignored_columns) as string[],
  };
}
