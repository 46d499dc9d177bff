import { z } from 'zod';
import { IdSchema } from './appointment';
import { ColumnMappingSchema, QuarantinedRowSchema, RefusedRowSchema } from './import';

/**
 * Sources: the planning systems and file drops a dealership configures once in Settings, after
 * which the board fills itself. Secrets (API keys, client secrets, passwords) travel in on save
 * and are kept in the SecretStore; they never come back out.
 */
export const SOURCE_KINDS = ['planit', 'one-i', 'keyloop', 'sftp', 'ftp'] as const;
export type SourceKind = (typeof SOURCE_KINDS)[number];

const text = (max: number) => z.string().trim().min(1).max(max);
const httpAddress = z
  .string()
  .trim()
  .url('is not an address')
  .refine((u) => /^https?:\/\//.test(u), 'must start with https:// (or http:// on the local network)');

/**
 * A certificate the IT person chose to trust for one source (self-signed, or from the dealer's
 * own authority): its PEM, and what Settings shows of it. The core reads subject and
 * fingerprint from the PEM itself on save.
 */
export const CertificateInfoSchema = z.object({
  pem: z.string().max(20_000).startsWith('-----BEGIN CERTIFICATE-----', 'is not a PEM certificate'),
  subject: z.string().max(1000),
  fingerprint256: z.string().max(200),
  validTo: z.string().max(100),
});
export type CertificateInfo = z.infer<typeof CertificateInfoSchema>;

/** How a pull connector walks the source: page size, overlap of the changed-since cursor, patience. */
const PullOptions = {
  baseUrl: httpAddress,
  pageSize: z.number().int().min(10).max(1000).default(100),
  overlapMinutes: z.number().int().min(0).max(120).default(5),
  timeoutSeconds: z.number().int().min(1).max(300).default(30),
  trustedCertificate: CertificateInfoSchema.optional(),
};

/** Where a file drop looks and when a file counts as complete. */
const DropOptions = {
  host: text(253),
  username: text(100),
  folder: text(500),
  archiveFolder: text(500),
  errorFolder: text(500),
  /**
   * stable-size: the size did not change between two polls; marker: a file of the same name
   * plus `.done` exists; rename: the exporter writes `*.tmp` (or `*.part`) and renames when done.
   */
  completion: z.enum(['stable-size', 'marker', 'rename']).default('stable-size'),
  fileFormat: z.enum(['csv', 'json', 'xml']).default('csv'),
};

export const SourceSettingsSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('planit'), ...PullOptions, branches: z.array(text(60)).min(1).max(50) }),
  z.object({ kind: z.literal('one-i'), ...PullOptions, siteId: text(60) }),
  z.object({ kind: z.literal('keyloop'), ...PullOptions, enterpriseId: text(60), storeId: text(60), clientId: text(200) }),
  z.object({
    kind: z.literal('sftp'),
    ...DropOptions,
    port: z.number().int().min(1).max(65535).default(22),
    /** SHA-256 of the server's host key (base64); learned at the first connection, then required. */
    hostKey: z.string().max(200).nullable().default(null),
  }),
  z.object({
    kind: z.literal('ftp'),
    ...DropOptions,
    port: z.number().int().min(1).max(65535).default(21),
    /** explicit: FTPS with AUTH TLS (recommended); implicit: FTPS on its own port; none: plain FTP on a trusted LAN. */
    tls: z.enum(['explicit', 'implicit', 'none']).default('explicit'),
    trustedCertificate: CertificateInfoSchema.optional(),
  }),
]);
export type SourceSettings = z.infer<typeof SourceSettingsSchema>;

export const SourceConfigSchema = z.object({
  name: text(100),
  inboxId: IdSchema,
  enabled: z.boolean(),
  intervalMinutes: z.number().int().min(5).max(1440).default(60),
  /** field → column header (CSV) or path in a record (JSON, XML, APIs); absent: the source's defaults. */
  mapping: ColumnMappingSchema.default({}),
  settings: SourceSettingsSchema,
});
export type SourceConfig = z.infer<typeof SourceConfigSchema>;

/** Save: a new source (no id) or an existing one; an empty secret keeps the stored one. */
export const SaveSourceSchema = SourceConfigSchema.extend({
  id: IdSchema.optional(),
  secret: z.string().max(10_000).optional(),
});
export type SaveSourceInput = z.infer<typeof SaveSourceSchema>;

export const SourceRunSchema = z.object({
  id: IdSchema,
  startedAt: z.number(),
  finishedAt: z.number(),
  outcome: z.enum(['ok', 'failed']),
  /** failed: what went wrong, in words; ok: what went wrong with single files, if anything. */
  message: z.string().nullable(),
  batches: z.number().int(),
  created: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  quarantined: z.number().int(),
  cancelled: z.number().int(),
});
export type SourceRun = z.infer<typeof SourceRunSchema>;

export const SourceHealthSchema = z.object({
  running: z.boolean(),
  lastRun: SourceRunSchema.nullable(),
  nextRunAt: z.number().nullable(),
  /** Failed runs in a row; more than two shows a warning on the board. */
  failuresInARow: z.number().int(),
  lastError: z.object({ at: z.number(), message: z.string() }).nullable(),
  /** Why this desktop does not pull it now (another desktop does), if so. */
  waiting: z.string().nullable(),
  quarantinedOpen: z.number().int(),
});
export type SourceHealth = z.infer<typeof SourceHealthSchema>;

export const SourceViewSchema = SourceConfigSchema.extend({
  id: IdSchema,
  hasSecret: z.boolean(),
  health: SourceHealthSchema,
});
export type SourceView = z.infer<typeof SourceViewSchema>;

export const SourceTestSchema = z.object({
  ok: z.boolean(),
  message: z.string(),
  /** The failure was a certificate no authority vouches for: the one the server showed, to trust if it is the right one. */
  certificate: CertificateInfoSchema.optional(),
});
export type SourceTest = z.infer<typeof SourceTestSchema>;

export const SourceDetailsSchema = z.object({
  source: SourceViewSchema,
  runs: z.array(SourceRunSchema),
  quarantined: z.array(QuarantinedRowSchema.extend({ importId: IdSchema, batch: z.string() })),
  /** Rows the backend refused whose card is still "Not saved" (the first of them), and how many in all. */
  refused: z.array(RefusedRowSchema.extend({ importId: IdSchema, batch: z.string() })),
  refusedOpen: z.number().int(),
});
export type SourceDetails = z.infer<typeof SourceDetailsSchema>;

/** What the Settings form offers per kind: the mapping a source of that kind uses when none is set. */
export const SourceKindInfoSchema = z.object({
  kind: z.enum(SOURCE_KINDS),
  defaultMapping: ColumnMappingSchema,
});
export type SourceKindInfo = z.infer<typeof SourceKindInfoSchema>;
