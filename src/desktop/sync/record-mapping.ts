import { IMPORT_FIELDS, type ColumnMapping, type ImportField } from '../../api/import';
import { localDateAt, localTimeAt } from '../../domain/zoned-time';
import type { RawFields } from '../../api/normalise-row';

/**
 * Fields of a structured record (an API's item, a JSON or XML file's element) by a mapping of
 * field → path, which a site can change in Settings without code:
 *
 *   customer.name            a value by its path; through arrays, the values joined with ", "
 *   start|date, start|time   the date or time of a timestamp; one with an offset is read in
 *                            the dealership's zone, one without as the wall clock it shows
 *   status=CANCELLED/NO_SHOW "yes" when the value is one of these (case-insensitive), else "no"
 */
export interface PathRule {
  path: string[];
  part: 'date' | 'time' | null;
  equals: string[] | null;
}

const RULE = /^([A-Za-z0-9_@$-]+(?:\.[A-Za-z0-9_@$-]+)*)(?:\|(date|time))?(?:=(.+))?$/;

export function parseRule(text: string): PathRule | null {
  const m = RULE.exec(text.trim());
  if (!m) return null;
  return {
    path: m[1]!.split('.'),
    part: (m[2] as 'date' | 'time' | undefined) ?? null,
    equals: m[3] ? m[3].split('/').map((v) => v.trim().toLowerCase()) : null,
  };
}

/** Why a mapping of paths cannot be used; empty when it can. */
export function pathProblems(mapping: ColumnMapping): string[] {
  return Object.entries(mapping).flatMap(([field, rule]) =>
    parseRule(rule) ? [] : [`"${field}" is mapped to "${rule}", which is not a path like customer.name, start|date or status=CANCELLED.`],
  );
}

function leaves(value: unknown, path: string[]): unknown[] {
  if (Array.isArray(value)) return value.flatMap((v) => leaves(v, path));
  if (path.length === 0) return value === null || value === undefined || typeof value === 'object' ? [] : [value];
  if (value === null || typeof value !== 'object') return [];
  return leaves((value as Record<string, unknown>)[path[0]!], path.slice(1));
}

const OFFSET_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;
const WALL_TIMESTAMP = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2})/;

function partOf(value: string, part: 'date' | 'time', zone: string): string {
  if (OFFSET_TIMESTAMP.test(value)) {
    const instant = Date.parse(value);
    if (!Number.isNaN(instant)) return part === 'date' ? localDateAt(instant, zone) : localTimeAt(instant, zone);
  }
  const wall = WALL_TIMESTAMP.exec(value);
  if (wall) return part === 'date' ? wall[1]! : wall[2]!;
  return value;
}

export function valueOf(record: unknown, rule: PathRule, zone: string): string | undefined {
  const values = leaves(record, rule.path).map(String);
  if (rule.equals) return values.some((v) => rule.equals!.includes(v.trim().toLowerCase())) ? 'yes' : 'no';
  if (values.length === 0) return undefined;
  const joined = values.join(', ');
  return rule.part ? partOf(joined, rule.part, zone) : joined;
}

/** Rules parsed once per run; a field whose rule does not parse is left out (pathProblems said so on save). */
export function compileMapping(mapping: ColumnMapping): Array<[ImportField, PathRule]> {
  return IMPORT_FIELDS.flatMap((field) => {
    const rule = mapping[field] ? parseRule(mapping[field]) : null;
    return rule ? [[field, rule] as [ImportField, PathRule]] : [];
  });
}

export function fieldsOfRecord(record: unknown, rules: Array<[ImportField, PathRule]>, zone: string): RawFields {
  const fields: RawFields = {};
  for (const [field, rule] of rules) fields[field] = valueOf(record, rule, zone);
  return fields;
}
