import type { z } from 'zod';
import { CreateChannelSchema, UpdateChannelSchema, type ChannelKind, type ChannelView, type CreateChannelInput, type UpdateChannelInput } from '../../src/api/v2/channels';
import { InboxSettingsSchema, MAX_CLOSED_DATES, type InboxSettings, type InboxView } from '../../src/api/v2/organization';
import type { MessageKey } from '../i18n/en';
import type { FieldProblem } from '../people/field-problems';

/**
 * The set-up forms' drafts (text as typed) and what they become for the backend, and the
 * problems of a draft by field in this renderer's words. Pure: the forms and their tests share it.
 */

/** A channel form as typed. A secret left empty keeps the stored one; it is never prefilled. */
export interface ChannelDraft {
  kind: ChannelKind;
  label: string;
  phoneNumberId: string;
  businessAccountId: string;
  accessToken: string;
  appSecret: string;
  verifyToken: string;
  from: string;
  accountSid: string;
  authToken: string;
}

export function newChannelDraft(kind: ChannelKind): ChannelDraft {
  return { kind, label: '', phoneNumberId: '', businessAccountId: '', accessToken: '', appSecret: '', verifyToken: '', from: '', accountSid: '', authToken: '' };
}

/** An existing channel's form: its numbers and names; its secrets empty ("stored — leave empty to keep"). */
export function channelDraftOf(channel: ChannelView): ChannelDraft {
  return {
    ...newChannelDraft(channel.kind),
    label: channel.label,
    phoneNumberId: channel.phoneNumberId ?? '',
    businessAccountId: channel.businessAccountId ?? '',
    from: channel.from ?? '',
    accountSid: channel.accountSid ?? '',
  };
}

export function channelCreation(draft: ChannelDraft): z.ZodSafeParseResult<CreateChannelInput> {
  const { kind, label } = draft;
  return CreateChannelSchema.safeParse(
    kind === 'whatsapp'
      ? { kind, label, phoneNumberId: draft.phoneNumberId, businessAccountId: draft.businessAccountId, accessToken: draft.accessToken, appSecret: draft.appSecret, verifyToken: draft.verifyToken }
      : { kind, label, from: draft.from, accountSid: draft.accountSid, authToken: draft.authToken },
  );
}

/** What changed of an existing channel: the label and account always, a secret only when typed. */
export function channelUpdate(draft: ChannelDraft): z.ZodSafeParseResult<UpdateChannelInput> {
  const fields: Record<string, string> =
    draft.kind === 'whatsapp'
      ? { label: draft.label, businessAccountId: draft.businessAccountId, accessToken: draft.accessToken, appSecret: draft.appSecret, verifyToken: draft.verifyToken }
      : { label: draft.label, accountSid: draft.accountSid, authToken: draft.authToken };
  // The label is always sent (empty: refused as required); any other field left empty keeps what is stored.
  return UpdateChannelSchema.safeParse(Object.fromEntries(Object.entries(fields).filter(([name, value]) => name === 'label' || value.trim() !== '')));
}

/** One weekday's row as typed: closed, or open from–to. */
export interface DayDraft {
  closed: boolean;
  open: string;
  close: string;
}

export interface InboxDraft {
  name: string;
  kind: InboxSettings['kind'];
  zone: string;
  country: string;
  /** Monday first. */
  days: DayDraft[];
  closedDates: Array<{ date: string; name: string }>;
  templateLanguage: string;
  whatsappChannel: string;
  smsChannel: string;
}

const DEFAULT_DAY: DayDraft = { closed: false, open: '08:00', close: '18:00' };

export function inboxDraftOf(inbox: InboxView): InboxDraft {
  return {
    name: inbox.name,
    kind: inbox.kind,
    zone: inbox.zone,
    country: inbox.country,
    days: inbox.openingHours.map((day) => (day === null ? { ...DEFAULT_DAY, closed: true } : { closed: false, open: day.open, close: day.close })),
    closedDates: inbox.closedDates.map((d) => ({ ...d })),
    templateLanguage: inbox.templateLanguage,
    whatsappChannel: inbox.whatsappChannel ?? '',
    smsChannel: inbox.smsChannel ?? '',
  };
}

