import type { Database } from 'better-sqlite3';
import { createHash, randomUUID } from 'node:crypto';
import type { ImportReport, QuarantinedRow } from '../../api/import';
import type { AppointmentsRepo } from '../cache/appointments-repo';
import type { ContactsRepo } from '../cache/contacts-repo';
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
  source: string;
  inboxId: string;
  fileName: string;
  fileSha256: string;
  ignoredColumns: string[];
}

export interface PipelineStores {
  db: Database;
  appointments: AppointmentsRepo;
  contacts: ContactsRepo;
  importLog: ImportLogRepo;
}

/**
 * The import pipeline every source uses: normalise each record, upsert it by
 * (source, branch, source id), quarantine what cannot be read with its reason. One
 * transaction per run: the report and the rows it describes are stored together.
 */
export function runPipeline(
  stores: PipelineStores,
  target: ImportTarget,
  records: Iterable<SourceRecord>,
  now: number,
): { report: ImportReport; changedIds: string[] } {
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

  stores.db.transaction(() => {
    for (const record of records) {
      report.totalRows++;
      const quarantine = (reason: string) => report.quarantined.push(quarantined(record, reason));
      if ('unreadable' in record.fields) {
        quarantine(record.fields.unreadable);
        continue;
      }
      const result = normaliseRow(record.fields, target);
      if (!result.ok) {
        quarantine(result.reason);
        continue;
      }
      const appt = result.value;
      const key = `${appt.branch}\u0000${appt.sourceId}`;
      const firstRow = seen.get(key);
      if (firstRow !== undefined) {
        quarantine(`appointment id ${appt.sourceId} already appears in row ${firstRow}`);
        continue;
      }
      seen.set(key, record.rowNumber);
      const { id, outcome } = stores.appointments.upsert(
        {
          source: target.source,
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
        () => resolveContact(stores.contacts, appt, now),
        randomUUID,
        now,
      );
      report[outcome]++;
      if (outcome !== 'unchanged') changedIds.push(id);
    }
    stores.importLog.record(report, target.fileSha256);
  })();

  return { report, changedIds };
}

function quarantined(record: SourceRecord, reason: string): QuarantinedRow {
  return { rowNumber: record.rowNumber, reason, raw: record.raw.slice(0, 2000) };
}

function resolveContact(contacts: ContactsRepo, appt: NormalisedAppointment, now: number): string | null {
  if (!appt.customerName && !appt.phone && !appt.email) return null;
  return contacts.matchOrCreate({ name: appt.customerName, phone: appt.phone, email: appt.email }, now).id;
}

function hashOf(appt: NormalisedAppointment, inboxId: string): string {
  const h = createHash('sha1');
  h.update(inboxId);
  for (const value of Object.values(appt)) h.update(`\u0001${value ?? ''}`);
  return h.digest('base64');
}
