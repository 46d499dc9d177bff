import { z } from 'zod';
import { EmailSchema, limitedText, type LimitedField } from './limits';
import {
  AppointmentDetailsSchema,
  CardSchema,
  ColourSchema,
  ColumnSchema,
  ContactSchema,
  IdSchema,
  InboxSchema,
  IsoDateSchema,
  WallTimeSchema,
} from './appointment';
import {
  AppendImportPieceSchema,
  BeginImportUploadSchema,
  ImportPreviewSchema,
  ImportProgressSchema,
  ImportReportSchema,
  ImportReportSummarySchema,
  ImportRowsPageSchema,
  ImportRowsQuerySchema,
  ImportSourceSchema,
  ImportUploadSchema,
  RunImportSchema,
} from './import';
import {
  ConnectionSchema,
  ConversationMessageSchema,
  ConversationQuerySchema,
  ConversationViewSchema,
  MessagePageViewSchema,
  OlderMessagesQuerySchema,
  SendToCustomerSchema,
} from './conversation';
import { WaTemplateSchema } from './v2/template';
import { SharedSourceSchema, SourceStatusKeySchema } from './v2/source-status';
import { SaveSourceSchema, SourceDetailsSchema, SourceKindInfoSchema, SourceRunSchema, SourceTestSchema, SourceViewSchema } from './sources';
import { BackendCredentialsSchema, ConnectionSettingsSchema, ConnectionTestSchema } from './connection-settings';
import { peopleApi, SessionStateSchema } from './people';
import { templatesApi } from './templates';
import { setupApi } from './setup';
import { remindersApi } from './reminders';
import { ChooseStartSchema, StandaloneExportSchema, StandaloneWorkSchema, StartSchema } from './first-run';
import { WallBoardSchema, WallSettingsSchema } from './wall';

/**
 * The BoardApi: the one contract between the renderer and the desktop core. Both transports
 * (Electron IPC and the headless host's WebSocket) carry exactly these methods and events,
 * and both validate with these schemas at the boundary.
 */

const LocaleSchema = z.enum(['en', 'nl']);
export type Locale = z.infer<typeof LocaleSchema>;

export const SettingsSchema = z.object({
  userId: z.string(),
  /** Null: no organisation is known (a standalone install): the app's own name is shown. */
  organisationName: z.string().nullable(),
  zone: z.string(),
  country: z.string().length(2),
  locale: LocaleSchema.nullable(),
  inboxFilter: z.array(IdSchema).nullable(),
  /** Only the signed-in advisor's cards. */
  mine: z.boolean(),
  dataFile: z.string(),
});
export type Settings = z.infer<typeof SettingsSchema>;

const optionalField = (field: LimitedField) => limitedText(field).optional();

/** The Manual Appointment form: the same limits as an imported row (src/api/limits). */
export const ManualAppointmentSchema = z.object({
  date: IsoDateSchema,
  time: WallTimeSchema.optional(),
  inboxId: IdSchema.optional(),
  contactId: IdSchema.optional(),
  customerName: optionalField('customerName'),
  phone: optionalField('phone'),
  email: z.union([z.literal(''), EmailSchema]).optional(),
  plate: optionalField('plate'),
  make: optionalField('make'),
  model: optionalField('model'),
  work: optionalField('work'),
  owner: optionalField('owner'),
  /** Filled in from this card's conversation: the form appears in its stream as a form card. */
  fromConversation: IdSchema.optional(),
});
export type ManualAppointmentInput = z.infer<typeof ManualAppointmentSchema>;

export const ListQuerySchema = z.object({
  from: IsoDateSchema,
  to: IsoDateSchema,
  text: z.string().max(200).default(''),
  inboxIds: z.array(IdSchema).nullable().default(null),
  offset: z.number().int().min(0).default(0),
  limit: z.number().int().min(1).max(500).default(100),
});

const method = <I extends z.ZodType, O extends z.ZodType>(input: I, output: O) => ({ input, output });

