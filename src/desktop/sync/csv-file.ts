import { isAscii, isUtf8 } from 'node:buffer';
import { CsvError, parse as parseStream, type Options } from 'csv-parse';
import { parse as parseSync } from 'csv-parse/sync';
import iconv from 'iconv-lite';

export type LineEncoding = 'utf-8' | 'windows-1252';
/**
 * mixed: some lines in each (an export that two systems wrote to, or an edit saved by another
 * program); utf-16: a file with its byte order mark, as Excel saves "Unicode Text".
 */
export type Encoding = LineEncoding | 'mixed' | 'utf-16';
export type Delimiter = ';' | ',' | '\t';

export type CsvRecord = {
  /** 1-based line number in the file, as a person counts in a spreadsheet (header is row 1). */
  rowNumber: number;
  raw: string;
} & (
  | { cells: string[] }
  /** A quote opens a cell on this line and is never closed: the line is the record, the rows after it are read on. */
  | { unclosedQuote: true }
);

export interface CsvTable {
  encoding: Encoding;
  delimiter: Delimiter;
  /** The header line as written, to read a single row again later (a retried quarantined row). */
  headerLine: string;
  headers: string[];
  records: CsvRecord[];
}

/**
 * A CSV file read as it streams by: the header first, then the records as they are parsed, a
 * batch per piece of the file read (one step per batch, not per record, keeps the work and the
 * garbage of a million rows small).
 */
export interface CsvStream {
  delimiter: Delimiter;
  headerLine: string;
  headers: string[];
  records: AsyncIterable<CsvRecord[]>;
  /** The file's encoding as far as it has been read: final once the records are read to the end. */
  encoding(): Encoding;
}

/**
 * No line of a dealer export comes near this; a longer one is a file that is not CSV (or a quote
 * that is never closed), refused before it fills the memory.
 */
export const MAX_LINE_BYTES = 1024 * 1024;

export type UnreadableCode = 'EMPTY_FILE' | 'LINE_TOO_LONG' | 'BINARY_FILE' | 'UNREADABLE_FILE';

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
  if (isAscii(buffer)) return { text: buffer.toString('latin1'), encoding: null };
  if (isUtf8(buffer)) return { text: iconv.decode(buffer, 'utf8'), encoding: 'utf-8' };
  return { text: iconv.decode(buffer, 'win1252'), encoding: 'windows-1252' };
}

const UTF16_LE_BOM = [0xff, 0xfe];
const UTF16_BE_BOM = [0xfe, 0xff];
const startsWith = (bytes: ArrayLike<number>, prefix: number[]) => prefix.every((b, i) => bytes[i] === b);

/**
 * Splits bytes into lines as they come (a line may span two pieces) and decodes each line on
 * its own; tells the file's encoding from the lines seen so far. A file that starts with a
 * UTF-16 byte order mark is read as UTF-16 throughout (its line breaks are two bytes wide).
 * Refuses what is no text at all (a spreadsheet or a picture chosen by mistake) and a line
 * longer than MAX_LINE_BYTES, before either fills the memory.
 */
export class LineDecoder {
  private rest: Buffer = Buffer.alloc(0);
  private started = false;
  private utf16: iconv.DecoderStream | null = null;
  private utf16Rest = '';
  private line = 0;
  private utf8Lines = 0;
  private windowsLines = 0;

