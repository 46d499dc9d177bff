import { IMPORT_FIELDS, REQUIRED_IMPORT_FIELDS, type ColumnMapping, type ImportField } from '../../api/import';

/**
 * Header names dealer exports use for each field, Dutch and English; the bundled sample
 * file's headers come first. Compared case- and accent-insensitively.
 */
const HEADER_ALIASES: Record<ImportField, string[]> = {
  sourceId: ['afspraak id', 'afspraaknummer', 'appointment id', 'id'],
  branch: ['vestiging', 'filiaal', 'branch', 'site'],
  date: ['datum', 'afspraakdatum', 'date', 'appointment date'],
  time: ['tijd', 'aanvang', 'time', 'start time'],
  customerName: ['klant', 'klantnaam', 'naam', 'customer', 'customer name', 'name'],
  phone: ['telefoon', 'mobiel', 'telefoonnummer', 'phone', 'mobile'],
  email: ['e-mail', 'email', 'e-mailadres'],
  plate: ['kenteken', 'license plate', 'registration', 'plate'],
  make: ['merk', 'make', 'brand'],
  model: ['model', 'type'],
  work: ['werkzaamheden', 'omschrijving', 'work', 'description', 'jobs'],
  workOrder: ['werkorder', 'werkordernummer', 'work order', 'repair order', 'ro number'],
  owner: ['adviseur', 'serviceadviseur', 'advisor', 'service advisor', 'owner'],
  cancelled: ['geannuleerd', 'status', 'cancelled', 'canceled'],
};

function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{Diacritic}/gu, '').trim().toLowerCase();
}

/** The mapping that fits the file's headers by name, for a source seen for the first time. */
export function defaultMapping(headers: string[]): ColumnMapping {
  const byFolded = new Map(headers.map((h) => [fold(h), h]));
  const mapping: ColumnMapping = {};
  const taken = new Set<string>();
  for (const field of IMPORT_FIELDS) {
    for (const alias of HEADER_ALIASES[field]) {
      const header = byFolded.get(alias);
      if (header && !taken.has(header)) {
        mapping[field] = header;
        taken.add(header);
        break;
      }
    }
  }
  return mapping;
}

/** Keeps a remembered mapping's columns that this file still has. */
export function fitMapping(mapping: ColumnMapping, headers: string[]): ColumnMapping {
  const present = new Set(headers);
  return Object.fromEntries(Object.entries(mapping).filter(([, header]) => present.has(header)));
}

/** Why a mapping cannot be used with these headers; empty when it can. */
export function mappingProblems(mapping: ColumnMapping, headers: string[]): string[] {
  const present = new Set(headers);
  const problems: string[] = [];
  for (const field of REQUIRED_IMPORT_FIELDS) {
    if (!mapping[field]) problems.push(`No column is mapped to "${field}", which every row needs.`);
  }
  for (const [field, header] of Object.entries(mapping)) {
    if (!present.has(header)) problems.push(`"${field}" is mapped to column "${header}", which is not in this file.`);
  }
  return problems;
}

/** Column positions per mapped field, resolved once per file. */
export function columnIndexes(mapping: ColumnMapping, headers: string[]): Partial<Record<ImportField, number>> {
  const indexes: Partial<Record<ImportField, number>> = {};
  for (const [field, header] of Object.entries(mapping) as [ImportField, string][]) {
    indexes[field] = headers.indexOf(header);
  }
  return indexes;
}

export function unmappedHeaders(mapping: ColumnMapping, headers: string[]): string[] {
  const used = new Set(Object.values(mapping));
  return headers.filter((h) => h !== '' && !used.has(h));
}
