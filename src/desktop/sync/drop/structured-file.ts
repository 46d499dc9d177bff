import { XMLParser } from 'fast-xml-parser';
import { decode, UnreadableFileError } from '../csv-file';

/**
 * The records of a JSON or XML export: a JSON array (at the top, or the first array in the top
 * object), or the repeated element under an XML document's root (<afspraken><afspraak>…).
 * XML attributes read as fields beside the child elements; values stay text.
 */
export function readJsonRecords(bytes: Uint8Array): unknown[] {
  let value: unknown;
  try {
    value = JSON.parse(decode(bytes).text);
  } catch (error) {
    throw new UnreadableFileError(`The file is not valid JSON: ${(error as Error).message}`);
  }
  const records = Array.isArray(value) ? value : firstArray(value);
  if (!records) throw new UnreadableFileError('The JSON file has no list of appointments (an array) at its top.');
  return records;
}

export function readXmlRecords(bytes: Uint8Array): unknown[] {
  const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', parseTagValue: false, trimValues: true });
  let document: Record<string, unknown>;
  try {
    document = parser.parse(decode(bytes).text, true) as Record<string, unknown>;
  } catch (error) {
    throw new UnreadableFileError(`The file is not valid XML: ${(error as Error).message}`);
  }
  const rootKey = Object.keys(document).find((k) => !k.startsWith('?'));
  const root = rootKey ? document[rootKey] : undefined;
  if (root === null || typeof root !== 'object') throw new UnreadableFileError('The XML file has no appointments under its root element.');
  const children = Object.values(root as Record<string, unknown>);
  const repeated = children.find(Array.isArray) ?? children.find((c) => c !== null && typeof c === 'object');
  if (!repeated) throw new UnreadableFileError('The XML file has no appointments under its root element.');
  return Array.isArray(repeated) ? repeated : [repeated];
}

function firstArray(value: unknown): unknown[] | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  return Object.values(value as Record<string, unknown>).find(Array.isArray);
}
