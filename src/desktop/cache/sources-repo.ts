import type { Database } from 'better-sqlite3';
import { RefusalSchema } from '../../api/appointment';
import { ImportProblemSchema, type ImportProblem, type RefusedRow } from '../../api/import';
import { SourceConfigSchema, type SourceConfig, type SourceRun } from '../../api/sources';

export interface StoredSource {
  id: string;
  config: SourceConfig;
  cursor: string | null;
}

export interface OpenQuarantinedRow {
  importId: string;
  batch: string;
  rowNumber: number;
  problems: ImportProblem[];
  raw: string;
  recordFormat: 'csv' | 'json';
  header: string | null;
}

type RunRow = Omit<SourceRun, never> & { sourceId: string };

const RUN_COLUMNS = `id, started_at AS startedAt, finished_at AS finishedAt, outcome, message, batches, created, updated,
  unchanged, quarantined, cancelled`;

/** The configured sources, their runs, the files taken from drops, and the quarantined rows still open. */
export class SourcesRepo {
  constructor(private readonly db: Database) {}

  list(): StoredSource[] {
    return this.db
      .prepare<[], { id: string; config: string; cursor: string | null }>('SELECT id, config, cursor FROM sources ORDER BY created_at, id')
      .all()
      .map((r) => ({ id: r.id, config: SourceConfigSchema.parse(JSON.parse(r.config)), cursor: r.cursor }));
  }

  get(id: string): StoredSource | undefined {
    return this.list().find((s) => s.id === id);
  }

  save(id: string, config: SourceConfig, now: number): void {
    this.db
      .prepare(
        `INSERT INTO sources (id, kind, name, config, created_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET kind = excluded.kind, name = excluded.name, config = excluded.config`,
      )
      .run(id, config.settings.kind, config.name, JSON.stringify(config), now);
  }

  /** A changed address or tenant means another source: its cursor starts again. */
  resetCursor(id: string): void {
    this.db.prepare('UPDATE sources SET cursor = NULL WHERE id = ?').run(id);
  }

  setCursor(id: string, cursor: string | null): void {
    this.db.prepare('UPDATE sources SET cursor = ? WHERE id = ?').run(cursor, id);
  }

  remove(id: string): void {
    this.db.prepare('DELETE FROM sources WHERE id = ?').run(id);
  }

  recordRun(sourceId: string, run: SourceRun): void {
    this.db
      .prepare(
        `INSERT INTO source_runs (id, source_id, started_at, finished_at, outcome, message, batches, created, updated,
           unchanged, quarantined, cancelled)
         VALUES (@id, @sourceId, @startedAt, @finishedAt, @outcome, @message, @batches, @created, @updated, @unchanged,
           @quarantined, @cancelled)`,
      )
      .run({ ...run, sourceId });
  }

  runs(sourceId: string, limit: number): SourceRun[] {
    return this.db
      .prepare<[string, number], RunRow>(`SELECT ${RUN_COLUMNS}, source_id AS sourceId FROM source_runs WHERE source_id = ? ORDER BY started_at DESC, rowid DESC LIMIT ?`)
      .all(sourceId, limit)
      .map(({ sourceId: _s, ...run }) => run);
  }

  /** Failed runs since the last successful one. */
  failuresInARow(sourceId: string): number {
    const outcomes = this.db
      .prepare<[string], string>('SELECT outcome FROM source_runs WHERE source_id = ? ORDER BY started_at DESC, rowid DESC LIMIT 50')
      .pluck()
      .all(sourceId);
    const firstOk = outcomes.indexOf('ok');
    return firstOk === -1 ? outcomes.length : firstOk;
  }

  lastError(sourceId: string): { at: number; message: string } | null {
    return (
      this.db
        .prepare<[string], { at: number; message: string }>(
          "SELECT finished_at AS at, message FROM source_runs WHERE source_id = ? AND outcome = 'failed' ORDER BY started_at DESC, rowid DESC LIMIT 1",
        )
        .get(sourceId) ?? null
    );
  }

  seenFile(sourceId: string, sha256: string): boolean {
    return this.db.prepare('SELECT 1 FROM source_files WHERE source_id = ? AND sha256 = ?').get(sourceId, sha256) !== undefined;
  }

  rememberFile(sourceId: string, sha256: string, fileName: string, now: number): void {
    this.db
      .prepare('INSERT OR IGNORE INTO source_files (source_id, sha256, file_name, imported_at) VALUES (?, ?, ?, ?)')
      .run(sourceId, sha256, fileName, now);
  }

  /**
   * Quarantined rows of the source's imports that no retry has taken up yet, newest import first.
   * A file that could not be read at all (row 0) is not a row to retry: its run says why.
   */
  openQuarantined(sourceId: string, limit: number): OpenQuarantinedRow[] {
    return this.db
      .prepare<[string, number], Omit<OpenQuarantinedRow, 'problems'> & { problems: string }>(
        `SELECT q.import_id AS importId, r.file_name AS batch, q.row_number AS rowNumber, q.problems, q.raw,
           r.record_format AS recordFormat, r.header
         FROM quarantined_rows q JOIN import_runs r ON r.id = q.import_id
         WHERE r.source = ? AND q.retried_in IS NULL AND q.row_number > 0
         ORDER BY r.imported_at DESC, q.row_number LIMIT ?`,
      )
      .all(sourceId, limit)
      .map((row) => ({ ...row, problems: ImportProblemSchema.array().parse(JSON.parse(row.problems)) }));
  }

  countOpenQuarantined(sourceId: string): number {
    return this.db
      .prepare<[string], number>(
        `SELECT count(*) FROM quarantined_rows q JOIN import_runs r ON r.id = q.import_id
         WHERE r.source = ? AND q.retried_in IS NULL AND q.row_number > 0`,
      )
      .pluck()
      .get(sourceId)!;
  }

  /**
   * Rows of the source's imports the backend refused whose card is still "Not saved", newest
   * import first, and how many there are in all.
   */
  stillRefused(sourceId: string, limit: number): { rows: Array<RefusedRow & { importId: string; batch: string }>; total: number } {
    const from = `FROM refused_rows f JOIN import_runs r ON r.id = f.import_id JOIN appointments a ON a.id = f.appointment_id
      WHERE r.source = ? AND a.sync_error IS NOT NULL`;
    const rows = this.db
      .prepare<[string, number], { importId: string; batch: string; appointmentId: string; branch: string; sourceId: string; refusal: string }>(
        `SELECT f.import_id AS importId, r.file_name AS batch, f.appointment_id AS appointmentId, f.branch, f.source_id AS sourceId, f.refusal
         ${from} ORDER BY r.imported_at DESC, f.source_id LIMIT ?`,
      )
      .all(sourceId, limit)
      .map((row) => ({ ...row, refusal: RefusalSchema.parse(JSON.parse(row.refusal)) }));
    const total = this.db.prepare<[string], number>(`SELECT count(*) ${from}`).pluck().get(sourceId)!;
    return { rows, total };
  }

  markRetried(rows: Array<{ importId: string; rowNumber: number }>, retryImportId: string): void {
    const mark = this.db.prepare('UPDATE quarantined_rows SET retried_in = ? WHERE import_id = ? AND row_number = ?');
    for (const row of rows) mark.run(retryImportId, row.importId, row.rowNumber);
  }
}
