import { z } from 'zod';
import { IdSchema } from './appointment';

/** Appointment fields a dealer's column can be mapped to. */
export const IMPORT_FIELDS = [
  'sourceId',
  'branch',
  'date',
  'time',
  'customerName',
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

/** 20 MiB of CSV is ~150,000 appointment rows, far beyond a day's export. */
const MAX_FILE_BASE64 = Math.ceil((20 * 1024 * 1024 * 4) / 3);

export const ImportFileSchema = z.object({
  fileName: z.string().min(1).max(260),
  contentBase64: z.string().max(MAX_FILE_BASE64, 'the file is larger than 20 MB'),
});

export const ImportSourceSchema = z
  .string()
  .min(1)
  .max(60)
  .regex(/^[a-z0-9][a-z0-9_-]*$/i, 'use letters, digits, - and _');

export const ImportPreviewSchema = z.object({
  encoding: z.enum(['utf-8', 'windows-1252']),
  delimiter: z.enum([';', ',', '\t']),
  headers: z.array(z.string()),
  sampleRows: z.array(z.array(z.string())),
  rowCount: z.number().int(),
  mapping: ColumnMappingSchema,
  mappingRemembered: z.boolean(),
});
export type ImportPreview = z.infer<typeof ImportPreviewSchema>;

export const QuarantinedRowSchema = z.object({
  rowNumber: z.number().int(),
  /** The field the row failed on; null when the whole record could not be read. */
  field: z.enum(IMPORT_FIELDS).nullable(),
  reason: z.string(),
  raw: z.string(),
});
export type QuarantinedRow = z.infer<typeof QuarantinedRowSchema>;

export const ImportReportSchema = z.object({
  id: IdSchema,
  source: z.string(),
  fileName: z.string(),
  importedAt: z.number(),
  totalRows: z.number().int(),
  created: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  quarantined: z.array(QuarantinedRowSchema),
  ignoredColumns: z.array(z.string()),
});
export type ImportReport = z.infer<typeof ImportReportSchema>;

export const ImportReportSummarySchema = ImportReportSchema.omit({ quarantined: true }).extend({
  quarantinedCount: z.number().int(),
});
export type ImportReportSummary = z.infer<typeof ImportReportSummarySchema>;

export const RunImportSchema = ImportFileSchema.extend({
  source: ImportSourceSchema,
  inboxId: IdSchema,
  mapping: ColumnMappingSchema,
});
export type RunImportInput = z.infer<typeof RunImportSchema>;