  /** The complete lines in `chunk` (with what was left of the previous one), decoded, each ending in \n. */
  push(chunk: Uint8Array): string {
    let bytes = this.rest.length > 0 ? Buffer.concat([this.rest, chunk]) : Buffer.from(chunk);
    if (!this.started) {
      // A byte order mark may arrive split over two pieces.
      if (bytes.length < 3 && [UTF8_BOM, UTF16_LE_BOM, UTF16_BE_BOM].some((bom) => startsWith(bom, [...bytes]))) {
        this.rest = bytes;
        return '';
      }
      this.started = true;
      if (startsWith(bytes, UTF8_BOM)) bytes = bytes.subarray(UTF8_BOM.length);
      else if (startsWith(bytes, UTF16_LE_BOM) || startsWith(bytes, UTF16_BE_BOM)) {
        this.utf16 = iconv.getDecoder(startsWith(bytes, UTF16_LE_BOM) ? 'utf-16le' : 'utf-16be');
        bytes = bytes.subarray(2);
      }
    }
    if (this.utf16) return this.lines16(this.utf16.write(bytes));
    const complete = bytes.lastIndexOf(0x0a) + 1;
    const lines = bytes.subarray(0, complete);
    this.rest = Buffer.from(bytes.subarray(complete));
    if (this.rest.length > MAX_LINE_BYTES) throw tooLong(this.line + countLines(lines) + 1);
    // The usual case, a piece whose lines are all valid UTF-8 (plain ASCII included), is decoded
    // at once: each of its lines would decode the same on its own, since a line break (0x0a) is
    // never part of a UTF-8 character. One string per piece instead of one per line.
    if (!lines.includes(0) && isUtf8(lines) && !this.anyLineTooLong(lines)) {
      if (!isAscii(lines)) this.utf8Lines++;
      this.line += countLines(lines);
      return iconv.decode(lines, 'utf8');
    }
    let text = '';
    let start = 0;
    for (let end = lines.indexOf(0x0a, start); end >= 0; end = lines.indexOf(0x0a, start)) {
      text += this.decode(lines.subarray(start, end + 1));
      start = end + 1;
    }
    return text;
  }

  private anyLineTooLong(lines: Buffer): boolean {
    if (lines.length <= MAX_LINE_BYTES) return false;
    for (let start = 0, end = lines.indexOf(0x0a); end >= 0; start = end + 1, end = lines.indexOf(0x0a, start)) {
      if (end + 1 - start > MAX_LINE_BYTES) return true;
    }
    return false;
  }

  /** The last line, when the file does not end in a line break. */
  end(): string {
    this.started = true;
    if (this.utf16) {
      const text = this.utf16Rest + (this.utf16.end() ?? '');
      this.utf16Rest = '';
      return text;
    }
    const text = this.rest.length > 0 ? this.decode(this.rest) : '';
    this.rest = Buffer.alloc(0);
    return text;
  }

  encoding(): Encoding {
    if (this.utf16) return 'utf-16';
    if (this.windowsLines > 0) return this.utf8Lines > 0 ? 'mixed' : 'windows-1252';
    return 'utf-8';
  }

  private decode(bytes: Buffer): string {
    this.line++;
    if (bytes.length > MAX_LINE_BYTES) throw tooLong(this.line);
    if (bytes.includes(0)) {
      throw new UnreadableFileError(
        `The file is not a CSV (text) file: line ${this.line} holds binary data. Is it a spreadsheet or a picture instead of its CSV export?`,
        'BINARY_FILE',
      );
    }
    const { text, encoding } = decodeLine(bytes);
    if (encoding === 'utf-8') this.utf8Lines++;
    else if (encoding === 'windows-1252') this.windowsLines++;
    return text;
  }

  /** UTF-16 text as it is decoded, up to its last complete line. */
  private lines16(text: string): string {
    const all = this.utf16Rest + text;
    const end = all.lastIndexOf('\n') + 1;
    this.utf16Rest = all.slice(end);
    if (this.utf16Rest.length > MAX_LINE_BYTES / 2) throw tooLong(this.line + 1);
    for (let i = all.indexOf('\n'); i >= 0 && i < end; i = all.indexOf('\n', i + 1)) this.line++;
    return all.slice(0, end);
  }
}

function countLines(bytes: Buffer): number {
  let lines = 0;
  for (let at = bytes.indexOf(0x0a); at >= 0; at = bytes.indexOf(0x0a, at + 1)) lines++;
  return lines;
}

function tooLong(line: number): UnreadableFileError {
  return new UnreadableFileError(`Line ${line} of the file is longer than 1 MB: it is not a CSV export.`, 'LINE_TOO_LONG');
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
    // A row of separators only (';;;;', a spreadsheet's blank line) holds no appointment and no problem.
    skip_records_with_empty_values: true,
    raw: true,
    info: true,
    max_record_size: MAX_RECORD_CHARS,
    // Lines may end either way in one file (two systems wrote to it); a lone \r is an old Mac's.
    record_delimiter: ['\r\n', '\n', '\r'],
  };
}

