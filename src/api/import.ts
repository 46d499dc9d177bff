import { z } from 'zod';
import { IdSchema, RefusalSchema } from './appointment';

/** Appointment fields a dealer's column can be mapped to. */
export const IMPORT_FIELDS = [
  'sourceId',
  'branch',
  'date',
  'time',
  'customerName',
  'customerId',
  'phone',
  'email',
  'plate',
  'make',
  'model',
  'work',
  'workOrder',
  'owner',
  'cancelled',
] as const;
export type ImportField = (typeof IMPORT_FIELDS)[number];
export const REQUIRED_IMPORT_FIELDS: readonly ImportField[] = ['sourceId', 'date'];

/** field → the header of the column that holds it (absent: not in this file). */
export const ColumnMappingSchema = z.partialRecord(z.enum(IMPORT_FIELDS), z.string().min(1).max(200));
export type ColumnMapping = z.infer<typeof ColumnMappingSchema>;

/**
 * A file reaches the core in pieces, each in its own BoardApi call, so that a 1,000,000-row
 * export (~130 MB) fits both transports (an IPC message, a WebSocket frame) and the core keeps
 * it on disk, never whole in memory. Small pieces keep the core's memory flat while they come
 * (measured on a 40 MB file: +48 MB with 512 KiB pieces, +123 MB with 4 MiB ones), and a
 * piece's round trip costs little.
 */
export const IMPORT_PIECE_BYTES = 512 * 1024;
/** Far beyond any dealer's export (a year of a large dealer group is under 200 MB). */
export const MAX_IMPORT_BYTES = 1024 * 1024 * 1024;

export const BeginImportUploadSchema = z.object({
  fileName: z.string().min(1).max(260),
  size: z.number().int().min(0).max(MAX_IMPORT_BYTES, 'the file is larger than 1 GB'),
});

export const ImportUploadSchema = z.object({ uploadId: IdSchema });

export const AppendImportPieceSchema = ImportUploadSchema.extend({
  /** Where this piece starts in the file: pieces come in order, and a repeated one is recognised. */
  offset: z.number().int().min(0),
  contentBase64: z
    .string()
    .min(1)
    .max(Math.ceil(IMPORT_PIECE_BYTES / 3) * 4, `a piece of the file is larger than ${IMPORT_PIECE_BYTES / 1024} KiB`)
    // Node's base64 decoder skips what is not base64: such a piece would arrive changed, unnoticed.
    // One character class, not groups: a 5 MB piece must not exhaust the regex engine's stack.
    .refine((text) => text.length % 4 === 0 && /^[A-Za-z0-9+/]+={0,2}$/.test(text), 'is not base64'),
});

export const ImportSourceSchema = z
  .string()
  .min(1)
  .max(60)
  .regex(/^[a-z0-9][a-z0-9_-]*$/i, 'use letters, digits, - and _');

export const ImportPreviewSchema = z.object({
  /** mixed: lines in both, each read in its own (an export appended to by two systems). */
  encoding: z.enum(['utf-8', 'windows-1252', 'mixed', 'utf-16']),
  delimiter: z.enum([';', ',', '\t']),
  headers: z.array(z.string()),
  sampleRows: z.array(z.array(z.string())),
  rowCount: z.number().int(),
  mapping: ColumnMappingSchema,
  mappingRemembered: z.boolean(),
});
export type ImportPreview = z.infer<typeof ImportPreviewSchema>;

/**
 * One thing wrong with a row, as a code with its parameters: the renderer words it in the
 * user's language. `field` is the appointment field it is about; null when the row as a whole
 * could not be read.
 */
const problem = <C extends string, P extends z.ZodRawShape>(code: C, params: P) =>
  z.object({ field: z.enum(IMPORT_FIELDS).nullable(), code: z.literal(code), params: z.object(params) });

export const ImportProblemSchema = z.discriminatedUnion('code', [
  /** A value every row needs (appointment id, date) is empty. */
  problem('missing', {}),
  problem('tooLong', { max: z.number().int(), length: z.number().int() }),
  problem('notADate', { value: z.string() }),
  problem('noSuchDate', { value: z.string() }),
  problem('dateOutOfRange', { value: z.string(), first: z.number().int(), last: z.number().int() }),
  problem('notATime', { value: z.string() }),
  problem('noSuchTime', { value: z.string() }),
  problem('notAPhoneNumber', { value: z.string() }),
  problem('invalidPhoneNumber', { value: z.string() }),
  problem('notAnEmail', { value: z.string() }),
  problem('notACancelledValue', { value: z.string() }),
  /** A value holds a NUL character: binary, not text (no store keeps it the same way). */
  problem('nulCharacter', {}),
  /** The row has fewer cells than the header, or non-empty cells beyond it. */
  problem('columnCount', { cells: z.number().int(), columns: z.number().int() }),
  /** A quote opens a cell on this row and is never closed (the rows after it are read on). */
  problem('unclosedQuote', {}),
  /** A record or file a parser could not read; `detail` is the parser's own words. */
  problem('unreadable', { detail: z.string() }),
]);
export type ImportProblem = z.infer<typeof ImportProblemSchema>;
export type ImportProblemCode = ImportProblem['code'];

