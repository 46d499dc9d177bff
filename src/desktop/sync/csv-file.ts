import { isUtf8 } from 'node:buffer';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { CsvError, parse as parseStream, type Options } from 'csv-parse';
import { parse as parseSync } from 'csv-parse/sync';
import iconv from 'iconv-lite';

export type LineEncoding = 'utf-8' | 'windows-1252';
/** mixed: some lines in each (an export that two systems wrote to, or an edit saved by another program). */
export type Encoding = LineEncoding | 'mixed';
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

/** A CSV file read as it streams by: the header first, the records as they are parsed. */
export interface CsvStream {
  delimiter: Delimiter;
  headerLine: string;
  headers: string[];
  records: AsyncIterable<CsvRecord>;
  /** The file's encoding as far as it has been read: final once the records are read to the end. */
  encoding(): Encoding;
}

/**
 * No line of a dealer export comes near this; a longer one is a file that is not CSV (or a quote
 * that is never closed), refused before it fills the memory.
 */
export const MAX_LINE_BYTES = 1024 * 1024;

export type UnreadableCode = 'EMPTY_FILE' | 'LINE_TOO_LONG' | 'UNREADABLE_FILE';

export class UnreadableFileError extends Error {
  constructor(
    message: string,
    readonly code: UnreadableCode = 'UNREADABLE_FILE',
  ) {
    super(message);
    this.name = 'UnreadableFileError';
  }
}

const UTF8_BOM = [0xef, 0xbb, 0xbf];

/**
 * One physical line: UTF-8 where it is valid UTF-8, Windows-1252 otherwise (which decodes
 * every byte, so nothing is lost). Line by line, because an export appended to by two systems
 * has lines in both. iconv-lite's tables, not the runtime's TextDecoder: the runtime's
 * windows-1252 has changed between Node releases, and Electron's Node is not the tests'.
 * `encoding` is null for a line of plain ASCII, which reads the same in both.
 */
export function decodeLine(bytes: Uint8Array): { text: string; encoding: LineEncoding | null } {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let ascii = true;
  for (const byte of buffer) {
    if (byte >= 0x80) {
      ascii = false;
      break;
    }
  }
  if (ascii) return { text: buffer.toString('latin1'), encoding: null };
  if (isUtf8(buffer)) return { text: iconv.decode(buffer, 'utf8'), encoding: 'utf-8' };
  return { text: iconv.decode(buffer, 'win1252'), encoding: 'windows-1252' };
}

/**
 * Splits bytes into lines as they come (a line may span two pieces) and decodes each line on
 * its own; tells the file's encoding from the lines seen so far.
 */
export class LineDecoder {
  private rest: Buffer = Buffer.alloc(0);
  private started = false;
  private line = 0;
  private utf8Lines = 0;
  private windowsLines = 0;

  /** The complete lines in `chunk` (with what was left of the previous one), decoded, each ending in \n. */
  push(chunk: Uint8Array): string {
    let bytes = this.rest.length > 0 ? Buffer.concat([this.rest, chunk]) : Buffer.from(chunk);
    if (!this.started) {
      if (bytes.length < UTF8_BOM.length && UTF8_BOM.slice(0, bytes.length).every((b, i) => bytes[i] === b)) {
        this.rest = bytes;
        return '';
      }
      this.started = true;
      if (UTF8_BOM.every((b, i) => bytes[i] === b)) bytes = bytes.subarray(UTF8_BOM.length);
    }
    let text = '';
    let start = 0;
    for (let end = bytes.indexOf(0x0a, start); end >= 0; end = bytes.indexOf(0x0a, start)) {
      text += this.decode(bytes.subarray(start, end + 1));
      start = end + 1;
    }
    this.rest = Buffer.from(bytes.subarray(start));
    if (this.rest.length > MAX_LINE_BYTES) {
      throw new UnreadableFileError(`Line ${this.line + 1} of the file is longer than 1 MB: it is not a CSV export.`, 'LINE_TOO_LONG');
    }
    return text;
  }

  /** The last line, when the file does not end in a line break. */
  end(): string {
    this.started = true;
    const text = this.rest.length > 0 ? this.decode(this.rest) : '';
    this.rest = Buffer.alloc(0);
    return text;
  }

  encoding(): Encoding {
    if (this.windowsLines > 0) return this.utf8Lines > 0 ? 'mixed' : 'windows-1252';
    return 'utf-8';
  }

