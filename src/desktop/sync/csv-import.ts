import type { ColumnMapping, ImportField, ImportPreview } from '../../api/import';
import type { CsvTable } from './csv-file';
import { columnIndexes, defaultMapping, fitMapping, mappingProblems } from './field-mapping';
import type { SourceRecord } from './import-pipeline';

const SAMPLE_ROWS = 5;

/**
 * What the import dialog shows before anything is written. A source's remembered mapping is
 * offered while it still fits the file; a file with other headers starts from the names.
 */
export function previewOf(table: CsvTable, remembered: ColumnMapping | undefined): ImportPreview {
  const fitted = remembered && fitMapping(remembered, table.headers);
  const usable = fitted && mappingProblems(fitted, table.headers).length === 0 ? fitted : undefined;
  return {
    encoding: table.encoding,
    delimiter: table.delimiter,
    headers: table.headers,
    sampleRows: table.records.slice(0, SAMPLE_ROWS).map((r) => r.cells),
    rowCount: table.records.length,
    mapping: usable ?? defaultMapping(table.headers),
    mappingRemembered: usable !== undefined,
  };
}

/** The CSV rows as pipeline records; a row whose columns do not line up is unreadable. */
export function* csvRecords(table: CsvTable, mapping: ColumnMapping): Generator<SourceRecord> {
  const indexes = Object.entries(columnIndexes(mapping, table.headers)) as [ImportField, number][];
  const width = table.headers.length;
  for (const record of table.records) {
    if (record.cells.length !== width) {
      yield {
        rowNumber: record.rowNumber,
        raw: record.raw,
        fields: { unreadable: `row has ${record.cells.length} columns where the header has ${width}` },
      };
      continue;
    }
    const fields: Partial<Record<ImportField, string>> = {};
    for (const [field, index] of indexes) fields[field] = record.cells[index];
    yield { rowNumber: record.rowNumber, raw: record.raw, fields };
  }
}
