import type { Database } from 'better-sqlite3';
import type { Author } from '../../api/v2/auth';
import type { Message, MessageForm, MessageNotice, MessageStatus, TemplateUse } from '../../api/v2/message';
import { splitPage, type ListPosition } from '../../api/v2/paging';

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
  constructor(private readonly db: Database) {}

  insert(m: NewMessage, now: number): Message {
    this.db
      .prepare(
        `INSERT INTO messages (id, organization_id, conversation_id, role, type, touchpoint, is_backchannel, text,
           template, status, provider_id, idempotency_key, author_id, author_name, author_kind, channel_id, form, notice,
           created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        m.id,
        m.organizationId,
        m.conversationId,
        m.role,
        m.type,
        m.touchpoint,
        m.isBackchannel ? 1 : 0,
        m.text,
        m.template ? JSON.stringify(m.template) : null,
        m.status,
        m.providerId,
        m.idempotencyKey,
        m.author?.id ?? null,
        m.author?.name ?? null,
        m.author?.kind ?? null,
        m.channelId ?? null,
        m.form ? JSON.stringify(m.form) : null,
        m.notice ? JSON.stringify(m.notice) : null,
        now,
        now,
      );
    return this.get(m.id)!;
  }

  get(id: string): Message | undefined {
    const row = this.db.prepare<[string], Row>('SELECT * FROM messages WHERE id = ?').get(id);
    return row && toMessage(row);
  }

  organizationOf(id: string): string | undefined {
    return this.db.prepare<[string], { o: string }>('SELECT organization_id AS o FROM messages WHERE id = ?').get(id)?.o;
  }

  byIdempotencyKey(organizationId: string, key: string): Message | undefined {
    const row = this.db
      .prepare<[string, string], Row>('SELECT * FROM messages WHERE organization_id = ? AND idempotency_key = ?')
      .get(organizationId, key);
    return row && toMessage(row);
  }

  /**
   * The message a channel knows by this id, only among that channel's own messages: a report
   * on one number never reaches a message of another (messages_by_channel_provider_id).
   */
  byProviderId(channelId: string, providerId: string): (Message & { organizationId: string; channelId: string }) | undefined {
    const row = this.db
      .prepare<[string, string], Row>('SELECT * FROM messages WHERE channel_id = ? AND provider_id = ?')
      .get(channelId, providerId);
    return row && { ...toMessage(row), organizationId: row.organization_id, channelId: channelId };
  }

  /** The channel a message goes out through (or came in on); null for notes and for messages from before channels were stored. */
  channelOf(id: string): string | null {
    return this.db.prepare<[string], { c: string | null }>('SELECT channel_id AS c FROM messages WHERE id = ?').get(id)?.c ?? null;
  }

  /** The channel of the customer's last message on this touchpoint in the conversation: a reply goes back the way they wrote. */
  lastInboundChannel(conversationId: string, touchpoint: 'whatsapp' | 'sms'): string | null {
    // A number a manager removed sends nothing more: a reply takes the customer's last number still working.
    return (
      this.db
        .prepare<[string, string], { c: string }>(
          `SELECT m.channel_id AS c FROM messages m JOIN channels ch ON ch.id = m.channel_id AND ch.removed_at IS NULL
           WHERE m.conversation_id = ? AND m.touchpoint = ? AND m.role = 'contact'
           ORDER BY m.created_at DESC, m.rowid DESC LIMIT 1`,
        )
        .get(conversationId, touchpoint)?.c ?? null
    );
  }

  /** The organisation's messages on this touchpoint from before channels were stored go through this one (the environment's first channel). */
  assignChannelToUnrouted(organizationId: string, touchpoint: 'whatsapp' | 'sms', channelId: string): number {
    return this.db
      .prepare('UPDATE messages SET channel_id = ? WHERE organization_id = ? AND touchpoint = ? AND channel_id IS NULL')
      .run(channelId, organizationId, touchpoint).changes;
  }

  /**
   * Up to `limit` of the conversation's messages, newest first, older than `before` when given,
   * and the position of the older page (null: this page reaches the first message). Ordered by
   * (created_at, rowid): rowid is the order the store took them in, so messages of the same
   * millisecond keep it, and one stored meanwhile sorts after every cursor handed out.
   * messages_by_conversation (conversation_id, created_at, and implicitly rowid) serves it as
   * one index range, however long the conversation.
   */
  pageOfConversation(conversationId: string, before: ListPosition | undefined, limit: number): { messages: Message[]; next: ListPosition | null } {
    const rows = this.db
      .prepare<Record<string, unknown>, Row & { position: number }>(
        `SELECT *, rowid AS position FROM messages
         WHERE conversation_id = @conversationId ${before ? 'AND (created_at, rowid) < (@createdAt, @order)' : ''}
         ORDER BY created_at DESC, rowid DESC LIMIT @limit`,
      )
      // One more than asked tells whether an older page exists.
      .all({ conversationId, ...before, limit: limit + 1 });
    const { page, next } = splitPage(rows, limit, (row) => ({ createdAt: row.created_at, order: row.position }));
    return { messages: page.map(toMessage), next };
  }

  setStatus(id: string, status: MessageStatus, failure: { code: number | null; reason: string } | null, now: number): void {
    this.db
      .prepare('UPDATE messages SET status = ?, failure_code = ?, failure_reason = ?, updated_at = ? WHERE id = ?')
      .run(status, failure?.code ?? null, failure?.reason ?? null, now, id);
  }

  /** Records the channel's id for a message; once known it does not change. */
  setProviderId(id: string, providerId: string, now: number): void {
    this.db
      .prepare('UPDATE messages SET provider_id = ?, updated_at = ? WHERE id = ? AND provider_id IS NULL')
      .run(providerId, now, id);
  }
}
