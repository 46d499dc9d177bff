import type { CertificateInfo } from '../../api/sources';
import type { IsoDate } from '../../domain/calendar-date';
import type { SourceNotification } from '../relay/event-applier';
import type { SourceRecord } from './import-pipeline';

/**
 * A batch of records a source delivers in one go: one file of a drop, or one query of a pull.
 * The runner stores each batch in its own transaction, then calls `stored`.
 */
export interface SourceBatch {
  /** What the health view calls it: a file's name, or the query ("changes since 10:55"). */
  label: string;
  /** A file's name: its hash is remembered once stored, so that the same content is not taken again. */
  file?: string;
  /** csv: raw is the row's line read under `header`; json: raw is the record as JSON. */
  format: 'csv' | 'json';
  header: string | null;
  records: Iterable<SourceRecord>;
  /** The content's hash for the import log (and, for files, to never take one twice). */
  sha256: string;
  ignoredColumns: string[];
  /**
   * The source's appointments on these days (in these branches) are all in this batch: a cached
   * one that is missing was taken off the planning, and its card is marked cancelled.
   */
  complete?: { days: IsoDate[]; branches: string[] | null };
  /** The whole batch could not be read (a broken file): why, in words; its one record says the same. */
  problem?: string;
  /** After the batch is stored: e.g. move the file to the archive folder. */
  stored?(): Promise<void>;
}

export interface RunInput {
  /** The cursor the last successful run left; null on the first run. */
  cursor: string | null;
  now: number;
  today: IsoDate;
  tomorrow: IsoDate;
  /** True when a file with this content was imported from the source before. */
  seen(sha256: string): boolean;
}

/**
 * One connector per kind of source, all behind this interface. `pull` yields batches and
 * returns the cursor for the next run (null: none kept).
 */
export interface Connector {
  /** Reads a little of the source and says what it found, or throws with the reason. */
  test(now: number): Promise<string>;
  pull(input: RunInput): AsyncGenerator<SourceBatch, string | null>;
  /** Quarantined records read again with the mapping as it is now (after it was fixed). */
  reread(format: 'csv' | 'json', header: string | null, rows: Array<{ rowNumber: number; raw: string }>): SourceRecord[];
  /** The certificate the source's server shows, after a failure because no authority vouches for it. */
  certificate?(): Promise<CertificateInfo | null>;
  /**
   * Whether a planning system's notification (relayed by the backend) is about this source, for
   * systems that notify only; a connector without it takes none.
   */
  takes?(notification: SourceNotification): boolean;
  /** The record a notification this connector takes names; null: not one for the board. */
  fetchRecord?(ref: RecordRef): Promise<SourceBatch | null>;
  /** Closes connections the connector keeps between runs. */
  close?(): Promise<void>;
}

/** A record a planning system names in a notification: what kind of record, and its id there. */
export interface RecordRef {
  kind: string;
  id: string;
}

/** A source's failure in words a service advisor or the IT person can act on. */
export class SourceFailure extends Error {
  /** `cause`: the library's error, for a caller that must know more than the words (a certificate's code). */
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SourceFailure';
  }
}