  private decode(bytes: Buffer): string {
    this.line++;
    if (bytes.length > MAX_LINE_BYTES) {
      throw new UnreadableFileError(`Line ${this.line} of the file is longer than 1 MB: it is not a CSV export.`, 'LINE_TOO_LONG');
    }
    const { text, encoding } = decodeLine(bytes);
    if (encoding === 'utf-8') this.utf8Lines++;
    else if (encoding === 'windows-1252') this.windowsLines++;
    return text;
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

/**
 * The cells of a row that fit under the header: exports end rows with empty cells (`;;`), more
 * than the header has, which are no data; null when the row does not line up (fewer cells than
 * the header names, or text beyond its last column).
 */
export function fitRow(cells: string[], headers: readonly string[]): string[] | null {
  const width = headerWidth(headers);
  if (cells.length < width) return null;
  for (let i = width; i < cells.length; i++) if (cells[i]!.trim() !== '') return null;
  return cells.length === width ? cells : cells.slice(0, width);
}

/** The columns a header names: one that ends in separators names none there either. */
export function headerWidth(headers: readonly string[]): number {
  let width = headers.length;
  while (width > 0 && headers[width - 1] === '') width--;
  return width;
}

/** No record of a dealer export comes near this either: a quote that is never closed would swallow the file. */
const MAX_RECORD_CHARS = 1024 * 1024;

function parserOptions(delimiter: Delimiter): Options {
  // With raw and info, csv-parse gives each record beside its source text and line.
  return {
    delimiter,
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: true,
    raw: true,
    info: true,
    max_record_size: MAX_RECORD_CHARS,
  };
}

type Parsed = { record: string[]; raw: string; info: { lines: number } };

function recordOf(parsed: Parsed): CsvRecord {
  return { rowNumber: parsed.info.lines, cells: parsed.record, raw: parsed.raw.replace(/[\r\n]+$/, '') };
}

function unreadable(error: unknown): unknown {
  if (error instanceof CsvError) return new UnreadableFileError(`The file is not a readable CSV file: ${error.message}`);
  return error;
}

function firstLineOf(text: string): string {
  return text.slice(0, text.search(/\r?\n|$/));
}

const EMPTY = 'The file is empty or has no header row.';

/** A whole file held in memory, decoded line by line (see decodeLine). */
export function decode(bytes: Uint8Array): { text: string; encoding: Encoding } {
  const decoder = new LineDecoder();
  const text = decoder.push(bytes) + decoder.end();
  return { text, encoding: decoder.encoding() };
}

/** A file held in memory (a drop folder's file, a retried row, the demo's sample), read whole. */
export function readCsv(bytes: Uint8Array): CsvTable {
  const { text, encoding } = decode(bytes);
  const headerLine = firstLineOf(text);
  if (headerLine.trim() === '') throw new UnreadableFileError(EMPTY, 'EMPTY_FILE');
  const delimiter = detectDelimiter(headerLine);
  let parsed: Parsed[];
  try {
    parsed = parseSync(text, parserOptions(delimiter)) as unknown as Parsed[];
  } catch (error) {
    throw unreadable(error);
  }
  const [header, ...rows] = parsed;
  if (!header) throw new UnreadableFileError(EMPTY, 'EMPTY_FILE');
  return { encoding, delimiter, headerLine, headers: header.record.map((h) => h.trim()), records: rows.map(recordOf) };
}

/**
 * A file of any size read as it streams from disk, with csv-parse's streaming parser: only a
 * piece of the file and the records not yet taken are in memory at any time.
 */
export async function openCsv(chunks: AsyncIterable<Uint8Array>): Promise<CsvStream> {
  const decoder = new LineDecoder();
  const pieces = (async function* () {
    for await (const chunk of chunks) {
      const text = decoder.push(chunk);
      if (text) yield text;
    }
    const last = decoder.end();
    if (last) yield last;
  })();
  let head = '';
  while (!/\r?\n/.test(head)) {
    const next = await pieces.next();
    if (next.done) break;
    head += next.value;
  }
  const headerLine = firstLineOf(head);
  if (headerLine.trim() === '') {
    await pieces.return(undefined);
    throw new UnreadableFileError(EMPTY, 'EMPTY_FILE');
  }
  const delimiter = detectDelimiter(headerLine);
  const parser = parseStream(parserOptions(delimiter));
  const text = Readable.from(
    (async function* () {
      yield head;
      yield* pieces;
    })(),
  );
  // The pipeline's failure (a line too long, a broken quote) ends the records below with it.
  pipeline(text, parser).catch(() => undefined);
  const rows = parser[Symbol.asyncIterator]() as AsyncIterator<Parsed>;
  let first: IteratorResult<Parsed>;
  try {
    first = await rows.next();
  } catch (error) {
    throw unreadable(error);
  }
  if (first.done) throw new UnreadableFileError(EMPTY, 'EMPTY_FILE');
  return {
    delimiter,
    headerLine,
    headers: first.value.record.map((h) => h.trim()),
    encoding: () => decoder.encoding(),
    records: {
      async *[Symbol.asyncIterator]() {
        try {
          for (;;) {
            const next = await rows.next();
            if (next.done) return;
            yield recordOf(next.value);
          }
        } catch (error) {
          throw unreadable(error);
        } finally {
          parser.destroy();
        }
      },
    },
  };
}
