import { z } from 'zod';
import { pageOf } from './paging';

export const EVENT_TYPES = [
  'contact.create',
  'contact.update',
  'conversation.create',
  'conversation.waiting',
  'conversation.read',
  'message.create',
  'message.status',
  'appointment.upsert',
  'appointment.move',
  'appointment.colour',
  'appointment.advisor',
  'user.upsert',
  'user.remove',
  'session.end',
  'source.notified',
  'source.status',
  'source.syncRequested',
  'template.upsert',
  'template.remove',
  'organization.update',
  'inbox.upsert',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/** One entry of an organisation's event log; `seq` has no gaps, so a client can tell it missed nothing. */
export const EventSchema = z.object({
  seq: z.number().int().positive(),
  // Any name: a desktop older than its backend skips the types it does not know (EventDataSchema).
  type: z.string().min(1).max(100),
  data: z.record(z.string(), z.unknown()),
  createdAt: z.number(),
});
export type BackendEvent = z.infer<typeof EventSchema>;

export const EventsQuerySchema = z
  .object({
    since: z.coerce.number().int().min(0).default(0),
    limit: z.coerce.number().int().min(1).max(1000).default(500),
  })
  .strict();

/** GET /v2/events: events after `since` in order; `next` is the `since` of the following page. */
export const EventPageSchema = pageOf(EventSchema, z.number().int());
export type EventPage = z.infer<typeof EventPageSchema>;
