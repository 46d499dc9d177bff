import type { Database } from 'better-sqlite3';
import type { ConversationMessage, DesktopMessageStatus } from '../../api/conversation';
import type { Conversation } from '../../api/v2/conversation';
import type { Author } from '../../api/v2/auth';
import type { Message, MessageForm, MessageNotice, TemplateUse } from '../../api/v2/message';
import type { ListPosition } from '../../api/v2/paging';

export interface CachedConversation {
  id: string;
  contactId: string;
  inboxId: string | null;
  waiting: boolean;
  lastInboundAt: number | null;
}

type MessageRow = {
  id: string;
  role: ConversationMessage['role'];
  type: ConversationMessage['type'];
  touchpoint: ConversationMessage['touchpoint'];
  is_backchannel: number;
  text: string;
  template: string | null;
  status: DesktopMessageStatus;
  failure_code: number | null;
  failure_reason: string | null;
  created_at: number;
  author_id: string | null;
  author_name: string | null;
  author_kind: Author['kind'] | null;
  form: string | null;
  notice: string | null;
};

function toMessage(r: MessageRow): ConversationMessage {
  return {
    id: r.id,
    role: r.role,
    type: r.type,
    touchpoint: r.touchpoint,
    isBackchannel: r.is_backchannel === 1,
    text: r.text,
    template: r.template ? (JSON.parse(r.template) as TemplateUse) : null,
    status: r.status,
    failure: r.failure_reason ? { code: r.failure_code, reason: r.failure_reason } : null,
    author: r.author_id !== null && r.author_kind !== null ? { id: r.author_id, name: r.author_name ?? '', kind: r.author_kind } : null,
    form: r.form ? (JSON.parse(r.form) as MessageForm) : null,
    notice: r.notice ? (JSON.parse(r.notice) as MessageNotice) : null,
    createdAt: r.created_at,
  };
}

/** Which part of the customer stream to read (ConversationsRepo.messagePart). */
export type StreamRange = { newest: number } | { before: ListPosition; limit: number } | { from: ListPosition };

/** A message written here that waits in the outbox; `key` is its outbox job's key. */
export interface LocalMessage {
  key: string;
  conversationId: string | null;
  appointmentId: string;
  type: 'chat' | 'template';
  touchpoint: ConversationMessage['touchpoint'];
  isBackchannel: boolean;
  text: string;
  template: TemplateUse | null;
  /** Who wrote it here: the signed-in person (null: nobody signs in on this desktop). */
  author: Author | null;
  /** A form card filled in from the conversation (the manual appointment); absent for other messages. */
  form?: MessageForm;
}

/** A message's author as its three columns. */
function authorColumns(author: Author | null) {
  return { authorId: author?.id ?? null, authorName: author?.name ?? null, authorKind: author?.kind ?? null };
}

/** The conversations and messages the backend reported, and this desktop's own unsent ones. */
export class ConversationsRepo {
  constructor(private readonly db: Database) {}

  upsert(c: Conversation): void {
    this.db
      .prepare(
        `INSERT INTO conversations (id, contact_id, inbox_id, waiting, last_inbound_at, created_at)
         VALUES (@id, @contact, @inbox, @waiting, @lastInboundAt, @createdAt)
         ON CONFLICT (id) DO UPDATE SET waiting = excluded.waiting, last_inbound_at = excluded.last_inbound_at`,
      )
      .run({ ...c, waiting: c.waiting ? 1 : 0 });
  }

  ofContact(contactId: string): CachedConversation | undefined {
    const row = this.db
      .prepare<[string], Omit<CachedConversation, 'waiting'> & { waiting: number }>(
        `SELECT id, contact_id AS contactId, inbox_id AS inboxId, waiting, last_inbound_at AS lastInboundAt
         FROM conversations WHERE contact_id = ?`,
      )
      .get(contactId);
    return row && { ...row, waiting: row.waiting === 1 };
  }

  contactOf(conversationId: string): string | undefined {
    return this.db.prepare<[string], string>('SELECT contact_id FROM conversations WHERE id = ?').pluck().get(conversationId);
  }

  /** The touchpoints the customer has written on in this conversation (a reply goes back the way they came). */
  inboundTouchpoints(conversationId: string): string[] {
    return this.db
      .prepare<[string], string>("SELECT DISTINCT touchpoint FROM messages WHERE conversation_id = ? AND role = 'contact' AND is_backchannel = 0")
      .pluck()
      .all(conversationId);
  }