type Parsed = { record: string[]; raw: string; info: { lines: number } };

/**
 * Where each record of one parse is in the file: the line it starts on, and the line it ends
 * on (a quoted cell may hold line breaks). csv-parse 7 counts a \r\n inside a quoted cell as
 * two lines; its count is corrected by the \r\n met in cells so far. `offset`: the lines
 * before the text this parse reads.
 */
class LinesOf {
  private doubled = 0;

  constructor(private readonly offset: number) {}

  record(parsed: Parsed): { record: CsvRecord; endLine: number } {
    let inside = 0;
    for (const cell of parsed.record) {
      if (!cell.includes('\n') && !cell.includes('\r')) continue;
      inside += cell.split(/\r\n|\n|\r/).length - 1;
      this.doubled += cell.split('\r\n').length - 1;
    }
    const endLine = parsed.info.lines - this.doubled + this.offset;
    return { record: { rowNumber: endLine - inside, cells: parsed.record, raw: parsed.raw.replace(/^[\r\n]+|[\r\n]+$/g, '') }, endLine };
  }
}

/**
 * A quote that opens a cell and is never closed makes the rest of the file one cell, until the
 * file ends or the cell grows past MAX_RECORD_CHARS. Only its own line is wrong: it is kept as
 * a record of its own, and the lines after it are read again.
 */
function isUnclosedQuote(error: unknown): boolean {
  return error instanceof CsvError && (error.code === 'CSV_QUOTE_NOT_CLOSED' || error.code === 'CSV_MAX_RECORD_SIZE');
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
  const lines = text.split('\n');
  let headers: string[] | null = null;
  const records: CsvRecord[] = [];
  let lastLine = 0;
  const take = (got: Parsed[], offset: number) => {
    const lines = new LinesOf(offset);
    for (const parsed of got) {
      const { record, endLine } = lines.record(parsed);
      lastLine = endLine;
      if (headers) records.push(record);
      else headers = parsed.record.map((h) => h.trim());
    }
  };
  for (let from = 0; ; ) {
    const got: Parsed[] = [];
    try {
      // With raw and info, on_record is given each record beside its text and line, as the result has them.
      const options: Options = {
        ...parserOptions(delimiter),
        on_record: (parsed: string[]) => {
          got.push(parsed as unknown as Parsed);
          return parsed;
        },
      };
      parseSync(from === 0 ? text : lines.slice(from).join('\n'), options);
      take(got, from);
      break;
    } catch (error) {
      take(got, from);
      if (!isUnclosedQuote(error) || !headers) throw unreadable(error);
      let opening = lastLine;
      while (opening < lines.length && lines[opening]!.trim() === '') opening++;
      records.push({ rowNumber: opening + 1, raw: lines[opening]!.replace(/\r$/, ''), unclosedQuote: true });
      from = opening + 1;
    }
  }
  if (!headers) throw new UnreadableFileError(EMPTY, 'EMPTY_FILE');
  return { encoding, delimiter, headerLine, headers, records };
}

/** The decoded text of a fresh read of the file, in pieces of whole lines. */
async function* textOf(read: () => AsyncIterable<Uint8Array>, decoder: LineDecoder): AsyncGenerator<string> {
  for await (const chunk of read()) {
    const text = decoder.push(chunk);
    if (text) yield text;
  }
  const last = decoder.end();
  if (last) yield last;
}

/**
 * The file's text after its first `skip` lines, for a parse that starts again there: the first
 * line with text (the one whose quote was never closed) apart, and the rest as it streams.
 */
