import { randomUUID } from 'node:crypto';
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { ImportProblem, QuarantinedRow, RevisedRow } from '../../api/import';
import { keyOf, type AppointmentsRepo, type UpsertOutcome } from '../cache/appointments-repo';
import type { ContactMatcher, ContactsRepo } from '../cache/contacts-repo';
import { sourceCustomerKey } from '../../domain/contact-identity';
import type { ImportCounts, ImportLogRepo } from '../cache/import-log-repo';
import { searchTextOf } from '../cache/search-text';
import type { Transaction } from '../../sqlite/transaction';
import { normaliseRow, type NormaliseContext, type NormalisedAppointment, type RawFields } from '../../api/normalise-row';

/** One record from any source: its fields, or why it could not even be split into fields. */
export interface SourceRecord {
  rowNumber: number;
  raw: string;
  fields: RawFields | { problem: ImportProblem };
}

export interface ImportTarget extends NormaliseContext {
  /** Whose import this is, for the import log. */
  source: string;
  /** The key the appointments are stored under, when it is not `source` (see appointmentSourceOf). */
  appointmentSource?: string;
  inboxId: string;
  fileName: string;
  fileSha256: string;
  ignoredColumns: string[];
  /** How the records' raw text is to be read again when a quarantined row is retried. */
  recordFormat: 'csv' | 'json';
  header: string | null;
  /** The source's appointments on these days are all in this run (see SourceBatch.complete). */
  complete?: { days: string[]; branches: string[] | null };
}

export interface PipelineStores {
  /** A chunk is stored in one transaction, whole or not at all. */
  transaction: Transaction;
  appointments: AppointmentsRepo;
  contacts: ContactsRepo;
  importLog: ImportLogRepo;
  /** Inside each chunk's transaction: what else must be stored with the changed appointments (`importId`: this run). */
  changed?(ids: string[], importId: string): void;
}

/** What a run did, row by row summed up; its report is in the import log under `id`. */
export interface ImportOutcome extends ImportCounts {
  id: string;
  cancelled: number;
}

/**
 * Rows stored per transaction: small enough that a chunk's rows, lookups and outbox jobs take
 * little memory and the event loop is given back often (the board answers between chunks),
 * large enough that the per-transaction cost does not show.
 */
export const CHUNK_ROWS = 1000;

/**
 * One import, in chunks: each chunk of records is normalised, upserted by (source, branch,
 * source id), and stored in its own transaction with its quarantined rows and the run's counts,
 * so memory stays flat however long the file is, and what was stored stays stored if the run
 * stops (the app closed): importing the file again changes nothing for rows already stored.
 *
 * An appointment given twice in one run (exports list revisions) is stored as its later row
 * says, and the report lists the row it replaced. Across chunks the run remembers each
 * appointment's last row in the import log (on disk, not in memory: a 1,000,000-row file
 * would not fit the memory goal otherwise).
 */
export class ImportRun {
  readonly id = randomUUID();
  private readonly counts: ImportCounts = { totalRows: 0, created: 0, updated: 0, unchanged: 0, quarantined: 0, revised: 0 };
  private readonly appointmentSource: string;
  /** A complete listing's missing appointments are cancelled: every appointment it names, quarantined or not. */
  private readonly named: Set<string> | null;
  private allNamed = true;

  constructor(
    private readonly stores: PipelineStores,
    private readonly target: ImportTarget,
    private readonly now: number,
  ) {
    this.appointmentSource = target.appointmentSource ?? target.source;
    this.named = target.complete ? new Set() : null;
    stores.importLog.begin(
      { id: this.id, source: target.source, fileName: target.fileName, importedAt: now, ignoredColumns: target.ignoredColumns },
      target.fileSha256,
      target.recordFormat,
      target.header,
    );
  }

  /** The counts so far. */
  progress(): Readonly<ImportCounts> {
    return this.counts;
  }

