import type { Database } from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import type { ImportField, ImportReport, QuarantinedRow } from '../../api/import';
import { keyOf, type AppointmentsRepo } from '../cache/appointments-repo';
import type { ContactMatcher, ContactsRepo } from '../cache/contacts-repo';
import type { ImportLogRepo } from '../cache/import-log-repo';
import { searchTextOf } from '../cache/search-text';
import { normaliseRow, type NormaliseContext, type NormalisedAppointment, type RawFields } from './normalise-row';

/** One record from any source: its fields, or why it could not even be split into fields. */
export interface SourceRecord {
  rowNumber: number;
  raw: string;
  fields: RawFields | { unreadable: string };
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
  db: Database;
  appointments: AppointmentsRepo;
  contacts: ContactsRepo;
  importLog: ImportLogRepo;
  /** Inside the run's transaction: what else must be stored with the changed appointments. */
  changed?(ids: string[]): void;
}

/**
 * The import pipeline every source uses: normalise each record, upsert it by
 * (source, branch, source id), quarantine what cannot be read with its reason. One
 * transaction per run: the report and the rows it describes are stored together. Existing
 * appointments and contacts are looked up for the whole run at once, not row by row.
 */
export function runPipeline(
  stores: PipelineStores,
  target: ImportTarget,
  records: Iterable<SourceRecord>,
  now: number,
): { report: ImportReport; changedIds: string[]; cancelled: number; named: Set<string> } {
  const report: ImportReport = {
    id: randomUUID(),
    source: target.source,
    fileName: target.fileName,
    importedAt: now,
    totalRows: 0,
    created: 0,
    updated: 0,
    unchanged: 0,
    quarantined: [],
    ignoredColumns: target.ignoredColumns,
  };
  const changedIds: string[] = [];
  const seen = new Map<string, number>();
  const rows: Array<{ appt: NormalisedAppointment }> = [];
  // Every appointment the run names, quarantined or not: a complete listing's missing ones are cancelled.
  const named = new Set<string>();
  // Each quarantined row's key (null: not even an id), so that a later version of it closes it.
  const quarantinedKeys: Array<string | null> = [];
  let allNamed = true;
  for (const record of records) {
    report.totalRows++;
    let key: string | null = null;
    const quarantine = (field: ImportField | null, reason: string) => {
      report.quarantined.push(quarantined(record, field, reason));
      quarantinedKeys.push(key);
    };
    if ('unreadable' in record.fields) {
      allNamed = false;
      quarantine(null, record.fields.unreadable);
      continue;
    }
    const sourceId = record.fields.sourceId?.trim();
    if (sourceId) {
      key = keyOf(record.fields.branch?.trim() ?? '', sourceId);
      named.add(key);
    }
    const result = normaliseRow(record.fields, target);
    if (!result.ok) {
      quarantine(result.field, result.reason);
      continue;
    }
    const appointmentKey = keyOf(result.value.branch, result.value.sourceId);
    const firstRow = seen.get(appointmentKey);
    if (firstRow !== undefined) {
      quarantine('sourceId', `appointment id ${result.value.sourceId} already appears in row ${firstRow}`);
      continue;
    }
    seen.set(appointmentKey, record.rowNumber);
    rows.push({ appt: result.value });
  }

  let cancelled = 0;
  const appointmentSource = target.appointmentSource ?? target.source;
  stores.db.transaction(() => {
    const existing = stores.appointments.existing(
      appointmentSource,
      rows.map(({ appt }) => [appt.branch, appt.sourceId]),
    );
    const contacts = stores.contacts.matcher(
      rows.flatMap(({ appt }) => (appt.phone ? [appt.phone] : [])),
      rows.flatMap(({ appt }) => (appt.email ? [appt.email] : [])),
    );
    for (const { appt } of rows) {
      const { id, outcome } = stores.appointments.upsert(
        {
          source: appointmentSource,
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
        existing.get(keyOf(appt.branch, appt.sourceId)),
        (current) => resolveContact(contacts, appt, current, now),
        randomUUID,
        now,
      );
      report[outcome]++;
      if (outcome !== 'unchanged') changedIds.push(id);
    }
    if (target.complete && allNamed) {
      const gone = stores.appointments.cancelMissing(appointmentSource, target.complete.days, target.complete.branches, named, now);
      cancelled = gone.length;
      changedIds.push(...gone);
    }
    stores.importLog.record(report, target.fileSha256, target.recordFormat, target.header, quarantinedKeys);
    if (changedIds.length > 0) stores.changed?.(changedIds);
  })();

  return { report, changedIds, cancelled, named };
}

function quarantined(record: SourceRecord, field: ImportField | null, reason: string): QuarantinedRow {
  return { rowNumber: record.rowNumber, field, reason, raw: record.raw.slice(0, 2000) };
}

/** The row's customer by the identity rule (domain/contact-identity); `current`: its appointment's. */
function resolveContact(contacts: ContactMatcher, appt: NormalisedAppointment, current: string | null, now: number): string | null {
  if (!appt.customerName && !appt.phone && !appt.email) return null;
  return contacts.matchOrCreate({ name: appt.customerName, phone: appt.phone, email: appt.email }, now, current).id;
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
