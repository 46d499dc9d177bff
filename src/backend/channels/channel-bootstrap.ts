import { channelNumber, type CreateChannelInput } from '../../api/v2/channels';
import type { BackendStore } from '../store/backend-store';
import { ChannelAddressTaken } from '../store/channels-repo';

/**
 * The channel the environment names (WHATSAPP_*, TWILIO_*: a backend's first channel), made once:
 * only when no channel of the organisation, working or removed, ever had the number. From then
 * on it is a manager's like any other: a restart neither refreshes its secrets from the
 * environment nor brings it back after a manager removed it. When made, it serves the
 * organisation's inboxes that have no channel of its kind and its messages from before channels
 * were stored, in one transaction. Refused when the number is another organisation's working
 * channel. `created` false: the stored channel is used as it is.
 */
export async function bootstrapChannel(store: BackendStore, organizationId: string, input: CreateChannelInput, now: number): Promise<{ created: boolean }> {
  const number = channelNumber(input);
  // In the organisation's write, which processes starting together take one after the other: the first makes it, the others find it.
  return store.write(organizationId, now, async () => {
    const working = await store.channels.byAddress(input.kind, number);
    if (working && working.organizationId !== organizationId) {
      throw new ChannelAddressTaken(`${number} is a channel of another organisation on this backend.`);
    }
    if (await store.channels.everHad(organizationId, input.kind, number)) return { created: false };
    const { id } = await store.channels.create(organizationId, input, now);
    await store.organizations.assignChannelWhereNone(organizationId, input.kind, id);
    await store.messages.assignChannelToUnrouted(organizationId, input.kind, id);
    return { created: true };
  });
}