  /** Stores one chunk in one transaction; the ids of the appointments it created or changed. */
  store(records: SourceRecord[]): string[] {
    return this.stores.transaction(() => this.storeChunk(records));
  }

  /** Cancels what a complete listing no longer names, and marks the run finished. */
  finish(): ImportOutcome {
    let cancelled = 0;
    this.stores.transaction(() => {
      if (this.target.complete && this.named && this.allNamed) {
        const { days, branches } = this.target.complete;
        const gone = this.stores.appointments.cancelMissing(this.appointmentSource, days, branches, this.named, this.now);
        cancelled = gone.length;
        if (gone.length > 0) this.stores.changed?.(gone, this.id);
      }
      this.stores.importLog.finish(this.id, this.counts, this.now);
    });
    return { id: this.id, ...this.counts, cancelled };
  }

  private storeChunk(records: SourceRecord[]): string[] {
    const { stores, target, now } = this;
    const quarantined: Array<{ row: QuarantinedRow; key: string | null }> = [];
    const revised: RevisedRow[] = [];
    // Each appointment's last row in this chunk, and the first (which replaces one of an earlier chunk).
    const latest = new Map<string, { appt: NormalisedAppointment; rowNumber: number; firstRow: number }>();
    const chunkKeys = new Set<string>();
    for (const record of records) {
      this.counts.totalRows++;
      if ('problem' in record.fields) {
        this.allNamed = false;
        quarantined.push({ row: { rowNumber: record.rowNumber, problems: [record.fields.problem], raw: record.raw }, key: null });
        continue;
      }
      const sourceId = record.fields.sourceId?.trim();
      const key = sourceId ? keyOf(record.fields.branch?.trim() ?? '', sourceId) : null;
      if (key) {
        this.named?.add(key);
        chunkKeys.add(key);
      }
      const result = normaliseRow(record.fields, target);
      if (!result.ok) {
        quarantined.push({ row: { rowNumber: record.rowNumber, problems: result.problems, raw: record.raw }, key });
        continue;
      }
      const appt = result.value;
      const appointmentKey = keyOf(appt.branch, appt.sourceId);
      const before = latest.get(appointmentKey);
      if (before) revised.push({ rowNumber: record.rowNumber, replacedRow: before.rowNumber, branch: appt.branch, sourceId: appt.sourceId });
      latest.set(appointmentKey, { appt, rowNumber: record.rowNumber, firstRow: before?.firstRow ?? record.rowNumber });
    }

    const earlier = stores.importLog.runKeys(this.id, [...latest.keys()]);
    const rows = [...latest.values()];
    const changedIds: string[] = [];
    const outcomes: Array<{ key: string; rowNumber: number; outcome: UpsertOutcome }> = [];
    const existing = stores.appointments.existing(
      this.appointmentSource,
      rows.map(({ appt }) => [appt.branch, appt.sourceId]),
    );
    const contacts = stores.contacts.matcher(
      rows.flatMap(({ appt }) => (appt.phone ? [appt.phone] : [])),
      rows.flatMap(({ appt }) => (appt.email ? [appt.email] : [])),
    );
    for (const { appt, rowNumber, firstRow } of rows) {
      const key = keyOf(appt.branch, appt.sourceId);
      const { id, outcome } = stores.appointments.upsert(
        {
          source: this.appointmentSource,
          branch: appt.branch,
          sourceId: appt.sourceId,
          inboxId: target.inboxId,
          localDate: appt.localDate,
          localTime: appt.localTime,
          zone: target.zone,
          startsAt: appt.startsAt,
          plate: appt.plate,
          make: appt.make,
          model: appt.model,
          work: appt.work,
          workOrder: appt.workOrder,
          owner: appt.owner,
          cancelled: appt.cancelled,
          rowHash: hashOf(appt, target.inboxId),
          searchText: searchTextOf({ ...appt, name: appt.customerName }),
        },
        existing.get(key),
        (current) => resolveContact(contacts, appt, this.appointmentSource, current, now),
        randomUUID,
        now,
      );
      const first = earlier.get(key);
      if (first) revised.push({ rowNumber: firstRow, replacedRow: first.rowNumber, branch: appt.branch, sourceId: appt.sourceId });
      outcomes.push({ key, rowNumber, outcome: this.count(outcome, first?.outcome) });
      if (outcome !== 'unchanged') changedIds.push(id);
    }
    contacts.dropReleased();
    this.counts.quarantined += quarantined.length;
    this.counts.revised += revised.length;
    stores.importLog.rememberRunKeys(this.id, outcomes);
    stores.importLog.addRows(this.id, quarantined, revised);
    stores.importLog.settleQuarantined(target.source, this.id, chunkKeys);
    stores.importLog.setCounts(this.id, this.counts);
    if (changedIds.length > 0) stores.changed?.(changedIds, this.id);
    return changedIds;
  }

