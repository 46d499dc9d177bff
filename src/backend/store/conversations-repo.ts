import { sql } from 'kysely';
import { randomUUID } from 'node:crypto';
import type { Conversation } from '../../api/v2/conversation';
import { windowOpenUntil } from '../../domain/whatsapp-window';
import type { StoreDatabase } from './sql/store-database';

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
  constructor(private readonly db: StoreDatabase) {}

  async get(organizationId: string, id: string): Promise<Conversation | undefined> {
    const row = await this.db.get(sql<Row>`SELECT * FROM conversations WHERE organization_id = ${organizationId} AND id = ${id}`);
    return row && toConversation(row);
  }

  async ofContact(contactId: string): Promise<Conversation | undefined> {
    const row = await this.db.get(sql<Row>`SELECT * FROM conversations WHERE contact_id = ${contactId}`);
    return row && toConversation(row);
  }

  async create(organizationId: string, contactId: string, inboxId: string | null, now: number): Promise<Conversation> {
    const id = randomUUID();
    await this.db.run(
      sql`INSERT INTO conversations (id, organization_id, contact_id, inbox_id, created_at) VALUES (${id}, ${organizationId}, ${contactId}, ${inboxId}, ${now})`,
    );
    return (await this.get(organizationId, id))!;
  }

  /** The customer wrote: the conversation waits for an answer and the window restarts. */
  async inbound(id: string, at: number): Promise<void> {
    const latest = this.db.dialect.greatest(sql`coalesce(last_inbound_at, 0)`, sql`${at}`);
    await this.db.run(sql`UPDATE conversations SET waiting = 1, last_inbound_at = ${latest} WHERE id = ${id}`);
  }

  /** Someone opened it: no longer waiting. Answers whether that changed anything. */
  async read(id: string): Promise<boolean> {
    return (await this.db.run(sql`UPDATE conversations SET waiting = 0 WHERE id = ${id} AND waiting = 1`)) === 1;
  }
}
