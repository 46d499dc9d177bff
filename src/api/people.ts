import { z } from 'zod';
import type { MethodName } from './board-api';
import { IdSchema } from './appointment';
import { ColourSchema, ColumnSchema } from './appointment';
import { AuthorSchema, DeviceRoleSchema, InvitationCodeSchema, OidcPublicSettingsSchema, OidcSettingsSchema, PasswordSchema, UserRoleSchema } from './v2/auth';
import { AuditPageSchema } from './v2/audit';
import { CreateIntegrationSchema, IssuedTokenSchema, RegisterDeviceSchema, SessionPageSchema } from './v2/devices';
import { CreateUserSchema, InvitationSchema, UpdateUserSchema, UserPageSchema, UserSchema } from './v2/users';
import { EmailSchema } from './limits';

/**
 * People on a desktop, as the renderer sees them (the BoardApi's part for sign-in, the
 * reception PC's quick switch and lock, and the manager's Settings → People, Devices and
 * tokens, and Audit). The backend's own shapes (src/api/v2) pass through unchanged.
 */

/** Why nobody is signed in any more, as a code the renderer words in the user's language. */
export const SIGNED_OUT_REASONS = ['revoked', 'expired', 'refused', 'device-revoked', 'signed-out', 'pin-attempts'] as const;
export const SignedOutReasonSchema = z.enum(SIGNED_OUT_REASONS);
export type SignedOutReason = z.infer<typeof SignedOutReasonSchema>;

export const SignedInUserSchema = z.object({
  id: IdSchema,
  name: z.string(),
  email: z.string(),
  role: UserRoleSchema,
  /** Where they work; empty: every inbox of the organisation. */
  inboxes: z.array(IdSchema),
});
export type SignedInUser = z.infer<typeof SignedInUserSchema>;

/** Someone who signed in on this desktop lately and can come back with their PIN. */
export const RecentUserSchema = z.object({ id: IdSchema, name: z.string(), hasPin: z.boolean() });
export type RecentUser = z.infer<typeof RecentUserSchema>;

export const SessionStateSchema = z.object({
  /**
   * standalone: no backend (one local user, nobody signs in); device: a registered desktop or
   * wall where people sign in; personal: joined with a person's own API token, who is then
   * always the one signed in.
   */
  mode: z.enum(['standalone', 'device', 'personal']),
  device: z.object({ name: z.string(), role: DeviceRoleSchema }).nullable(),
  /** Who works on this desktop now; null: the sign-in screen (or, on a wall, nobody needs to). */
  user: SignedInUserSchema.nullable(),
  recent: z.array(RecentUserSchema),
  /** Locked after idle time or by hand: the signed-in person comes back with their PIN (or password). */
  locked: z.boolean(),
  /** Minutes without use after which this desktop locks; null: never. A setting of the device. */
  idleLockMinutes: z.number().int().nullable(),
  /** "Sign in with …" when the organisation has an OpenID provider. */
  // The window needs the button's words; the core keeps the client secret some providers ask for.
  oidc: OidcPublicSettingsSchema.unwrap().omit({ clientSecret: true }).nullable(),
  signedOut: SignedOutReasonSchema.nullable(),
});
export type SessionState = z.infer<typeof SessionStateSchema>;

/** A PIN for the quick switch on this desktop: 4 to 8 digits, kept hashed on this desktop only. */
export const PinSchema = z.string().regex(/^\d{4,8}$/, 'must be 4 to 8 digits');

export const CardHistoryEntrySchema = z.object({
  at: z.number().int(),
  by: AuthorSchema.nullable(),
  change: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('column'), column: ColumnSchema }),
    z.object({ kind: z.literal('colour'), colour: ColourSchema }),
    z.object({ kind: z.literal('advisor'), advisor: z.object({ id: IdSchema, name: z.string() }).nullable() }),
  ]),
  /** Made on this desktop and not yet taken by the backend: "waiting to be sent" (its line comes with the backend's event). */
  pending: z.boolean(),
});
export type CardHistoryEntry = z.infer<typeof CardHistoryEntrySchema>;

