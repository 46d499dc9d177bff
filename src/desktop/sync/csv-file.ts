import { parse } from 'csv-parse/sync';

export type Encoding = 'utf-8' | 'windows-1252';
export type Delimiter = ';' | ',' | '\t';

export interface CsvRecord {
  /** 1-based line number in the file, as a person counts in a spreadsheet (header is row 1). */
  rowNumber: number;
  cells: string[];
  raw: string;
}

export interface CsvTable {
  encoding: Encoding;
  delimiter: Delimiter;
  /** The header line as written, to read a single row again later (a retried quarantined row). */
  headerLine: string;
  headers: string[];
  records: CsvRecord[];
}

export class UnreadableFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnreadableFileError';
  }
}

/**
 * Dealer exports are UTF-8 (often with a BOM, from Excel) or Windows-1252 (older systems).
 * A file that is valid UTF-8 is read as UTF-8; anything else as Windows-1252, which
 * decodes every byte, so no row is lost to an encoding error.
 */
export function decode(bytes: Uint8Array): { text: string; encoding: Encoding } {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return { text: new TextDecoder('utf-8').decode(bytes.subarray(3)), encoding: 'utf-8' };
  }
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
  } catch {
    return { text: new TextDecoder('windows-1252').decode(bytes), encoding: 'windows-1252' };
  }
}

/** The separator that splits the header line into the most columns. */
export function detectDelimiter(headerLine: string): Delimiter {
  const candidates: Delimiter[] = [';', ',', '\t'];
  let best: Delimiter = ';';
  let bestCount = 0;
  for (const d of candidates) {
    const count = headerLine.split(d).length - 1;
    if (count > bestCount) [best, bestCount] = [d, count];
  }
  return best;
}

export function readCsv(bytes: Uint8Array): CsvTable {
  const { text, encoding } = decode(bytes);
  const firstLine = text.slice(0, text.search(/\r?\n|$/));
  if (firstLine.trim() === '') throw new UnreadableFileError('The file is empty or has no header row.');
  const delimiter = detectDelimiter(firstLine);
  type Parsed = Array<{ record: string[]; raw: string; info: { lines: number } }>;
  let parsed: Parsed;
  try {
    // With raw and info, csv-parse returns each record beside its source text and line.
    parsed = parse(text, {
      delimiter,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: true,
      raw: true,
      info: true,
    }) as unknown as Parsed;
  } catch (error) {
    throw new UnreadableFileError(`The file is not a readable CSV file: ${(error as Error).message}`);
  }
  const [header, ...rows] = parsed;
  if (!header) throw new UnreadableFileError('The file is empty or has no header row.');
  const headers = header.record.map((h) => h.trim());
  return {
    encoding,
    delimiter,
    headerLine: firstLine,
    headers,
    records: rows.map((r) => ({ rowNumber: r.info.lines, cells: r.record, raw: r.raw.replace(/[\r\n]+$/, '') })),
  };
}