export const boardApi = {
  getSettings: method(z.object({}), SettingsSchema),
  setLocale: method(z.object({ locale: LocaleSchema }), z.null()),
  setInboxFilter: method(z.object({ inboxIds: z.array(IdSchema).nullable() }), z.null()),
  listInboxes: method(z.object({}), z.array(InboxSchema)),
  getBoard: method(
    z.object({}),
    z.object({
      day: IsoDateSchema,
      zone: z.string(),
      cards: z.array(CardSchema),
      waitingCount: z.number().int(),
      /** Cards of waiting customers who have no card on this day's board (the Waiting filter shows them too). */
      waitingElsewhere: z.array(CardSchema),
    }),
  ),
  moveCard: method(
    z.object({
      id: IdSchema,
      column: ColumnSchema,
      beforeId: IdSchema.nullable(),
      afterId: IdSchema.nullable(),
    }),
    CardSchema,
  ),
  setColour: method(z.object({ id: IdSchema, colour: ColourSchema }), CardSchema),
  getAppointment: method(z.object({ id: IdSchema }), AppointmentDetailsSchema),
  listAppointments: method(
    ListQuerySchema,
    z.object({ total: z.number().int(), rows: z.array(AppointmentDetailsSchema) }),
  ),
  searchContacts: method(z.object({ query: z.string().trim().min(1).max(200) }), z.array(ContactSchema)),
  createManualAppointment: method(ManualAppointmentSchema, CardSchema),
  /** A file to import arrives in pieces (see IMPORT_PIECE_BYTES), then is previewed and run from where the core keeps it. */
  beginImportUpload: method(BeginImportUploadSchema, ImportUploadSchema),
  appendImportPiece: method(AppendImportPieceSchema, z.object({ received: z.number().int() })),
  discardImportUpload: method(ImportUploadSchema, z.null()),
  previewImport: method(ImportUploadSchema.extend({ source: ImportSourceSchema }), ImportPreviewSchema),
  runImport: method(RunImportSchema, ImportReportSchema),
  getImportProgress: method(ImportUploadSchema, ImportProgressSchema),
  listImportReports: method(z.object({}), z.array(ImportReportSummarySchema)),
  getImportReport: method(z.object({ id: IdSchema }), ImportReportSchema),
  /** More of a report's quarantined and revised rows than its first page. */
  getImportRows: method(ImportRowsQuerySchema, ImportRowsPageSchema),
  getConversation: method(ConversationQuerySchema, ConversationViewSchema),
  /** The customer stream before a page the pane has (its `older` cursor), as the user scrolls up. */
  listOlderMessages: method(OlderMessagesQuerySchema, MessagePageViewSchema),
  sendMessage: method(SendToCustomerSchema, ConversationMessageSchema),
  addComment: method(z.object({ appointmentId: IdSchema, text: z.string().trim().min(1).max(4096) }), ConversationMessageSchema),
  markRead: method(z.object({ appointmentId: IdSchema }), z.null()),
  listTemplates: method(z.object({}), z.array(WaTemplateSchema)),
  getConnection: method(z.object({}), ConnectionSchema),
  getConnectionSettings: method(z.object({}), ConnectionSettingsSchema),
  testConnection: method(BackendCredentialsSchema, ConnectionTestSchema),
  saveConnection: method(BackendCredentialsSchema, ConnectionSettingsSchema),
  listSources: method(z.object({}), z.array(SourceViewSchema)),
  listSourceKinds: method(z.object({}), z.array(SourceKindInfoSchema)),
  /** Sources pulled by the organisation's other desktops, not set up on this one: their status only. */
  listSharedSources: method(z.object({}), z.array(SharedSourceSchema)),
  /** Sync now on a source another desktop pulls: asks that desktop, through the backend. */
  syncSharedSource: method(z.object({ key: SourceStatusKeySchema }), z.null()),
  getSourceDetails: method(z.object({ id: IdSchema }), SourceDetailsSchema),
  saveSource: method(SaveSourceSchema, SourceViewSchema),
  testSource: method(SaveSourceSchema, SourceTestSchema),
  deleteSource: method(z.object({ id: IdSchema }), z.null()),
  syncSource: method(z.object({ id: IdSchema }), SourceRunSchema),
  retryQuarantined: method(z.object({ id: IdSchema }), z.object({ retried: z.number().int(), stillQuarantined: z.number().int() })),
  /** The first-run choice: null shows the first-run screen (connect, standalone, or the demo). */
  getStart: method(z.object({}), StartSchema),
  chooseStart: method(ChooseStartSchema, StartSchema),
  /** Back from the demo's own data file to this computer's board. */
  leaveDemo: method(z.object({}), StartSchema),
  /** What was made here while standalone, uploaded to the organisation when the desktop joins. */
  getStandaloneWork: method(z.object({}), StandaloneWorkSchema),
  exportStandaloneWork: method(z.object({}), StandaloneExportSchema),
  /** The wall screen's board: read-only, names masked in the core, no message content (src/api/wall). */
  getWall: method(WallSettingsSchema, WallBoardSchema),
  ...peopleApi,
  ...setupApi,
  ...remindersApi,
  ...templatesApi,
} as const;