  /**
   * Counts an appointment once per run, as its first row's outcome: a later row of it (a
   * revision) only turns "unchanged" into "updated" when it changes what is stored.
   */
  private count(outcome: UpsertOutcome, first: UpsertOutcome | undefined): UpsertOutcome {
    if (first === undefined) {
      this.counts[outcome]++;
      return outcome;
    }
    if (first === 'unchanged' && outcome !== 'unchanged') {
      this.counts.unchanged--;
      this.counts.updated++;
      return 'updated';
    }
    return first;
  }
}

/** Stores records held in memory (a source's batch, a retry, the demo's sample) in chunks, without yielding. */
export function runPipeline(stores: PipelineStores, target: ImportTarget, records: Iterable<SourceRecord>, now: number): ImportOutcome {
  const run = new ImportRun(stores, target, now);
  let chunk: SourceRecord[] = [];
  for (const record of records) {
    chunk.push(record);
    if (chunk.length === CHUNK_ROWS) {
      run.store(chunk);
      chunk = [];
    }
  }
  if (chunk.length > 0) run.store(chunk);
  return run.finish();
}

/**
 * Stores records as they stream in (a file of any length, in batches as they are read), chunk
 * by chunk, giving the event loop back between chunks so that the board answers meanwhile;
 * `afterChunk` is told the counts after each one.
 */
export async function importStream(
  stores: PipelineStores,
  target: ImportTarget,
  batches: AsyncIterable<SourceRecord[]>,
  now: number,
  afterChunk: (counts: Readonly<ImportCounts>) => void,
): Promise<ImportOutcome> {
  const run = new ImportRun(stores, target, now);
  let chunk: SourceRecord[] = [];
  const store = async () => {
    run.store(chunk);
    chunk = [];
    afterChunk(run.progress());
    await nextTurn();
  };
  for await (const batch of batches) {
    for (const record of batch) {
      chunk.push(record);
      if (chunk.length === CHUNK_ROWS) await store();
    }
  }
  if (chunk.length > 0) await store();
  return run.finish();
}

/** The row's customer by the identity rule (domain/contact-identity); `current`: its appointment's. */
function resolveContact(contacts: ContactMatcher, appt: NormalisedAppointment, source: string, current: string | null, now: number): string | null {
  if (!appt.customerName && !appt.phone && !appt.email && !appt.customerId) return null;
  const sourceCustomer = appt.customerId ? sourceCustomerKey(source, appt.customerId) : null;
  return contacts.matchOrCreate({ name: appt.customerName, phone: appt.phone, email: appt.email }, now, current, sourceCustomer).id;
}

/**
 * A fingerprint of a row's content, to see that a re-imported row did not change. It only
 * tells versions of one appointment apart, so a fast 53-bit hash (cyrb53) is enough.
 */
function hashOf(appt: NormalisedAppointment, inboxId: string): string {
  let text = inboxId;
  for (const value of Object.values(appt)) text += `\u0001${value ?? ''}`;
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36);
}
