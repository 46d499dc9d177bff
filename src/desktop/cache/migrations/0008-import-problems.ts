import type { Database } from 'better-sqlite3';
import { IMPORT_FIELDS, type ImportField, type ImportProblem } from '../../../api/import';

/**
 * Imports in chunks, problems as codes:
 * - a run is written as it goes and marked finished at its end (finished_at; NULL: it stopped
 *   before the end of its file). Runs before this version finished in one transaction.
 * - a quarantined row keeps every problem it has, each as a code with parameters that the
 *   renderer words (problems, JSON), instead of one English reason and its field. Rows
 *   quarantined before get theirs from their reason, whose wording the importer has always used.
 * - rows that revised an earlier row of the same file (revised_rows): the later one is imported.
 */
export function up(db: Database): void {
  db.exec(`
    ALTER TABLE import_runs ADD COLUMN finished_at INTEGER;
    UPDATE import_runs SET finished_at = imported_at;
    ALTER TABLE quarantined_rows ADD COLUMN problems TEXT NOT NULL DEFAULT '[]';
  `);
  const rows = db
    .prepare<[], { importId: string; rowNumber: number; field: string | null; reason: string }>(
      'SELECT import_id AS importId, row_number AS rowNumber, field, reason FROM quarantined_rows',
    )
    .all();
  const update = db.prepare('UPDATE quarantined_rows SET problems = ? WHERE import_id = ? AND row_number = ?');
  for (const row of rows) update.run(JSON.stringify([problemOf(row.field, row.reason)]), row.importId, row.rowNumber);
  db.exec(`
    ALTER TABLE quarantined_rows DROP COLUMN reason;
    ALTER TABLE quarantined_rows DROP COLUMN field;

    CREATE TABLE revised_rows (
      import_id    TEXT NOT NULL REFERENCES import_runs (id),
      row_number   INTEGER NOT NULL,
      replaced_row INTEGER NOT NULL,
      branch       TEXT NOT NULL,
      source_id    TEXT NOT NULL,
      PRIMARY KEY (import_id, row_number)
    ) STRICT;
  `);
}

const WITH_VALUE: Array<[RegExp, ImportField, ImportProblem['code']]> = [
  [/^"(.*)" is not a date/s, 'date', 'notADate'],
  [/^date "(.*)" does not exist$/s, 'date', 'noSuchDate'],
  [/^"(.*)" is not a time/s, 'time', 'notATime'],
  [/^time "(.*)" does not exist$/s, 'time', 'noSuchTime'],
  [/^"(.*)" is not a phone number$/s, 'phone', 'notAPhoneNumber'],
  [/^"(.*)" is not a valid phone number$/s, 'phone', 'invalidPhoneNumber'],
  [/^"(.*)" is not an e-mail address$/s, 'email', 'notAnEmail'],
  [/^"(.*)" is not a cancelled value/s, 'cancelled', 'notACancelledValue'],
];

/** An earlier version's reason as a problem; one it did not word the usual way keeps its words. */
export function problemOf(field: string | null, reason: string): ImportProblem {
  if (reason === 'appointment id is empty') return { field: 'sourceId', code: 'missing', params: {} };
  if (reason === 'date is empty') return { field: 'date', code: 'missing', params: {} };
  const columns = /^row has (\d+) columns where the header has (\d+)$/.exec(reason);
  if (columns) return { field: null, code: 'columnCount', params: { cells: Number(columns[1]), columns: Number(columns[2]) } };
  for (const [pattern, patternField, code] of WITH_VALUE) {
    const m = pattern.exec(reason);
    if (m) return { field: patternField, code, params: { value: m[1]! } } as ImportProblem;
  }
  const known = IMPORT_FIELDS.find((f) => f === field) ?? null;
  return { field: known, code: 'unreadable', params: { detail: reason } };
}
