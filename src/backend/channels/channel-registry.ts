import { channelNumber } from '../../api/v2/channels';
import type { BackendStore } from '../store/backend-store';
import type { ChannelRecord } from '../store/channels-repo';
import type { Channel } from './channel';
import type { ProviderEndpoints } from './provider-endpoints';
import { TwilioSms } from './twilio-sms';
import { WhatsAppCloudApi } from './whatsapp-cloud-api';

/** A stored channel ready to send through, or why its messages cannot leave. */
export type ChannelLookup = { ok: true; record: ChannelRecord; adapter: Channel } | { ok: false; reason: string };

/**
 * The adapters of the organisations' stored channels (WhatsApp Cloud API, Twilio), built from
 * each channel's settings and the operator's provider addresses. An adapter is kept per channel
 * id and updatedAt: a manager's edit (a new access token) is used at the next send, without a
 * restart, and an unchanged channel is not opened and built again for every message.
 */
export class ChannelRegistry {
  private readonly built = new Map<string, { updatedAt: number; lookup: ChannelLookup & { ok: true } }>();

  constructor(
    private readonly store: BackendStore,
    private readonly providers: ProviderEndpoints,
    /** The backend's own address, known once it listens: the SMS status callback when no public address is set. */
    private readonly ownUrl: () => string,
  ) {}

  /** Where the SMS provider reports statuses: the public address the operator set, else this backend's own. */
  smsStatusCallback(): string {
    return `${(this.providers.publicUrl ?? this.ownUrl()).replace(/\/$/, '')}/webhooks/sms/status`;
  }

  /** The adapter of a message's channel; a channel a manager removed sends nothing more. */
  async lookup(channelId: string | null): Promise<ChannelLookup> {
    if (channelId === null) {
      return { ok: false, reason: 'This message has no channel to leave through: a manager assigns a number to its inbox in Settings → Channels.' };
    }
    const record = await this.store.channels.record(channelId);
    if (!record) return { ok: false, reason: 'The channel of this message does not exist.' };
    const address = channelNumber(record);
    if ((await this.store.channels.byAddress(record.kind, address))?.id !== record.id) {
      this.built.delete(channelId);
      return { ok: false, reason: `The channel "${record.label}" (${address}) was removed by a manager before this message left.` };
    }
    const cached = this.built.get(channelId);
    if (cached && cached.updatedAt === record.updatedAt) return cached.lookup;
    const lookup = { ok: true as const, record, adapter: this.adapterOf(record) };
    this.built.set(channelId, { updatedAt: record.updatedAt, lookup });
    return lookup;
  }

  private adapterOf(record: ChannelRecord): Channel {
    if (record.kind === 'whatsapp') {
      return new WhatsAppCloudApi({
        baseUrl: this.providers.whatsapp.baseUrl,
        apiVersion: this.providers.whatsapp.apiVersion,
        phoneNumberId: record.phoneNumberId,
        accessToken: record.secrets.accessToken,
      });
    }
    return new TwilioSms({
      baseUrl: this.providers.sms.baseUrl,
      accountSid: record.accountSid,
      authToken: record.secrets.authToken,
      from: record.from,
      statusCallbackUrl: this.smsStatusCallback(),
    });
  }
}
