import { z } from 'zod';
import { IdSchema } from './appointment';
import { ChannelCheckSchema, ChannelListSchema, ChannelSchema, CreateChannelSchema, UpdateChannelSchema } from './v2/channels';
import { CreateInboxSchema, InboxViewSchema, OrganizationSchema, UpdateInboxSchema, UpdateOrganizationSchema } from './v2/organization';

/**
 * A manager's set-up on a desktop (the BoardApi's part for Settings → Channels and Settings →
 * Organisation and inboxes). Each goes to the backend with the signed-in manager's token, so
 * reads too are the person's (METHOD_ACCESS 'person'); the backend's shapes pass through
 * unchanged, and its refusals (403 for an advisor, 409 for a number taken, 422 for a channel of
 * another kind) reach the window with their codes.
 */
const method = <I extends z.ZodType, O extends z.ZodType>(input: I, output: O) => ({ input, output });

export const setupApi = {
  listChannels: method(z.object({}), ChannelListSchema),
  createChannel: method(CreateChannelSchema, ChannelSchema),
  updateChannel: method(z.object({ id: IdSchema, patch: UpdateChannelSchema }), ChannelSchema),
  removeChannel: method(z.object({ id: IdSchema }), z.null()),
  /** Asks the provider now; the answer is also kept as the channel's lastCheck. */
  testChannel: method(z.object({ id: IdSchema }), ChannelCheckSchema),
  /** The organisation and every inbox with its settings, as the backend has them now. */
  getOrganizationSetup: method(z.object({}), OrganizationSchema),
  updateOrganization: method(UpdateOrganizationSchema, OrganizationSchema),
  createInbox: method(CreateInboxSchema, InboxViewSchema),
  updateInbox: method(z.object({ id: IdSchema, patch: UpdateInboxSchema }), InboxViewSchema),
} as const;