/** A new inbox starts as the organisation's first one is set up: open Monday to Saturday, closed on Sunday. */
export function newInboxDraft(zone: string, country: string, templateLanguage: string): InboxDraft {
  return {
    name: '',
    kind: 'workshop',
    zone,
    country,
    days: Array.from({ length: 7 }, (_, i) => ({ ...DEFAULT_DAY, closed: i === 6 })),
    closedDates: [],
    templateLanguage,
    whatsappChannel: '',
    smsChannel: '',
  };
}

/**
 * Whether another closed day may be added: not past what the backend keeps, so the manager is
 * told at the button, not at Save after typing rows that would all be refused.
 */
export function canAddClosedDate(draft: InboxDraft): boolean {
  return draft.closedDates.length < MAX_CLOSED_DATES;
}

export function inboxSettings(draft: InboxDraft): z.ZodSafeParseResult<InboxSettings> {
  return InboxSettingsSchema.safeParse({
    name: draft.name,
    kind: draft.kind,
    zone: draft.zone.trim(),
    country: draft.country.trim().toUpperCase(),
    openingHours: draft.days.map((day) => (day.closed ? null : { open: day.open, close: day.close })),
    closedDates: draft.closedDates,
    templateLanguage: draft.templateLanguage.trim(),
    whatsappChannel: draft.whatsappChannel === '' ? null : draft.whatsappChannel,
    smsChannel: draft.smsChannel === '' ? null : draft.smsChannel,
  });
}

/** Fields whose wrong value has its own words (what a right one looks like). */
const FORMAT_WORDS: Partial<Record<string, MessageKey>> = {
  zone: 'setup.problem.zone',
  country: 'setup.problem.country',
  templateLanguage: 'setup.problem.templateLanguage',
  phoneNumberId: 'setup.problem.metaId',
  businessAccountId: 'setup.problem.metaId',
  from: 'setup.problem.senderNumber',
  accountSid: 'setup.problem.accountSid',
  open: 'setup.problem.time',
  close: 'setup.problem.time',
  date: 'setup.problem.date',
};

/**
 * A set-up form's problems by the field's path ("zone", "openingHours.2.close",
 * "closedDates.0.date"), each the first of its field, in this renderer's words.
 */
export function setupProblems(result: z.ZodSafeParseResult<unknown>): Partial<Record<string, FieldProblem>> {
  const problems: Partial<Record<string, FieldProblem>> = {};
  if (result.success) return problems;
  for (const issue of result.error.issues) {
    const path = issue.path.map(String).join('.');
    if (problems[path]) continue;
    problems[path] = problemOf(issue);
  }
  return problems;
}

function problemOf(issue: z.core.$ZodIssue): FieldProblem {
  const field = String(issue.path.at(-1) ?? '');
  if (issue.path[0] === 'closedDates' && issue.path.length === 1 && issue.code === 'too_big') return { key: 'setup.problem.tooManyDates', vars: { max: Number(issue.maximum) } };
  if (issue.code === 'custom' && field === 'close') return { key: 'setup.problem.closesBeforeOpens', vars: {} };
  if (issue.code === 'custom' && issue.params?.['duplicate'] === true) return { key: 'setup.problem.duplicateDate', vars: {} };
  if (issue.code === 'custom' && issue.params?.['rule'] === 'hiddenCharacter') return { key: 'form.hiddenCharacter', vars: {} };
  if (issue.code === 'too_small') return Number(issue.minimum) <= 1 ? { key: 'form.required', vars: {} } : { key: 'form.tooShort', vars: { min: Number(issue.minimum) } };
  if (issue.code === 'too_big') return { key: 'form.tooLong', vars: { max: Number(issue.maximum) } };
  const words = FORMAT_WORDS[field];
  return words ? { key: words, vars: {} } : { key: 'form.invalid', vars: {} };
}

/** Common zones of the dealerships this app serves; any other IANA zone may be typed. */
export const COMMON_ZONES = ['Europe/Amsterdam', 'Europe/Brussels', 'Europe/Luxembourg', 'Europe/Berlin', 'Europe/Paris', 'Europe/London', 'Europe/Dublin', 'Europe/Madrid', 'Europe/Lisbon', 'UTC'];
