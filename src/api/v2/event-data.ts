import { z } from 'zod';
import { KeyloopRecordSchema } from './keyloop';
import { SourceStatusKeySchema, SourceStatusSchema } from './source-status';
import { ColourSchema, ColumnSchema } from '../appointment';
import { BackendAppointmentSchema } from './appointment';
import { ContactSchema } from './contact';
import { AuthorSchema } from './auth';
import { UserRoleSchema } from './auth';
import { ConversationSchema } from './conversation';
import { MESSAGE_STATUSES, MessageSchema } from './message';
import { WaTemplateSchema } from './template';
import { InboxViewSchema } from './organization';

/** Who made a change; null in events logged before people signed in. */
const ByField = AuthorSchema.nullable().default(null);

const FailureSchema = z.object({ code: z.number().int().nullable(), reason: z.string() }).nullable();

/**
 * What each event type carries. The log stores `data` as written; a client parses each event
 * with this before it applies it, so a malformed event is refused rather than half applied.
 */
export const EventDataSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('contact.create'), data: z.object({ contact: ContactSchema }) }),
  // A contact learned its name, phone or e-mail (an appointment named the person who wrote first).
  z.object({ type: z.literal('contact.update'), data: z.object({ contact: ContactSchema }) }),
  z.object({ type: z.literal('conversation.create'), data: z.object({ conversation: ConversationSchema }) }),
  z.object({ type: z.literal('conversation.waiting'), data: z.object({ conversation: z.string(), lastInboundAt: z.number() }) }),
  z.object({ type: z.literal('conversation.read'), data: z.object({ conversation: z.string() }) }),
  z.object({ type: z.literal('message.create'), data: z.object({ message: MessageSchema }) }),
  z.object({
    type: z.literal('message.status'),
    data: z.object({ message: z.string(), conversation: z.string(), status: z.enum(MESSAGE_STATUSES), failure: FailureSchema }),
  }),
  // created: this upsert made the appointment (the webhook's appointment.create); absent in events logged before it was said.
  z.object({ type: z.literal('appointment.upsert'), data: z.object({ appointment: BackendAppointmentSchema, created: z.boolean().optional() }) }),
  z.object({
    type: z.literal('appointment.move'),
    data: z.object({ appointment: z.string(), column: ColumnSchema, position: z.number(), by: ByField }),
  }),
  z.object({ type: z.literal('appointment.colour'), data: z.object({ appointment: z.string(), colour: ColourSchema, by: ByField }) }),
  // The card's service advisor was set (a user of the organisation) or cleared.
  z.object({ type: z.literal('appointment.advisor'), data: z.object({ appointment: z.string(), advisor: z.string().nullable(), by: ByField }) }),
  // A person of the organisation was added or changed (desktops show names of advisors and authors), or removed.
  z.object({ type: z.literal('user.upsert'), data: z.object({ user: z.object({ id: z.string(), name: z.string(), role: UserRoleSchema }) }) }),
  z.object({ type: z.literal('user.remove'), data: z.object({ user: z.string() }) }),
  // A manager revoked sessions (or removed a person, or rotated a device's token), or a person
  // signed out: a desktop holding one of them signs that person out now, not at its next request.
  z.object({ type: z.literal('session.end'), data: z.object({ sessions: z.array(z.string()).min(1) }) }),
  // A planning system said one of its records changed; the desktop that pulls it fetches the record.
  z.object({
    type: z.literal('source.notified'),
    data: z.object({ system: z.literal('keyloop'), tenant: z.string(), record: KeyloopRecordSchema, eventId: z.string() }),
  }),
  // Someone on another desktop pressed Sync now on a source; the desktop that pulls it runs it.
  z.object({ type: z.literal('source.syncRequested'), data: z.object({ key: SourceStatusKeySchema }) }),
  // How a source goes on the desktop that pulls it; null: that source was removed.
  z.object({ type: z.literal('source.status'), data: z.object({ key: SourceStatusKeySchema, status: SourceStatusSchema.nullable() }) }),
  // A manager renamed the organisation.
  z.object({ type: z.literal('organization.update'), data: z.object({ organization: z.object({ id: z.string(), name: z.string() }) }) }),
  // A manager added an inbox or changed its settings (zone, hours, channels…): desktops keep it in their cache.
  z.object({ type: z.literal('inbox.upsert'), data: z.object({ inbox: InboxViewSchema }) }),
  // A template of the Content Library was added or changed (a manager's edit, Meta's review, a sync), or deleted.
  z.object({ type: z.literal('template.upsert'), data: z.object({ template: WaTemplateSchema }) }),
  z.object({ type: z.literal('template.remove'), data: z.object({ template: z.string() }) }),
]);
export type EventData = z.infer<typeof EventDataSchema>;