  /** The customer wrote (lastInboundAt given) or somebody read it (null). */
  setWaiting(conversationId: string, waiting: boolean, lastInboundAt?: number): void {
    this.db
      .prepare('UPDATE conversations SET waiting = ?, last_inbound_at = coalesce(?, last_inbound_at) WHERE id = ?')
      .run(waiting ? 1 : 0, lastInboundAt ?? null, conversationId);
  }

  waitingCount(): number {
    return this.db.prepare<[], number>('SELECT count(*) FROM conversations WHERE waiting = 1').pluck().get()!;
  }

  /**
   * Stores a message the backend reported. One this desktop wrote is found by its client key and
   * takes the backend's id and status. Returns false when the message was known already.
   */
  storeRemote(m: Message): boolean {
    const local = m.clientKey
      ? this.db.prepare<[string], { id: string; conversation_id: string | null }>('SELECT id, conversation_id FROM messages WHERE client_key = ?').get(m.clientKey)
      : undefined;
    // Known already (the answer to the send and the event both report it): statuses move on
    // through message.status only, so a late answer cannot take one back.
    if (local?.id === m.id) return false;
    if (local) {
      this.db
        .prepare(
          `UPDATE messages SET id = @id, conversation_id = @conversation, status = @status, text = @text,
             failure_code = @code, failure_reason = @reason, created_at = @createdAt, updated_at = @updatedAt,
             author_id = coalesce(@authorId, author_id), author_name = coalesce(@authorName, author_name),
             author_kind = coalesce(@authorKind, author_kind)
           WHERE client_key = @clientKey`,
        )
        .run({ ...m, code: m.failure?.code ?? null, reason: m.failure?.reason ?? null, ...authorColumns(m.author) });
      if (m.isBackchannel && local.conversation_id === null) this.countComment(m.conversation);
      return true;
    }
    const info = this.db
      .prepare(
        `INSERT INTO messages (id, conversation_id, client_key, role, type, touchpoint, is_backchannel, text, template,
           status, failure_code, failure_reason, created_at, updated_at, author_id, author_name, author_kind, form, notice)
         VALUES (@id, @conversation, @clientKey, @role, @type, @touchpoint, @backchannel, @text, @template,
           @status, @code, @reason, @createdAt, @updatedAt, @authorId, @authorName, @authorKind, @formJson, @noticeJson)
         ON CONFLICT (id) DO NOTHING`,
      )
      .run({
        ...m,
        backchannel: m.isBackchannel ? 1 : 0,
        template: m.template ? JSON.stringify(m.template) : null,
        code: m.failure?.code ?? null,
        reason: m.failure?.reason ?? null,
        ...authorColumns(m.author),
        formJson: m.form ? JSON.stringify(m.form) : null,
        noticeJson: m.notice ? JSON.stringify(m.notice) : null,
      });
    if (info.changes === 1 && m.isBackchannel) this.countComment(m.conversation);
    return info.changes === 1;
  }

  addLocal(m: LocalMessage, now: number): ConversationMessage {
    this.db
      .prepare(
        `INSERT INTO messages (id, conversation_id, appointment_id, client_key, role, type, touchpoint, is_backchannel, text,
           template, status, created_at, updated_at, author_id, author_name, author_kind, form)
         VALUES (@id, @conversationId, @appointmentId, @key, 'agent', @type, @touchpoint, @backchannel, @text, @template,
           'pending', @now, @now, @authorId, @authorName, @authorKind, @formJson)`,
      )
      .run({
        ...m,
        id: `local:${m.key}`,
        backchannel: m.isBackchannel ? 1 : 0,
        template: m.template ? JSON.stringify(m.template) : null,
        ...authorColumns(m.author),
        formJson: m.form ? JSON.stringify(m.form) : null,
        now,
      });
    if (m.isBackchannel && m.conversationId) this.countComment(m.conversationId);
    return this.message(`local:${m.key}`)!;
  }

  message(id: string): ConversationMessage | undefined {
    const row = this.db.prepare<[string], MessageRow>('SELECT * FROM messages WHERE id = ?').get(id);
    return row && toMessage(row);
  }

  /** Moves a backend message's status; the caller has decided it moves forward. */
  setStatus(id: string, status: DesktopMessageStatus, failure: { code: number | null; reason: string } | null, now: number): void {
    this.db
      .prepare('UPDATE messages SET status = ?, failure_code = ?, failure_reason = ?, updated_at = ? WHERE id = ?')
      .run(status, failure?.code ?? null, failure?.reason ?? null, now, id);
  }

