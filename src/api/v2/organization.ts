import { isSupportedCountry } from 'libphonenumber-js/max';
import { z } from 'zod';
import { IsoDateSchema, visibleText } from '../limits';

/** A wall-clock time of day, 00:00 to 24:00 (24:00: until midnight). */
export const DayTimeSchema = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'is a time such as 08:00');

/** One weekday's hours; null: closed all day. */
export const OpeningSchema = z
  .object({ open: DayTimeSchema, close: DayTimeSchema })
  .refine((o) => o.open < o.close, { message: 'must close after it opens', path: ['close'] })
  .nullable();
export type Opening = z.infer<typeof OpeningSchema>;

/** Monday first (ISO weekday 1 at index 0), Sunday last. */
export const OpeningHoursSchema = z.array(OpeningSchema).length(7);
export type OpeningHours = z.infer<typeof OpeningHoursSchema>;

/** A day the workshop is closed besides its weekly hours: a public holiday, a company day. */
export const ClosedDateSchema = z.object({
  /** A day that exists (2026-02-30 does not), within the years the app takes. */
  date: IsoDateSchema,
  name: visibleText().trim().min(1, 'is required').max(80, 'is at most 80 characters'),
});
export type ClosedDate = z.infer<typeof ClosedDateSchema>;

/** A language code of WhatsApp's templates, such as nl or en_GB. */
export const TemplateLanguageSchema = z.string().regex(/^[a-z]{2,3}(_[A-Z]{2})?$/, 'is a language code such as nl or en_GB');

/**
 * The template language a new inbox starts with, from its country: Dutch in the Netherlands and
 * Belgium (the dealerships this app serves), English elsewhere; a manager sets another.
 * Migration 0016 gave existing inboxes the same.
 */
export function defaultTemplateLanguage(country: string): string {
  return country === 'NL' || country === 'BE' ? 'nl' : 'en';
}

export const INBOX_KINDS = ['dealership', 'workshop'] as const;

/** How many closed days an inbox keeps: a few years of holidays (the form stops adding rows there). */
export const MAX_CLOSED_DATES = 200;

/** An IANA time zone this runtime knows (Europe/Amsterdam), checked rather than trusted. */
export const TimeZoneSchema = z
  .string()
  .refine(
    (zone) => {
      try {
        new Intl.DateTimeFormat('en', { timeZone: zone });
        return zone.includes('/') || zone === 'UTC';
      } catch {
        return false;
      }
    },
    { message: 'is not a time zone such as Europe/Amsterdam' },
  )
  // Stored as the zone database spells it (europe/amsterdam is Europe/Amsterdam), so that every screen shows one name.
  .transform((zone) => new Intl.DateTimeFormat('en', { timeZone: zone }).resolvedOptions().timeZone);

export const InboxSettingsSchema = z.object({
  name: visibleText().trim().min(1, 'is required').max(120, 'is at most 120 characters'),
  kind: z.enum(INBOX_KINDS),
  zone: TimeZoneSchema,
  /**
   * Country for phone numbers written without +, ISO 3166 alpha-2: one libphonenumber has a
   * numbering plan for, since it is only used to read phone numbers (XX would read none).
   */
  country: z.string().refine((code) => /^[A-Z]{2}$/.test(code) && isSupportedCountry(code), 'is not a country code such as NL'),
  openingHours: OpeningHoursSchema,
  /** At most a few years of holidays: refused past MAX_CLOSED_DATES, never cut; each day once. */
  closedDates: z
    .array(ClosedDateSchema)
    .max(MAX_CLOSED_DATES)
    .superRefine((dates, ctx) => {
      const seen = new Set<string>();
      dates.forEach(({ date }, index) => {
        if (seen.has(date)) ctx.addIssue({ code: 'custom', path: [index, 'date'], message: 'is already a closed day', params: { duplicate: true } });
        seen.add(date);
      });
    }),
  /** The language the inbox's templates (and the reminder) are sent in. */
  templateLanguage: TemplateLanguageSchema,
  /** The channels its conversations go out through (ids from /v2/channels); null: none. */
  whatsappChannel: z.string().max(100).nullable(),
  smsChannel: z.string().max(100).nullable(),
});
export type InboxSettings = z.infer<typeof InboxSettingsSchema>;

export const InboxViewSchema = InboxSettingsSchema.extend({ id: z.string() });
export type InboxView = z.infer<typeof InboxViewSchema>;

/** POST /v2/inboxes: a new inbox; PATCH /v2/inboxes/:id: any of its settings. */
export const CreateInboxSchema = InboxSettingsSchema.strict();
export const UpdateInboxSchema = InboxSettingsSchema.partial().strict();
export type UpdateInboxInput = z.infer<typeof UpdateInboxSchema>;

/** PATCH /v2/organization (managers). */
export const UpdateOrganizationSchema = z.object({ name: visibleText().trim().min(1, 'is required').max(120, 'is at most 120 characters') }).strict();

/** GET /v2/organization: who the token belongs to, and the inboxes a desktop shows. */
export const OrganizationSchema = z.object({
  id: z.string(),
  name: z.string(),
  inboxes: z.array(InboxViewSchema),
});
export type Organization = z.infer<typeof OrganizationSchema>;

/**
 * GET /v2/organizations: Web1on1's list of the organisations the token reaches — here always
 * the one of the caller — in the paged list shape of every list.
 */
export const OrganizationListSchema = z.object({
  data: z.array(z.object({ _id: z.string(), name: z.string(), createdAt: z.number().int() })),
  next: z.null(),
});
export type OrganizationList = z.infer<typeof OrganizationListSchema>;