async function textAfter(read: () => AsyncIterable<Uint8Array>, skip: number): Promise<{ opening: { line: number; raw: string } | null; rest: AsyncIterable<string> }> {
  const pieces = textOf(read, new LineDecoder());
  let buffer = '';
  let line = 0;
  const nextLine = async (): Promise<string | null> => {
    for (;;) {
      const end = buffer.indexOf('\n');
      if (end >= 0) {
        const text = buffer.slice(0, end + 1);
        buffer = buffer.slice(end + 1);
        line++;
        return text;
      }
      const next = await pieces.next();
      if (next.done) {
        if (buffer === '') return null;
        const text = buffer;
        buffer = '';
        line++;
        return text;
      }
      buffer += next.value;
    }
  };
  while (line < skip && (await nextLine()) !== null);
  let opening: { line: number; raw: string } | null = null;
  for (let text = await nextLine(); text !== null; text = await nextLine()) {
    if (text.trim() === '') continue;
    opening = { line, raw: text.replace(/\r?\n$/, '') };
    break;
  }
  return {
    opening,
    rest: (async function* () {
      if (buffer) yield buffer;
      yield* pieces;
    })(),
  };
}

/**
 * csv-parse's streaming parser over text as it comes; its records in file order. The text is
 * written to the parser a piece at a time, and the next piece only once the records of this
 * one are taken (so memory holds one piece's records). The records come through on_record, not
 * the stream's readable side, because a failing stream drops what it holds: the good records
 * before a quote that is never closed must still arrive.
 */
async function* parseText(text: AsyncIterable<string>, delimiter: Delimiter): AsyncGenerator<Parsed[]> {
  const parsed: Parsed[] = [];
  let failure: unknown = null;
  const parser = parseStream({
    ...parserOptions(delimiter),
    on_record: (record: string[]) => {
      parsed.push(record as unknown as Parsed);
      return null;
    },
  });
  parser.on('error', (error) => (failure ??= error));
  // A parse error is told on the next turn of the event loop.
  const told = () => new Promise((resolve) => setImmediate(resolve));
  try {
    for await (const piece of text) {
      parser.write(piece);
      await told();
      if (parsed.length > 0) yield parsed.splice(0);
      if (failure) throw failure;
    }
    await new Promise((resolve) => {
      parser.once('finish', resolve);
      parser.once('error', resolve);
      parser.end();
    });
    if (parsed.length > 0) yield parsed.splice(0);
    if (failure) throw failure;
  } finally {
    parser.destroy();
  }
}

/**
 * A file of any size read as it streams from disk, with csv-parse's streaming parser: only a
 * piece of the file and the records not yet taken are in memory at any time. `read` reads the
 * file from its start each time it is called: after a quote that is never closed, the rows
 * after its line are read again from there.
 */
export async function openCsv(read: () => AsyncIterable<Uint8Array>): Promise<CsvStream> {
  const decoder = new LineDecoder();
  const pieces = textOf(read, decoder);
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
  let rows = parseText(
    (async function* () {
      yield head;
      yield* pieces;
    })(),
    delimiter,
  );
  let first: IteratorResult<Parsed[]>;
  try {
    first = await rows.next();
  } catch (error) {
    throw unreadable(error);
  }
  if (first.done) throw new UnreadableFileError(EMPTY, 'EMPTY_FILE');
  const [header, ...afterHeader] = first.value;
  let lines = new LinesOf(0);
  let lastLine = lines.record(header!).endLine;
  /** A batch's records at their lines in the file. */
  const placed = (batch: Parsed[]): CsvRecord[] =>
    batch.map((parsed) => {
      const { record, endLine } = lines.record(parsed);
      lastLine = endLine;
      return record;
    });
  return {
    delimiter,
    headerLine,
    headers: header!.record.map((h) => h.trim()),
    encoding: () => decoder.encoding(),
    records: {
      async *[Symbol.asyncIterator]() {
        try {
          if (afterHeader.length > 0) yield placed(afterHeader);
          for (;;) {
            let next: IteratorResult<Parsed[]>;
            try {
              next = await rows.next();
            } catch (error) {
              if (!isUnclosedQuote(error)) throw unreadable(error);
              const after = await textAfter(read, lastLine);
              if (!after.opening) return;
              yield [{ rowNumber: after.opening.line, raw: after.opening.raw, unclosedQuote: true }];
              lastLine = after.opening.line;
              lines = new LinesOf(lastLine);
              rows = parseText(after.rest, delimiter);
              continue;
            }
            if (next.done) return;
            yield placed(next.value);
          }
        } finally {
          await rows.return(undefined);
        }
      },
    },
  };
}
