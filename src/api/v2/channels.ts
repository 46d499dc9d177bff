import { z } from 'zod';
import { visibleText } from '../limits';

/**
 * /v2/channels (managers): the organisation's WhatsApp Business numbers and SMS senders. Each is
 * assigned to inboxes (PATCH /v2/inboxes/:id, `whatsappChannel` / `smsChannel`); a customer's
 * message is routed by the number it came in on (WhatsApp: `metadata.phone_number_id`; SMS: the
 * receiving number) to that channel's organisation, and a message leaves through its
 * conversation's channel.
 *
 * Secrets (access token, app secret, verify token; the SMS auth token) are written, never read:
 * the backend keeps them encrypted at rest, and an answer says only that they are set.
 */
export const CHANNEL_KINDS = ['whatsapp', 'sms'] as const;
export const ChannelKindSchema = z.enum(CHANNEL_KINDS);
export type ChannelKind = z.infer<typeof ChannelKindSchema>;

/** The number a channel is known and routed by: WhatsApp, Meta's phone number id; SMS, the sending number. */
export function channelNumber(channel: { kind: ChannelKind; phoneNumberId?: string | null; from?: string | null }): string {
  return (channel.kind === 'whatsapp' ? channel.phoneNumberId : channel.from) ?? '';
}

const LabelSchema = visibleText().trim().min(1, 'is required').max(80, 'is at most 80 characters');
/** Meta's ids are decimal numbers; nothing else goes into a Graph API path. */
const MetaIdSchema = z.string().trim().regex(/^\d{1,30}$/, 'is a number of up to 30 digits, as Meta shows it');
const SecretSchema = z.string().trim().min(8, 'must be at least 8 characters').max(1000, 'must be at most 1000 characters');
/**
 * The sending number in international form; also how an inbound SMS is routed (its To), so it
 * is stored as E.164. A number is often copied as the provider shows it (+31 970 1000 0001):
 * spaces, dots and dashes are only grouping and are taken out, here, so the form and the backend agree.
 */
export const SenderNumberSchema = z.preprocess(
  (typed) => (typeof typed === 'string' ? typed.replace(/[\s.-]/g, '') : typed),
  z.string().regex(/^\+[1-9]\d{6,14}$/, 'is a number in international form, such as +31970102030'),
);
const AccountSidSchema = z.string().trim().regex(/^AC[0-9a-fA-F]{32}$/, 'is AC followed by 32 hexadecimal digits');

export const WhatsAppSecretsSchema = z.object({ accessToken: SecretSchema, appSecret: SecretSchema, verifyToken: SecretSchema });
export type WhatsAppSecrets = z.infer<typeof WhatsAppSecretsSchema>;
export const SmsSecretsSchema = z.object({ authToken: SecretSchema });
export type SmsSecrets = z.infer<typeof SmsSecretsSchema>;

export const CreateChannelSchema = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('whatsapp'),
      label: LabelSchema,
      phoneNumberId: MetaIdSchema,
      businessAccountId: MetaIdSchema,
    })
    .extend(WhatsAppSecretsSchema.shape)
    .strict(),
  z.object({ kind: z.literal('sms'), label: LabelSchema, from: SenderNumberSchema, accountSid: AccountSidSchema }).extend(SmsSecretsSchema.shape).strict(),
]);
export type CreateChannelInput = z.infer<typeof CreateChannelSchema>;

/** What a manager changes; a secret left out keeps the stored one. The number itself is not changed: add another channel. */
export const UpdateChannelSchema = z
  .object({
    label: LabelSchema,
    businessAccountId: MetaIdSchema,
    accessToken: SecretSchema,
    appSecret: SecretSchema,
    verifyToken: SecretSchema,
    accountSid: AccountSidSchema,
    authToken: SecretSchema,
  })
  .partial()
  .strict();
export type UpdateChannelInput = z.infer<typeof UpdateChannelSchema>;

/**
 * timeout: no answer within the check's time; unreachable: nobody answered; provider_refused: the
 * provider said no (its words in `failure`); unknown_answer: an answer in no form it gives;
 * number_not_in_account: the number is not one of the account's (WhatsApp: not listed among the
 * business account's phone numbers; SMS: not among the account's incoming numbers);
 * too_many_pages: the account lists more pages of numbers than a check reads; repeated_page: the
 * provider gave a page it had given already; deadline: the whole check took too long.
 */
export const CHECK_FAILURES = ['timeout', 'unreachable', 'provider_refused', 'unknown_answer', 'number_not_in_account', 'too_many_pages', 'repeated_page', 'deadline'] as const;
export type CheckFailure = (typeof CHECK_FAILURES)[number];

/** What the provider said at the last test: the number's name and quality, or why it failed. */
export const ChannelCheckSchema = z.object({
  at: z.number().int(),
  ok: z.boolean(),
  /** WhatsApp: display_phone_number; SMS: the sender as the provider knows it. */
  displayPhoneNumber: z.string().nullable(),
  /** WhatsApp: verified_name; SMS: the account's friendly name. */
  verifiedName: z.string().nullable(),
  /** WhatsApp: GREEN, YELLOW, RED or UNKNOWN; null for SMS. */
  qualityRating: z.string().nullable(),
  /** Why the test failed, in the provider's words where it gave them (`provider_refused`), else in English. */
  failure: z.string().nullable(),
  /** What kind of failure, for the screen's own words; null when it worked. */
  failureCode: z.enum(CHECK_FAILURES).nullable(),
});
export type ChannelCheck = z.infer<typeof ChannelCheckSchema>;

export const ChannelSchema = z.object({
  id: z.string(),
  organization: z.string(),
  kind: ChannelKindSchema,
  label: z.string(),
  /** WhatsApp: Meta's phone number id; null for SMS. */
  phoneNumberId: z.string().nullable(),
  businessAccountId: z.string().nullable(),
  /** SMS: the sending number; null for WhatsApp. */
  from: z.string().nullable(),
  accountSid: z.string().nullable(),
  /** Which secrets are stored (never their values). */
  secrets: z.array(z.enum(['accessToken', 'appSecret', 'verifyToken', 'authToken'])),
  /** The inboxes whose conversations go out through it. */
  inboxes: z.array(z.string()),
  lastCheck: ChannelCheckSchema.nullable(),
  createdAt: z.number().int(),
  updatedAt: z.number().int(),
});
export type ChannelView = z.infer<typeof ChannelSchema>;

export const ChannelListSchema = z.object({ data: z.array(ChannelSchema), next: z.null() });
export type ChannelList = z.infer<typeof ChannelListSchema>;