export type BoardApiSpec = typeof boardApi;
export type MethodName = keyof BoardApiSpec;
export type MethodInput<M extends MethodName> = z.input<BoardApiSpec[M]['input']>;
export type MethodOutput<M extends MethodName> = z.output<BoardApiSpec[M]['output']>;

export function isMethodName(name: unknown): name is MethodName {
  return typeof name === 'string' && Object.hasOwn(boardApi, name);
}

/** Pushed from the core to every window, so that all of them stay current without reload. */
export const BoardEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('appointments.changed'), ids: z.array(IdSchema) }),
  z.object({ type: z.literal('board.dayChanged'), day: IsoDateSchema }),
  z.object({ type: z.literal('settings.changed') }),
  z.object({ type: z.literal('import.completed'), reportId: IdSchema }),
  /** A file import stored another chunk (or finished): rows read, stored, sent. */
  z.object({ type: z.literal('import.progress'), progress: ImportProgressSchema }),
  z.object({ type: z.literal('sources.changed') }),
  /** Messages, comments or the waiting state of these contacts' conversations changed. */
  z.object({ type: z.literal('conversation.changed'), contactIds: z.array(IdSchema) }),
  /** A customer wrote just now: one notification (per desktop) that opens the card. */
  z.object({
    type: z.literal('message.received'),
    /** The message's id: a notification tagged with it replaces a repeat of the same reply instead of raising another. */
    messageId: z.string().min(1),
    appointmentId: IdSchema.nullable(),
    customerName: z.string().nullable(),
    text: z.string(),
  }),
  z.object({ type: z.literal('connection.changed'), connection: ConnectionSchema }),
  /** The shell asks the window to open a card's conversation (a notification was clicked). */
  z.object({ type: z.literal('ui.openConversation'), appointmentId: IdSchema }),
  /** Another data file now shows (the demo was entered or left), or the first-run choice was made. */
  z.object({ type: z.literal('start.changed'), start: StartSchema }),
  /** Someone signed in, out or switched, the desktop locked, or the backend ended the session. */
  z.object({ type: z.literal('session.changed'), session: SessionStateSchema }),
]);
export type BoardEvent = z.infer<typeof BoardEventSchema>;

/** The handlers a core provides: one per method, taking parsed input. */
export type BoardApiHandlers = {
  [M in MethodName]: (input: z.output<BoardApiSpec[M]['input']>) => MethodOutput<M> | Promise<MethodOutput<M>>;
};

/** What the renderer calls, whatever the transport. */
export type BoardApiClient = {
  [M in MethodName]: (input: MethodInput<M>) => Promise<MethodOutput<M>>;
};
