import { createHash } from 'node:crypto';
import type { ColumnMapping } from '../../../api/import';
import type { CertificateInfo, SourceSettings } from '../../../api/sources';
import type { Connector, RunInput, SourceBatch } from '../connector';
import { readCsv, UnreadableFileError } from '../csv-file';
import { csvRecords } from '../csv-import';
import { mappingProblems } from '../../../api/import';
import { defaultMapping, fitMapping, mappingProblemsInWords, unmappedHeaders } from '../field-mapping';
import type { SourceRecord } from '../import-pipeline';
import { compileMapping, fieldsOfRecord } from '../record-mapping';
import { joinPath, type RemoteFile, type RemoteFolder } from './remote-folder';
import { readJsonRecords, readXmlRecords } from './structured-file';

type DropSettings = Extract<SourceSettings, { kind: 'sftp' | 'ftp' }>;

export interface DropOptions {
  settings: DropSettings;
  mapping: ColumnMapping;
  zone: string;
  open(): Promise<RemoteFolder>;
  /** The certificate the server shows (FTPS), when it is refused for want of an authority. */
  certificate?(): Promise<CertificateInfo | null>;
  /** How long to wait between the two listings that must show a file at the same size. */
  settleMs: number;
  /** Names files moved to the archive or error folder, so that a later file of the same name does not collide. */
  stamp(now: number): string;
}

const MARKER = '.done';
const TEMPORARY = /\.(tmp|part|filepart|partial)$/i;
const EXTENSIONS: Record<DropSettings['fileFormat'], RegExp> = { csv: /\.(csv|txt)$/i, json: /\.json$/i, xml: /\.xml$/i };

/**
 * A folder on an SFTP or FTP server that a planning system exports into. A file is taken only
 * when it is complete (by the configured rule), never twice (by content hash), and afterwards
 * moved to the archive folder; a file that cannot be read goes to the error folder with the
 * reason in the run's report, and the other files are still imported.
 */
export class DropConnector implements Connector {
  constructor(private readonly options: DropOptions) {}

  async certificate(): Promise<CertificateInfo | null> {
    return (await this.options.certificate?.()) ?? null;
  }

  async test(): Promise<string> {
    const { settings } = this.options;
    const folder = await this.options.open();
    try {
      const files = (await folder.list(settings.folder)).filter((f) => this.isExport(f.name));
      return `Connected to ${settings.host}: ${files.length} ${settings.fileFormat.toUpperCase()} file(s) waiting in ${settings.folder}.`;
    } finally {
      await folder.close();
    }
  }

  async *pull(input: RunInput): AsyncGenerator<SourceBatch, string | null> {
    const { settings } = this.options;
    const folder = await this.options.open();
    try {
      for (const file of await this.completeFiles(folder)) {
        const path = joinPath(settings.folder, file.name);
        const bytes = await folder.read(path);
        const sha256 = createHash('sha256').update(bytes).digest('hex');
        const done = async (to: string) => {
          await folder.move(path, to, `${this.options.stamp(input.now)}-${file.name}`);
          if (settings.completion === 'marker') await folder.remove(path + MARKER);
        };
        if (input.seen(sha256)) {
          await done(settings.archiveFolder);
          continue;
        }
        let batch: SourceBatch;
        try {
          batch = this.batchOf(file.name, bytes, sha256);
        } catch (error) {
          if (!(error instanceof UnreadableFileError)) throw error;
          await done(settings.errorFolder);
          yield unreadable(file.name, sha256, `${error.message} The file was moved to ${settings.errorFolder}.`);
          continue;
        }
        yield { ...batch, stored: () => done(settings.archiveFolder) };
      }
    } finally {
      await folder.close();
    }
    return null;
  }

  reread(format: 'csv' | 'json', header: string | null, rows: Array<{ rowNumber: number; raw: string }>): SourceRecord[] {
    if (format === 'csv') {
      const table = readCsv(Buffer.from([header ?? '', ...rows.map((r) => r.raw)].join('\n')));
      return csvRecords(table, this.csvMapping(table.headers)).map((record, i) => ({ ...record, rowNumber: rows[i]!.rowNumber }));
    }
    return rows.map(({ rowNumber, raw }) => {
      const item = JSON.parse(raw) as unknown;
      return { rowNumber, raw, fields: fieldsOfRecord(item, compileMapping(this.structuredMapping(item)), this.options.zone) };
    });
  }

  private isExport(name: string): boolean {
    return !name.startsWith('.') && EXTENSIONS[this.options.settings.fileFormat].test(name);
  }

  /** The exports that are complete now, by the source's rule. */
  private async completeFiles(folder: RemoteFolder): Promise<RemoteFile[]> {
    const { settings, settleMs } = this.options;
    const listing = await folder.list(settings.folder);
    const names = new Set(listing.map((f) => f.name));
    const exports = listing.filter((f) => this.isExport(f.name) && !TEMPORARY.test(f.name));
    if (settings.completion === 'marker') return exports.filter((f) => names.has(f.name + MARKER));
    if (settings.completion === 'rename') return exports;
    if (exports.length === 0) return [];
    await new Promise((resolve) => setTimeout(resolve, settleMs));
    const again = new Map((await folder.list(settings.folder)).map((f) => [f.name, f]));
    return exports.filter((f) => {
      const later = again.get(f.name);
      return later !== undefined && f.size > 0 && later.size === f.size && later.modified === f.modified;
    });
  }

  private csvMapping(headers: string[]): ColumnMapping {
    return { ...defaultMapping(headers), ...fitMapping(this.options.mapping, headers) };
  }

  private structuredMapping(first: unknown): ColumnMapping {
    const keys = first !== null && typeof first === 'object' ? Object.keys(first) : [];
    return { ...defaultMapping(keys), ...this.options.mapping };
  }

  private batchOf(name: string, bytes: Buffer, sha256: string): SourceBatch {
    const format = this.options.settings.fileFormat;
    if (format === 'csv') {
      const table = readCsv(bytes);
      const mapping = this.csvMapping(table.headers);
      const problems = mappingProblems(mapping, table.headers);
      if (problems.length > 0) throw new UnreadableFileError(`The columns do not fit the mapping: ${mappingProblemsInWords(problems)}`);
      return {
        label: name,
        file: name,
        format: 'csv',
        header: table.headerLine,
        records: csvRecords(table, mapping),
        sha256,
        ignoredColumns: unmappedHeaders(mapping, table.headers),
      };
    }
    const items = format === 'json' ? readJsonRecords(bytes) : readXmlRecords(bytes);
    const rules = compileMapping(this.structuredMapping(items[0]));
    const records = items.map((item, i) => ({ rowNumber: i + 1, raw: JSON.stringify(item), fields: fieldsOfRecord(item, rules, this.options.zone) }));
    return { label: name, file: name, format: 'json', header: null, records, sha256, ignoredColumns: [] };
  }
}

/** An unreadable file as a batch of one quarantined record, so that the health view shows why. */
function unreadable(name: string, sha256: string, reason: string): SourceBatch {
  return {
    label: name,
    format: 'json',
    header: null,
    records: [{ rowNumber: 0, raw: '', fields: { problem: { field: null, code: 'unreadable', params: { detail: reason } } } }],
    sha256,
    ignoredColumns: [],
    problem: reason,
  };
}
