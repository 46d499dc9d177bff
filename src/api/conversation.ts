import { z } from 'zod';
import { AppointmentDetailsSchema, IdSchema } from './appointment';
import { MESSAGE_STATUSES, MessageSchema, TemplateUseSchema, TOUCHPOINTS } from './v2/message';

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
  /** The customer stream (inbound and outbound), oldest first. */
  messages: z.array(ConversationMessageSchema),
  /** The back channel: internal comments, oldest first. */
  comments: z.array(ConversationMessageSchema),
  /** Channels this customer can be reached on. */
  touchpoints: z.array(z.enum(TOUCHPOINTS)),
  /** False when this desktop works without a backend: nothing can be sent. */
  connected: z.boolean(),
});
export type ConversationView = z.infer<typeof ConversationViewSchema>;

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
  lastError: z.string().nullable(),
});
export type Connection = z.infer<typeof ConnectionSchema>;