/** A colleague, for the card's advisor picker and for names beside changes. */
export const ColleagueSchema = z.object({ id: IdSchema, name: z.string(), role: UserRoleSchema });
export type Colleague = z.infer<typeof ColleagueSchema>;

const method = <I extends z.ZodType, O extends z.ZodType>(input: I, output: O) => ({ input, output });

/** The BoardApi's methods for people (spread into boardApi in board-api.ts). */
export const peopleApi = {
  getSession: method(z.object({}), SessionStateSchema),
  signIn: method(z.object({ email: EmailSchema, password: z.string().min(1).max(200) }), SessionStateSchema),
  acceptInvitation: method(z.object({ code: InvitationCodeSchema, password: PasswordSchema }), SessionStateSchema),
  /** Through the system browser and the organisation's OpenID provider. */
  signInWithProvider: method(z.object({}), SessionStateSchema),
  /** `forget`: also off this desktop's list of recent people (their PIN and session removed). */
  signOut: method(z.object({ forget: z.boolean().default(false) }), SessionStateSchema),
  switchUser: method(z.object({ userId: IdSchema, pin: PinSchema }), SessionStateSchema),
  setPin: method(z.object({ pin: PinSchema }), SessionStateSchema),
  lock: method(z.object({}), SessionStateSchema),
  /** A window saw the person use it (sent now and then, not on every key): the idle lock waits. */
  noteActivity: method(z.object({}), z.null()),
  setIdleLock: method(z.object({ minutes: z.number().int().min(1).max(720).nullable() }), SessionStateSchema),
  listColleagues: method(z.object({}), z.array(ColleagueSchema)),
  setAdvisor: method(z.object({ appointmentId: IdSchema, userId: IdSchema.nullable() }), z.null()),
  getCardHistory: method(z.object({ appointmentId: IdSchema }), z.array(CardHistoryEntrySchema)),
  setMine: method(z.object({ mine: z.boolean() }), z.null()),
  // A manager's (the backend refuses anyone else with the reason).
  listUsers: method(z.object({ after: z.string().max(23).optional() }), UserPageSchema),
  createUser: method(CreateUserSchema, InvitationSchema),
  updateUser: method(z.object({ id: IdSchema, patch: UpdateUserSchema }), UserSchema),
  removeUser: method(z.object({ id: IdSchema }), z.null()),
  inviteUser: method(z.object({ id: IdSchema }), InvitationSchema),
  listSessions: method(z.object({ after: z.string().max(23).optional(), revoked: z.boolean().default(false) }), SessionPageSchema),
  revokeSession: method(z.object({ id: IdSchema }), z.null()),
  registerDevice: method(RegisterDeviceSchema, IssuedTokenSchema),
  rotateDevice: method(z.object({ id: IdSchema }), IssuedTokenSchema),
  createIntegration: method(CreateIntegrationSchema, IssuedTokenSchema),
  listAudit: method(z.object({ before: z.string().max(23).optional() }), AuditPageSchema),
  getOidcSettings: method(z.object({}), OidcSettingsSchema.nullable()),
  saveOidcSettings: method(z.object({ settings: OidcSettingsSchema.nullable() }), OidcSettingsSchema.nullable()),
  /** Whether the provider answers as one, before a manager saves it. */
  testOidcSettings: method(z.object({ settings: OidcSettingsSchema }), z.null()),
} as const;

