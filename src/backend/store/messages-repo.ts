import { sql } from 'kysely';
import type { Author } from '../../api/v2/auth';
import type { Message, MessageForm, MessageNotice, MessageStatus, TemplateUse } from '../../api/v2/message';
import { splitPage, type ListPosition } from '../../api/v2/paging';
import type { StoreDatabase } from './sql/store-database';

type Row = {
  id: string;
  organization_id: string;
  conversation_id: string;
  role: Message['role'];
  type: Message['type'];
  touchpoint: Message['touchpoint'];
  is_backchannel: number;
  text: string;
  template: string | null;
  status: MessageStatus;
  failure_code: number | null;
  failure_reason: string | null;
  provider_id: string | null;
  idempotency_key: string | null;
  author_id: string | null;
  author_name: string | null;
  author_kind: Author['kind'] | null;
  form: string | null;
  notice: string | null;
  channel_id: string | null;
  created_at: number;
  updated_at: number;
};

function toMessage(r: Row): Message {
  return {
    id: r.id,
    conversation: r.conversation_id,
    role: r.role,
    type: r.type,
    touchpoint: r.touchpoint,
    isBackchannel: r.is_backchannel === 1,
    text: r.text,
    template: r.template ? (JSON.parse(r.template) as TemplateUse) : null,
    status: r.status,
    failure: r.failure_reason ? { code: r.failure_code, reason: r.failure_reason } : null,
    // The three are written together (NewMessage.author), or none of them.
    author: r.author_id !== null && r.author_name !== null && r.author_kind !== null ? { id: r.author_id, name: r.author_name, kind: r.author_kind } : null,
    form: r.form ? (JSON.parse(r.form) as MessageForm) : null,
    notice: r.notice ? (JSON.parse(r.notice) as MessageNotice) : null,
    clientKey: r.idempotency_key,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export interface NewMessage {
  id: string;
  organizationId: string;
  conversationId: string;
  role: Message['role'];
  type: Message['type'];
  touchpoint: Message['touchpoint'];
  isBackchannel: boolean;
  text: string;
  template: TemplateUse | null;
  status: MessageStatus;
  providerId: string | null;
  idempotencyKey: string | null;
  /** Who sent it or wrote the comment; none (null or left out) for the customer and the reminder bot. */
  author?: Author | null;
  /** The channel it came in on or leaves through; none for internal notes. */
  channelId?: string | null;
  /** A form card or an opt-out notice in the customer stream (internal notes). */
  form?: MessageForm | null;
  notice?: MessageNotice | null;
}

export class MessagesRepo {
  constructor(private readonly db: StoreDatabase) {}

  async insert(m: NewMessage, now: number): Promise<Message> {
    await this.db.run(
      sql`INSERT INTO messages (id, organization_id, conversation_id, role, type, touchpoint, is_backchannel, text,
           template, status, provider_id, idempotency_key, author_id, author_name, author_kind, channel_id, form, notice,
           created_at, updated_at)
         VALUES (${m.id}, ${m.organizationId}, ${m.conversationId}, ${m.role}, ${m.type}, ${m.touchpoint}, ${m.isBackchannel ? 1 : 0}, ${m.text},
           ${m.template ? JSON.stringify(m.template) : null}, ${m.status}, ${m.providerId}, ${m.idempotencyKey},
           ${m.author?.id ?? null}, ${m.author?.name ?? null}, ${m.author?.kind ?? null}, ${m.channelId ?? null},
           ${m.form ? JSON.stringify(m.form) : null}, ${m.notice ? JSON.stringify(m.notice) : null}, ${now}, ${now})`,
    );
    return (await this.get(m.id))!;
  }

  async get(id: string): Promise<Message | undefined> {
    const row = await this.db.get(sql<Row>`SELECT * FROM messages WHERE id = ${id}`);
    return row && toMessage(row);
  }

  async organizationOf(id: string): Promise<string | undefined> {
    return (await this.db.get(sql<{ o: string }>`SELECT organization_id AS o FROM messages WHERE id = ${id}`))?.o;
  }

  async byIdempotencyKey(organizationId: string, key: string): Promise<Message | undefined> {
    const row = await this.db.get(sql<Row>`SELECT * FROM messages WHERE organization_id = ${organizationId} AND idempotency_key = ${key}`);
    return row && toMessage(row);
  }

  /**
   * The message a channel knows by this id, only among that channel's own messages: a report
   * on one number never reaches a message of another (messages_by_channel_provider_id).
   */
  async byProviderId(channelId: string, providerId: string): Promise<(Message & { organizationId: string; channelId: string }) | undefined> {
    const row = await this.db.get(sql<Row>`SELECT * FROM messages WHERE channel_id = ${channelId} AND provider_id = ${providerId}`);
    return row && { ...toMessage(row), organizationId: row.organization_id, channelId: channelId };
  }

  /** The channel a message goes out through (or came in on); null for notes and for messages from before channels were stored. */
  async channelOf(id: string): Promise<string | null> {
    return (await this.db.get(sql<{ c: string | null }>`SELECT channel_id AS c FROM messages WHERE id = ${id}`))?.c ?? null;
  }

  /** The channel of the customer's last message on this touchpoint in the conversation: a reply goes back the way they wrote. */
  async lastInboundChannel(conversationId: string, touchpoint: 'whatsapp' | 'sms'): Promise<string | null> {
    // A number a manager removed sends nothing more: a reply takes the customer's last number still working.
    const row = await this.db.get(
      sql<{ c: string }>`SELECT m.channel_id AS c FROM messages m JOIN channels ch ON ch.id = m.channel_id AND ch.removed_at IS NULL
        WHERE m.conversation_id = ${conversationId} AND m.touchpoint = ${touchpoint} AND m.role = 'contact'
        ORDER BY m.created_at DESC, m.rowid DESC LIMIT 1`,
    );
    return row?.c ?? null;
  }

  /** The organisation's messages on this touchpoint from before channels were stored go through this one (the environment's first channel). */
  async assignChannelToUnrouted(organizationId: string, touchpoint: 'whatsapp' | 'sms', channelId: string): Promise<number> {
    return this.db.run(
      sql`UPDATE messages SET channel_id = ${channelId} WHERE organization_id = ${organizationId} AND touchpoint = ${touchpoint} AND channel_id IS NULL`,
    );
  }

  /**
   * Up to `limit` of the conversation's messages, newest first, older than `before` when given,
   * and the position of the older page (null: this page reaches the first message). Ordered by
   * (created_at, rowid): rowid is the order the store took them in, so messages of the same
   * millisecond keep it, and one stored meanwhile sorts after every cursor handed out.
   * messages_by_conversation (conversation_id, created_at, and implicitly rowid) serves it as
   * one index range, however long the conversation.
   */
  async pageOfConversation(
    conversationId: string,
    before: ListPosition | undefined,
    limit: number,
  ): Promise<{ messages: Message[]; next: ListPosition | null }> {
    // One more than asked tells whether an older page exists.
    const rows = await this.db.all(
      sql<Row & { position: number }>`SELECT *, rowid AS position FROM messages
        WHERE conversation_id = ${conversationId} ${before ? sql`AND (created_at, rowid) < (${before.createdAt}, ${before.order})` : sql``}
        ORDER BY created_at DESC, rowid DESC LIMIT ${limit + 1}`,
    );
    const { page, next } = splitPage(rows, limit, (row) => ({ createdAt: row.created_at, order: row.position }));
    return { messages: page.map(toMessage), next };
  }

  async setStatus(id: string, status: MessageStatus, failure: { code: number | null; reason: string } | null, now: number): Promise<void> {
    await this.db.run(
      sql`UPDATE messages SET status = ${status}, failure_code = ${failure?.code ?? null}, failure_reason = ${failure?.reason ?? null}, updated_at = ${now}
          WHERE id = ${id}`,
    );
  }

  /** Records the channel's id for a message; once known it does not change. */
  async setProviderId(id: string, providerId: string, now: number): Promise<void> {
    await this.db.run(sql`UPDATE messages SET provider_id = ${providerId}, updated_at = ${now} WHERE id = ${id} AND provider_id IS NULL`);
  }
}
