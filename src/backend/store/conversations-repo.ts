import type { Database } from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import type { Conversation } from '../../api/v2/conversation';
import { windowOpenUntil } from '../../domain/whatsapp-window';

type Row = {
  id: string;
  organization_id: string;
  contact_id: string;
  inbox_id: string | null;
  waiting: number;
  last_inbound_at: number | null;
  created_at: number;
};

function toConversation(r: Row): Conversation {
  return {
    id: r.id,
    organization: r.organization_id,
    contact: r.contact_id,
    inbox: r.inbox_id,
    waiting: r.waiting === 1,
    lastInboundAt: r.last_inbound_at,
    windowOpenUntil: windowOpenUntil(r.last_inbound_at),
    createdAt: r.created_at,
  };
}

export class ConversationsRepo {
  constructor(private readonly db: Database) {}

  get(organizationId: string, id: string): Conversation | undefined {
    const row = this.db.prepare<[string, string], Row>('SELECT * FROM conversations WHERE organization_id = ? AND id = ?').get(organizationId, id);
    return row && toConversation(row);
  }

  ofContact(contactId: string): Conversation | undefined {
    const row = this.db.prepare<[string], Row>('SELECT * FROM conversations WHERE contact_id = ?').get(contactId);
    return row && toConversation(row);
  }

  create(organizationId: string, contactId: string, inboxId: string | null, now: number): Conversation {
    const id = randomUUID();
    this.db
      .prepare('INSERT INTO conversations (id, organization_id, contact_id, inbox_id, created_at) VALUES (?, ?, ?, ?, ?)')
      .run(id, organizationId, contactId, inboxId, now);
    return this.get(organizationId, id)!;
  }

  /** The customer wrote: the conversation waits for an answer and the window restarts. */
  inbound(id: string, at: number): void {
    this.db
      .prepare('UPDATE conversations SET waiting = 1, last_inbound_at = max(coalesce(last_inbound_at, 0), ?) WHERE id = ?')
      .run(at, id);
  }

  /** Someone opened it: no longer waiting. Answers whether that changed anything. */
  read(id: string): boolean {
    return this.db.prepare('UPDATE conversations SET waiting = 0 WHERE id = ? AND waiting = 1').run(id).changes === 1;
  }
}