/**
 * What each BoardApi method is, for a shared reception desktop that is locked or where nobody
 * is signed in. The core sends a change with the session of the person signed in, so a locked
 * desk would act as the person who walked away, and a desk nobody signed in on as nobody;
 * every method is placed here (a new one must be), and the core refuses before its handler runs.
 *
 * - session: signing in, unlocking, switching, locking, signing out: what the sign-in and lock
 *   screens do, always taken.
 * - read: reads of this desktop's cache, always taken: the windows behind the lock screen keep
 *   their views current, and nothing is changed nor sent as anyone.
 * - desk: this desktop's own set-up and view choices (its backend, its first-run choice, the
 *   language and filters), which the sign-in screen offers while nobody is signed in (then they
 *   are the desktop's own); refused while locked, when they would be the locked person's.
 * - person: what a person does (cards, messages, comments, read marks, imports, sources, their
 *   PIN, a manager's Settings, which go with their token): refused while locked (LOCKED) and on
 *   a registered device while nobody is signed in (NOT_SIGNED_IN).
 *
 * Work that is nobody's (sources on their schedule, the relay, the upload of standalone work)
 * does not pass through these methods and goes on while the desk is locked.
 */
export type MethodAccess = 'session' | 'read' | 'desk' | 'person';

export const METHOD_ACCESS = {
  getSession: 'session',
  signIn: 'session',
  acceptInvitation: 'session',
  signInWithProvider: 'session',
  signOut: 'session',
  switchUser: 'session',
  lock: 'session',
  noteActivity: 'session',

  getSettings: 'read',
  listInboxes: 'read',
  getBoard: 'read',
  getAppointment: 'read',
  listAppointments: 'read',
  searchContacts: 'read',
  getImportProgress: 'read',
  listImportReports: 'read',
  getImportReport: 'read',
  getImportRows: 'read',
  getConversation: 'read',
  listOlderMessages: 'read',
  listTemplates: 'read',
  getConnection: 'read',
  getConnectionSettings: 'read',
  listSources: 'read',
  listSourceKinds: 'read',
  listSharedSources: 'read',
  getSourceDetails: 'read',
  getStart: 'read',
  getStandaloneWork: 'read',
  exportStandaloneWork: 'read',
  listColleagues: 'read',
  getCardHistory: 'read',
  getWall: 'read',

  setLocale: 'desk',
  setInboxFilter: 'desk',
  setMine: 'desk',
  testConnection: 'desk',
  saveConnection: 'desk',
  chooseStart: 'desk',
  leaveDemo: 'desk',

  moveCard: 'person',
  setColour: 'person',
  setAdvisor: 'person',
  createManualAppointment: 'person',
  beginImportUpload: 'person',
  appendImportPiece: 'person',
  discardImportUpload: 'person',
  previewImport: 'person',
  runImport: 'person',
  sendMessage: 'person',
  addComment: 'person',
  markRead: 'person',
  syncSharedSource: 'person',
  saveSource: 'person',
  testSource: 'person',
  deleteSource: 'person',
  syncSource: 'person',
  retryQuarantined: 'person',
  setPin: 'person',
  setIdleLock: 'person',
  listUsers: 'person',
  createUser: 'person',
  updateUser: 'person',
  removeUser: 'person',
  inviteUser: 'person',
  listSessions: 'person',
  revokeSession: 'person',
  registerDevice: 'person',
  rotateDevice: 'person',
  createIntegration: 'person',
  listAudit: 'person',
  getOidcSettings: 'person',
  saveOidcSettings: 'person',
  testOidcSettings: 'person',
  // A manager's set-up (src/api/setup.ts): with the manager's token, reads included.
  listChannels: 'person',
  createChannel: 'person',
  updateChannel: 'person',
  removeChannel: 'person',
  testChannel: 'person',
  getOrganizationSetup: 'person',
  updateOrganization: 'person',
  createInbox: 'person',
  updateInbox: 'person',
  // The reminder bot (src/api/reminders.ts): the backend decides who may; settings are a manager's.
  getReminderSettings: 'person',
  saveReminderSettings: 'person',
  previewReminders: 'person',
  getReminderState: 'person',
  sendReminderNow: 'person',
  // The Content Library (src/api/templates.ts): the backend decides who may (managers).
  createTemplate: 'person',
  updateTemplate: 'person',
  deleteTemplate: 'person',
  syncTemplates: 'person',
} as const satisfies Record<MethodName, MethodAccess>;
