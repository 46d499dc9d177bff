import { z } from 'zod';
import { AppointmentDetailsSchema, IdSchema } from './appointment';
import { MESSAGE_STATUSES, MessageSchema, TemplateUseSchema, TOUCHPOINTS } from './v2/message';
import { CursorSchema } from './v2/paging';

/**
 * A message as the desktop shows it: the backend's statuses, and three of its own while the
 * message is still on this computer: `pending` (waiting in the outbox), `held` (free text that
 * can no longer be sent because the 24-hour window closed while it waited) and `refused`
 * (the backend said no, for good).
 */
export const DESKTOP_MESSAGE_STATUSES = [...MESSAGE_STATUSES, 'pending', 'held', 'refused'] as const;
export type DesktopMessageStatus = (typeof DESKTOP_MESSAGE_STATUSES)[number];

export const ConversationMessageSchema = MessageSchema.omit({ conversation: true, clientKey: true, updatedAt: true }).extend({
  status: z.enum(DESKTOP_MESSAGE_STATUSES),
});
export type ConversationMessage = z.infer<typeof ConversationMessageSchema>;

export const ConversationStateSchema = z.object({
  /** Null until the backend knows the conversation (a contact made offline). */
  id: z.string().nullable(),
  waiting: z.boolean(),
  lastInboundAt: z.number().nullable(),
  /** Until when free text may be sent on WhatsApp; null: templates only. */
  windowOpenUntil: z.number().nullable(),
});

/** Everything the conversation pane shows for one card. */
export const ConversationViewSchema = z.object({
  appointment: AppointmentDetailsSchema,
  conversation: ConversationStateSchema,
  /** The newest page of the customer stream (inbound and outbound), or all from `from` on; oldest first. */
  messages: z.array(ConversationMessageSchema),
  /** The cursor of the page before `messages` (listOlderMessages); null: they start the conversation. */
  older: z.string().nullable(),
  /** The back channel: internal comments, oldest first. */
  comments: z.array(ConversationMessageSchema),
  /** Channels this customer can be reached on: those of the card's inbox, and those the customer wrote on. */
  touchpoints: z.array(z.enum(TOUCHPOINTS)),
  /** The customer has a phone, but the card's inbox has no WhatsApp number or SMS sender set up. */
  noChannel: z.boolean(),
  /** False when this desktop works without a backend: nothing can be sent. */
  connected: z.boolean(),
  /** The card's inbox's template language (the picker marks templates in another); null: not known here. */
  templateLanguage: z.string().nullable(),
});
export type ConversationView = z.infer<typeof ConversationViewSchema>;

/** How many messages of the customer stream the pane reads at a time. */
export const MESSAGE_PAGE_SIZE = 50;

/**
 * A card's conversation with the newest page of its customer stream; or, once the pane holds
 * older pages, with every message from `from` (the `older` of the part it shows) on, so that no
 * message falls between the pages it holds and the part it reads again.
 */
export const ConversationQuerySchema = z.object({
  appointmentId: IdSchema,
  from: CursorSchema.optional(),
});

/** The page of the customer stream before `before` (a cursor of an earlier answer). */
export const OlderMessagesQuerySchema = z.object({
  appointmentId: IdSchema,
  before: CursorSchema,
  limit: z.number().int().min(1).max(200).default(MESSAGE_PAGE_SIZE),
});

/** A page of the customer stream, oldest first, and the cursor of the page before it; null: it starts the conversation. */
export const MessagePageViewSchema = z.object({
  messages: z.array(ConversationMessageSchema),
  older: z.string().nullable(),
});
export type MessagePageView = z.infer<typeof MessagePageViewSchema>;

export const SendToCustomerSchema = z
  .object({
    appointmentId: IdSchema,
    touchpoint: z.enum(TOUCHPOINTS).default('whatsapp'),
    text: z.string().trim().min(1).max(4096).optional(),
    template: TemplateUseSchema.optional(),
  })
  .refine((m) => (m.text === undefined) !== (m.template === undefined), 'send either text or a template');
export type SendToCustomerInput = z.infer<typeof SendToCustomerSchema>;

/** The link to the organisation's backend, as the status bar and the offline banner show it. */
export const ConnectionSchema = z.object({
  /** standalone: this desktop has no backend configured and works on its own cache. */
  mode: z.enum(['standalone', 'connected']),
  online: z.boolean(),
  /** When the backend was last lost; null while online. */
  offlineSince: z.number().nullable(),
  /** Changes made here that the backend has not acknowledged yet. */
  pending: z.number().int(),
  /** Names of people whose changes made here wait until they sign in on this desktop again (their session here ended). */
  waitingFor: z.array(z.string()),
  lastError: z.string().nullable(),
});
export type Connection = z.infer<typeof ConnectionSchema>;
