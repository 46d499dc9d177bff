import { mappingProblems, type ColumnMapping, type ImportField, type ImportPreview, type ImportProblem } from '../../api/import';
import { fitRow, headerWidth, type CsvRecord, type CsvStream, type CsvTable } from './csv-file';
import { columnIndexes, defaultMapping, fitMapping } from './field-mapping';
import type { SourceRecord } from './import-pipeline';

const SAMPLE_ROWS = 5;

/**
 * What the import dialog shows before anything is written, read as the file streams by (its
 * rows are counted, not kept). A source's remembered mapping is offered while it still fits
 * the file; a file with other headers starts from the names.
 */
export async function previewOf(csv: CsvStream, remembered: ColumnMapping | undefined): Promise<ImportPreview> {
  const sampleRows: string[][] = [];
  let rowCount = 0;
  for await (const batch of csv.records) {
    for (const record of batch) if (sampleRows.length < SAMPLE_ROWS && 'cells' in record) sampleRows.push(record.cells);
    rowCount += batch.length;
  }
  const fitted = remembered && fitMapping(remembered, csv.headers);
  const usable = fitted && mappingProblems(fitted, csv.headers).length === 0 ? fitted : undefined;
  return {
    encoding: csv.encoding(),
    delimiter: csv.delimiter,
    headers: csv.headers,
    sampleRows,
    rowCount,
    mapping: usable ?? defaultMapping(csv.headers),
    mappingRemembered: usable !== undefined,
  };
}

const UNCLOSED_QUOTE: ImportProblem = { field: null, code: 'unclosedQuote', params: {} };

/** Reads CSV records as pipeline records under one mapping; a row whose cells do not line up is unreadable. */
export function csvRecordReader(headers: string[], mapping: ColumnMapping): (record: CsvRecord) => SourceRecord {
  const indexes = Object.entries(columnIndexes(mapping, headers)) as [ImportField, number][];
  const columns = headerWidth(headers);
  return (record) => {
    if (!('cells' in record)) return { rowNumber: record.rowNumber, raw: record.raw, fields: { problem: UNCLOSED_QUOTE } };
    const cells = fitRow(record.cells, headers);
    if (!cells) {
      return {
        rowNumber: record.rowNumber,
        raw: record.raw,
        fields: { problem: { field: null, code: 'columnCount', params: { cells: record.cells.length, columns } } },
      };
    }
    const fields: Partial<Record<ImportField, string>> = {};
    for (const [field, index] of indexes) fields[field] = cells[index];
    return { rowNumber: record.rowNumber, raw: record.raw, fields };
  };
}

/** The rows of a file held in memory as pipeline records. */
export function csvRecords(table: CsvTable, mapping: ColumnMapping): SourceRecord[] {
  return table.records.map(csvRecordReader(table.headers, mapping));
}

/** The rows of a streamed file as pipeline records, a batch at a time as they are parsed. */
export async function* streamedCsvRecords(csv: CsvStream, mapping: ColumnMapping): AsyncGenerator<SourceRecord[]> {
  const read = csvRecordReader(csv.headers, mapping);
  for await (const batch of csv.records) yield batch.map(read);
}