  statusOf(id: string): DesktopMessageStatus | undefined {
    return this.db.prepare<[string], DesktopMessageStatus>('SELECT status FROM messages WHERE id = ?').pluck().get(id);
  }

  /** A message that stays on this desktop: held back or refused, with the reason in words. */
  settleLocal(key: string, status: 'held' | 'refused', reason: string, now: number): void {
    this.db
      .prepare('UPDATE messages SET status = ?, failure_reason = ?, updated_at = ? WHERE client_key = ?')
      .run(status, reason, now, key);
  }

  /** The draft learns its conversation once the backend made one for an offline contact. */
  attachLocal(key: string, conversationId: string): void {
    const row = this.db.prepare<[string], { conversation_id: string | null; is_backchannel: number }>(
      'SELECT conversation_id, is_backchannel FROM messages WHERE client_key = ?',
    ).get(key);
    if (!row || row.conversation_id) return;
    this.db.prepare('UPDATE messages SET conversation_id = ? WHERE client_key = ?').run(conversationId, key);
    if (row.is_backchannel) this.countComment(conversationId);
  }

  /**
   * Part of the customer stream (no back channel), oldest first: the newest `n` messages, up to
   * `limit` older than a position, or every message from a position on; and the position of
   * the part's oldest message when older ones exist (null: the part starts the conversation).
   * Ordered by (created_at, rowid): rowid is the order this cache took the messages in, so a
   * message arriving meanwhile sorts after every position handed out and never shifts a page.
   * The conversation's messages and the drafts written on this card before it had one are each
   * read as one index range (messages_by_stream, messages_by_appointment).
   */
  messagePart(
    conversationId: string | null,
    appointmentId: string,
    range: StreamRange,
  ): { messages: ConversationMessage[]; older: ListPosition | null } {
    const where =
      'before' in range
        ? 'AND (created_at, rowid) < (@createdAt, @order)'
        : 'from' in range
          ? 'AND (created_at, rowid) >= (@createdAt, @order)'
          : '';
    const part = (from: string) =>
      `SELECT *, rowid AS position FROM messages WHERE ${from} AND is_backchannel = 0 ${where}
       ORDER BY created_at DESC, rowid DESC LIMIT @limit`;
    const rows = this.db
      .prepare<Record<string, unknown>, MessageRow & { position: number }>(
        `SELECT * FROM (${part('conversation_id = @conversationId')})
         UNION ALL
         SELECT * FROM (${part('appointment_id = @appointmentId AND conversation_id IS NULL')})
         ORDER BY created_at DESC, position DESC LIMIT @limit`,
      )
      .all({
        conversationId,
        appointmentId,
        ...('before' in range ? range.before : 'from' in range ? range.from : {}),
        // A negative LIMIT is none: from a position on, every message is asked for.
        limit: 'newest' in range ? range.newest : 'before' in range ? range.limit : -1,
      });
    const oldest = rows.at(-1);
    const position = oldest && { createdAt: oldest.created_at, order: oldest.position };
    return {
      messages: rows.reverse().map(toMessage),
      older: position && this.hasOlder(conversationId, appointmentId, position) ? position : null,
    };
  }

  private hasOlder(conversationId: string | null, appointmentId: string, position: ListPosition): boolean {
    const older = 'is_backchannel = 0 AND (created_at, rowid) < (@createdAt, @order)';
    return this.db
      .prepare<Record<string, unknown>, number>(
        `SELECT EXISTS (SELECT 1 FROM messages WHERE conversation_id = @conversationId AND ${older})
             OR EXISTS (SELECT 1 FROM messages WHERE appointment_id = @appointmentId AND conversation_id IS NULL AND ${older})`,
      )
      .pluck()
      .get({ conversationId, appointmentId, ...position }) === 1;
  }

  /** The back channel, oldest first, with comments written on this card before it had a conversation. */
  comments(conversationId: string | null, appointmentId: string): ConversationMessage[] {
    return this.db
      .prepare<[string | null, string], MessageRow>(
        `SELECT *, rowid AS position FROM messages WHERE conversation_id = ? AND is_backchannel = 1
         UNION ALL
         SELECT *, rowid AS position FROM messages WHERE appointment_id = ? AND conversation_id IS NULL AND is_backchannel = 1
         ORDER BY created_at, position`,
      )
      .all(conversationId, appointmentId)
      .map(toMessage);
  }

  private countComment(conversationId: string): void {
    this.db.prepare('UPDATE conversations SET comment_count = comment_count + 1 WHERE id = ?').run(conversationId);
  }
}
