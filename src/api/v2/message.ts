import { z } from 'zod';
import { MESSAGE_STATUSES } from '../../domain/message-status';
import { FORM_FIELD_KEYS } from '../../domain/appointment-form';
import { FIELD_LIMITS } from '../limits';
import { CursorSchema, PageLimitSchema, pageOf } from './paging';
import { AuthorSchema } from './auth';
import { TEMPLATE_LIMITS } from './template';

/** The longest value WhatsApp takes for a body's {{n}}, a header's {{1}} and a link's end. */
export const TEMPLATE_VALUE_LIMITS = { body: 1024, header: TEMPLATE_LIMITS.header, url: 2000 } as const;

export { MESSAGE_STATUSES, type MessageStatus } from '../../domain/message-status';
export const TOUCHPOINTS = ['whatsapp', 'sms'] as const;
export type Touchpoint = (typeof TOUCHPOINTS)[number];

/** A template sent with its values: Meta takes them one for one with the approved template's {{n}}. */
export const TemplateUseSchema = z.object({
  name: z.string().min(1).max(512),
  language: z.string().min(2).max(10),
  /** One per {{n}} of the body, in order. */
  parameters: z.array(z.string().max(TEMPLATE_VALUE_LIMITS.body, `is at most ${TEMPLATE_VALUE_LIMITS.body} characters`)).max(20).default([]),
  /** The header's {{1}}; left out when the header takes none. */
  headerParameter: z
    .string()
    .min(1, 'is empty: the header needs its value')
    .max(TEMPLATE_VALUE_LIMITS.header, `is at most ${TEMPLATE_VALUE_LIMITS.header} characters, as WhatsApp allows in a header`)
    .optional(),
  /** The end of the address of each link button that takes one ({{1}}), in the order of those buttons; left out when none does. */
  urlParameters: z
    .array(z.string().min(1, 'is empty: the link needs its value').max(TEMPLATE_VALUE_LIMITS.url, `is at most ${TEMPLATE_VALUE_LIMITS.url} characters, as WhatsApp allows in a link`))
    .max(TEMPLATE_LIMITS.urlButtons, `at most ${TEMPLATE_LIMITS.urlButtons}: a template has at most ${TEMPLATE_LIMITS.urlButtons} link buttons`)
    .optional(),
});
export type TemplateUse = z.infer<typeof TemplateUseSchema>;

export { FORM_FIELD_KEYS, type FormFieldKey } from '../../domain/appointment-form';

/** A form filled in from the conversation (the manual appointment), shown in the stream as a card of its fields. */
export const MessageFormSchema = z.object({
  title: z.enum(['manualAppointment']),
  /** Labels are keys the renderer words in the reader's language; values as entered. */
  // Each value as the form took it: the longest field (the work) is the bound, so no valid form is refused here.
  fields: z
    .array(z.object({ label: z.enum(FORM_FIELD_KEYS), value: z.string().min(1).max(FIELD_LIMITS.work, `is at most ${FIELD_LIMITS.work} characters`) }))
    .min(1)
    .max(FORM_FIELD_KEYS.length),
});
export type MessageForm = z.infer<typeof MessageFormSchema>;

/** A note the backend writes into the stream when the customer opted out (STOP) or in again (START). */
export const MessageNoticeSchema = z.object({ kind: z.enum(['optedOut', 'optedIn']), by: z.string() });
export type MessageNotice = z.infer<typeof MessageNoticeSchema>;

/** What WhatsApp takes in one text message, and what a comment may be. */
export const MESSAGE_TEXT_MAX = 4096;

/** POST /v2/conversations/{id}/messages: what an agent sends (or notes, on the back channel, or a form card in the stream). */
export const SendMessageSchema = z
  .object({
    type: z.enum(['chat', 'template']).default('chat'),
    role: z.literal('agent').default('agent'),
    /** Up to MESSAGE_TEXT_MAX characters; with a form, the backend writes the text from its fields. */
    text: z.string().trim().optional(),
    template: TemplateUseSchema.optional(),
    touchpoint: z.enum(TOUCHPOINTS).default('whatsapp'),
    isBackchannel: z.boolean().default(false),
    /** A form for colleagues in the customer stream; it is never sent to the customer. */
    form: MessageFormSchema.optional(),
  })
  .superRefine((m, ctx) => {
    if (m.type === 'chat' && !m.text && !m.form) ctx.addIssue({ code: 'custom', path: ['text'], message: 'a chat message needs text' });
    if (!m.form && m.text && m.text.length > MESSAGE_TEXT_MAX) {
      ctx.addIssue({ code: 'custom', path: ['text'], message: `is at most ${MESSAGE_TEXT_MAX} characters` });
    }
    if (m.form && (m.type !== 'chat' || m.isBackchannel)) {
      ctx.addIssue({ code: 'custom', path: ['form'], message: 'a form is a chat message of the customer stream, not a template or a comment' });
    }
    if (m.type === 'template' && !m.template) {
      ctx.addIssue({ code: 'custom', path: ['template'], message: 'a template message names its template' });
    }
    if (m.type === 'template' && m.isBackchannel) {
      ctx.addIssue({ code: 'custom', path: ['isBackchannel'], message: 'templates go to the customer, not the back channel' });
    }
  });
export type SendMessageInput = z.infer<typeof SendMessageSchema>;

export const MessageSchema = z.object({
  id: z.string(),
  conversation: z.string(),
  role: z.enum(['agent', 'contact', 'bot']),
  type: z.enum(['chat', 'template']),
  touchpoint: z.enum(['whatsapp', 'sms', 'internal']),
  isBackchannel: z.boolean(),
  text: z.string(),
  template: TemplateUseSchema.nullable(),
  status: z.enum(MESSAGE_STATUSES),
  failure: z.object({ code: z.number().int().nullable(), reason: z.string() }).nullable(),
  /** Who sent it or wrote the comment; null for the customer, the reminder bot, and messages from before people signed in. */
  author: AuthorSchema.nullable().default(null),
  /** A form card (the manual appointment filled in from the conversation); null for every other message. */
  form: MessageFormSchema.nullable().default(null),
  /** The backend's note that the customer opted out or in; null for every other message. */
  notice: MessageNoticeSchema.nullable().default(null),
  /** The Idempotency-Key it was sent with: the sending desktop finds its own draft by it. */
  clientKey: z.string().nullable(),
  createdAt: z.number(),
  updatedAt: z.number(),
});
export type Message = z.infer<typeof MessageSchema>;

/** GET /v2/conversations/{id}/messages: the newest page, or the page older than `before`. */
export const MessagesQuerySchema = z
  .object({
    before: CursorSchema.optional(),
    limit: PageLimitSchema(50),
  })
  .strict();

/** A page of a conversation's messages, newest first; `next` is the `before` of the older page. */
export const MessagePageSchema = pageOf(MessageSchema, z.string());
export type MessagePage = z.infer<typeof MessagePageSchema>;