export const QuarantinedRowSchema = z.object({
  rowNumber: z.number().int(),
  /** Every problem of the row, not only the first. */
  problems: z.array(ImportProblemSchema).min(1),
  raw: z.string(),
});
export type QuarantinedRow = z.infer<typeof QuarantinedRowSchema>;

/** A row that gave an appointment again, later in the same file: exports list revisions, so the later row is what was imported. */
export const RevisedRowSchema = z.object({
  rowNumber: z.number().int(),
  /** The earlier row of the same appointment that this one replaced. */
  replacedRow: z.number().int(),
  branch: z.string(),
  sourceId: z.string(),
});
export type RevisedRow = z.infer<typeof RevisedRowSchema>;

/** A row the backend refused after it was imported here, with the backend's reason (its card says "Not saved" too). */
export const RefusedRowSchema = z.object({
  appointmentId: IdSchema,
  branch: z.string(),
  sourceId: z.string(),
  refusal: RefusalSchema,
});
export type RefusedRow = z.infer<typeof RefusedRowSchema>;

/** How many quarantined or revised rows a report carries; the rest are read page by page. */
export const IMPORT_ROWS_PAGE = 200;

export const ImportReportSchema = z.object({
  id: IdSchema,
  source: z.string(),
  fileName: z.string(),
  importedAt: z.number(),
  /** Null: the import stopped before the end of its file (the app was closed); what it stored stays. */
  finishedAt: z.number().nullable(),
  totalRows: z.number().int(),
  created: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  quarantinedCount: z.number().int(),
  revisedCount: z.number().int(),
  /** Rows the backend refused once they were sent: they are on this desktop only. */
  refusedCount: z.number().int(),
  /** The first IMPORT_ROWS_PAGE of each; getImportRows reads on. */
  quarantined: z.array(QuarantinedRowSchema),
  revised: z.array(RevisedRowSchema),
  refused: z.array(RefusedRowSchema),
  ignoredColumns: z.array(z.string()),
});
export type ImportReport = z.infer<typeof ImportReportSchema>;

export const ImportReportSummarySchema = ImportReportSchema.omit({ quarantined: true, revised: true, refused: true });
export type ImportReportSummary = z.infer<typeof ImportReportSummarySchema>;

export const ImportRowsQuerySchema = z.object({
  id: IdSchema,
  offset: z.number().int().min(0),
  limit: z.number().int().min(1).max(IMPORT_ROWS_PAGE),
});
export const ImportRowsPageSchema = z.object({
  quarantined: z.array(QuarantinedRowSchema),
  revised: z.array(RevisedRowSchema),
  refused: z.array(RefusedRowSchema),
});

/**
 * How a file import goes, told after each chunk: rows read from the file, stored in the cache
 * (quarantined and revised ones beside), and the appointments it changed that the backend has
 * (`toSend` 0: no backend, they stay on this computer).
 */
export const ImportProgressSchema = z.object({
  uploadId: IdSchema,
  read: z.number().int(),
  stored: z.number().int(),
  quarantined: z.number().int(),
  revised: z.number().int(),
  toSend: z.number().int(),
  sent: z.number().int(),
  finished: z.boolean(),
});
export type ImportProgress = z.infer<typeof ImportProgressSchema>;

export const RunImportSchema = ImportUploadSchema.extend({
  source: ImportSourceSchema,
  inboxId: IdSchema,
  mapping: ColumnMappingSchema,
});
export type RunImportInput = z.infer<typeof RunImportSchema>;

/** What is wrong with a column mapping, as codes the renderer words; empty when it can be used. */
export type MappingProblem =
  | { code: 'requiredUnmapped'; field: ImportField }
  | { code: 'columnNotInFile'; field: ImportField; header: string };

export const MappingProblemSchema = z.discriminatedUnion('code', [
  z.object({ code: z.literal('requiredUnmapped'), field: z.enum(IMPORT_FIELDS) }),
  z.object({ code: z.literal('columnNotInFile'), field: z.enum(IMPORT_FIELDS), header: z.string() }),
]);

/** Both the dialog (as the person maps) and the core (before it imports) ask this. */
export function mappingProblems(mapping: ColumnMapping, headers: readonly string[]): MappingProblem[] {
  const present = new Set(headers);
  const problems: MappingProblem[] = [];
  for (const field of REQUIRED_IMPORT_FIELDS) {
    if (!mapping[field]) problems.push({ code: 'requiredUnmapped', field });
  }
  for (const [field, header] of Object.entries(mapping) as [ImportField, string][]) {
    if (!present.has(header)) problems.push({ code: 'columnNotInFile', field, header });
  }
  return problems;
}
