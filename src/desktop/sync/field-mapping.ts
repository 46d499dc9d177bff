import { IMPORT_FIELDS, type ColumnMapping, type ImportField, type MappingProblem } from '../../api/import';

/**
 * Header names dealer exports use for each field: Dutch (the Netherlands and Flanders), French
 * (Wallonia, Brussels) and English; the bundled sample file's headers come first. Compared
 * after folding (see fold), so "Afspraak nr." and "AFSPRAAK NR" are the same header.
 */
const HEADER_ALIASES: Record<ImportField, string[]> = {
  sourceId: [
    'Afspraak ID', 'Afspraaknummer', 'Afspraaknr', 'Afspraak nr.', 'Afspraak nummer', 'Afspraak-ID',
    'RDV n°', 'N° RDV', 'N° de rendez-vous', 'Numéro de rendez-vous', 'ID rendez-vous', 'Référence rendez-vous',
    'Appointment ID', 'Appointment number', 'Appointment no.', 'Booking ID', 'Booking reference', 'ID',
  ],
  branch: ['Vestiging', 'Filiaal', 'Locatie', 'Établissement', 'Succursale', 'Site', 'Agence', 'Branch', 'Location'],
  date: [
    'Datum', 'Afspraakdatum', 'Afspraak datum', 'Datum afspraak',
    'Date du rendez-vous', 'Date de rendez-vous', 'Date RDV', 'Jour',
    'Date', 'Appointment date',
  ],
  time: [
    'Tijd', 'Aanvang', 'Tijdstip', 'Begintijd', 'Starttijd', 'Uur', 'Aanvangsuur',
    'Heure', 'Heure du rendez-vous', 'Heure RDV', 'Heure de début',
    'Time', 'Start time', 'Appointment time',
  ],
  customerName: ['Klant', 'Klantnaam', 'Naam', 'Naam klant', 'Client', 'Nom', 'Nom du client', 'Nom client', 'Customer', 'Customer name', 'Name'],
  customerId: ['Klantnummer', 'Klantnr', 'Klantnr.', 'Klant nr', 'Klant-ID', 'Debiteurnummer', 'Customer number', 'Customer no', 'Customer ID', 'N° client', 'Numéro client', 'Numéro de client'],
  phone: [
    'Telefoon', 'Mobiel', 'Telefoonnummer', 'GSM', 'GSM-nummer', 'Tel.',
    'Téléphone', 'Portable', 'Tél.', 'Numéro de téléphone', 'Numéro GSM',
    'Phone', 'Mobile', 'Phone number', 'Mobile number',
  ],
  email: ['E-mail', 'Email', 'E-mailadres', 'Mail', 'Courriel', 'Adresse e-mail', 'E-mail address'],
  plate: [
    'Kenteken', 'Nummerplaat', 'Kentekenplaat',
    'Immatriculation', "Plaque d'immatriculation", 'Plaque', 'N° de plaque',
    'License plate', 'Licence plate', 'Registration', 'Registration number', 'Plate',
  ],
  make: ['Merk', 'Marque', 'Make', 'Brand'],
  model: ['Model', 'Modèle', 'Type'],
  work: [
    'Werkzaamheden', 'Omschrijving', 'Werkomschrijving', 'Opdracht',
    'Travaux', 'Description des travaux', 'Intervention',
    'Work', 'Work to be done', 'Description', 'Jobs',
  ],
  workOrder: [
    'Werkorder', 'Werkordernummer', 'Werkorder nr.', 'Werkbon',
    'Ordre de réparation', 'N° OR', "N° d'ordre", 'Bon de travail',
    'Work order', 'Repair order', 'RO number',
  ],
  owner: [
    'Adviseur', 'Serviceadviseur', 'Service adviseur', 'Receptionist',
    'Conseiller', 'Conseiller service', 'Réceptionnaire',
    'Advisor', 'Adviser', 'Service advisor', 'Owner',
  ],
  cancelled: ['Geannuleerd', 'Status', 'Annulé', 'Statut', 'Cancelled', 'Canceled'],
};

/**
 * A header as compared: without accents, case, punctuation or the number sign's many forms
 * ("N°", "nº", "nr." and "no." all read "nr"), one space between words.
 */
export function fold(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase()
    .replace(/\b(n[°º]|nr\.?|no\.?|n\.)(?=\s|$|\d)/g, 'nr')
    .replace(/[°º]/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

const FOLDED_ALIASES = Object.fromEntries(
  Object.entries(HEADER_ALIASES).map(([field, aliases]) => [field, aliases.map(fold)]),
) as Record<ImportField, string[]>;

/** The mapping that fits the file's headers by name, for a source seen for the first time. */
export function defaultMapping(headers: string[]): ColumnMapping {
  const byFolded = new Map(headers.map((h) => [fold(h), h]));
  const mapping: ColumnMapping = {};
  const taken = new Set<string>();
  for (const field of IMPORT_FIELDS) {
    for (const alias of FOLDED_ALIASES[field]) {
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

/** A mapping's problems in English, for a drop folder's run message and its error folder. */
export function mappingProblemsInWords(problems: MappingProblem[]): string {
  return problems
    .map((p) => (p.code === 'requiredUnmapped' ? `No column is mapped to "${p.field}", which every row needs.` : `"${p.field}" is mapped to column "${p.header}", which is not in this file.`))
    .join(' ');
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
