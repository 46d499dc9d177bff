/** Builds dealer CSV exports for tests, in the encodings dealers send. */
export const SAMPLE_HEADER = 'Afspraak ID;Vestiging;Datum;Tijd;Klant;Telefoon;E-mail;Kenteken;Merk;Model;Werkzaamheden;Werkorder;Adviseur';

export function csv(lines: string[], options: { bom?: boolean; windows1252?: boolean } = {}): Buffer {
  const text = lines.join('\r\n') + '\r\n';
  if (options.windows1252) return Buffer.from(text, 'latin1');
  const body = Buffer.from(text, 'utf8');
  return options.bom ? Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), body]) : body;
}

export function base64(bytes: Buffer): string {
  return bytes.toString('base64');
}
