import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Contact, OptedOut } from '../../api/v2/contact';
import { matchingContact } from '../../domain/contact-identity';
import { splitPage, type ListPosition } from '../../api/v2/paging';
import { containsPattern } from '../../sqlite/like';
import type { StoreDatabase } from './sql/store-database';

type Row = {
  id: string;
  organization_id: string;
  name: string | null;
  phone: string | null;
  email: string | null;
  created_at: number;
  opted_out_at?: number | null;
  opted_out_by?: string | null;
};

function toContact(r: Row): Contact {
  return {
    id: r.id,
    organization: r.organization_id,
    profile: { name: r.name, email: r.email, telephone: r.phone },
    createdAt: r.created_at,
    optedOut: r.opted_out_at != null && r.opted_out_by != null ? { at: r.opted_out_at, by: r.opted_out_by } : null,
  };
}

export interface ContactFields {
  name: string | null;
  phone: string | null;
  email: string | null;
  /** The source and its own number of the customer, when an appointment's source gives one. */
  sourceCustomer?: string | null;
}

export interface ContactSearch {
  name?: string;
  phone?: string;
  email?: string;
  text?: string;
  after?: ListPosition;
  limit: number;
}

export class BackendContactsRepo {
  constructor(private readonly db: StoreDatabase) {}

  async get(organizationId: string, id: string): Promise<Contact | undefined> {
    const row = await this.db.get(sql<Row>`SELECT * FROM contacts WHERE organization_id = ${organizationId} AND id = ${id}`);
    return row && toContact(row);
  }

  /**
   * The organisation's contact for a customer a dealer named (an appointment, a desktop's
   * contact), by the identity rule of domain/contact-identity: the same phone (else e-mail) and
   * a name that agrees; a name the customer gave on a channel does not count. Undefined: a new person.
   */
  async match(organizationId: string, fields: ContactFields): Promise<Contact | undefined> {
    // Two look-ups, each along its own index; an OR of the two would read every contact.
    type Candidate = Row & { name_from_channel: number; position: number; source_customer: string | null };
    const byPhone = fields.phone
      ? await this.db.all(sql<Candidate>`SELECT *, rowid AS position FROM contacts WHERE organization_id = ${organizationId} AND phone = ${fields.phone}`)
      : [];
    const byEmail = fields.email
      ? await this.db.all(
          sql<Candidate>`SELECT *, rowid AS position FROM contacts WHERE organization_id = ${organizationId} AND ${this.db.dialect.equalsIgnoringCase('email', fields.email)}`,
        )
      : [];
    const candidates = [...new Map([...byPhone, ...byEmail].map((r) => [r.id, r])).values()].sort(
      (a, b) => a.created_at - b.created_at || a.position - b.position,
    );
    const found = matchingContact(
      candidates
        // A contact another number of a source claims is someone else than a numbered customer.
        .filter((r) => !fields.sourceCustomer || !r.source_customer)
        .map((r) => ({ row: r, name: r.name_from_channel ? null : r.name, phone: r.phone, email: r.email })),
      fields,
    );
    return found && toContact(found.row);
  }

  /** The contact a source knows by this number (its key: the source and the number). */
  async bySourceCustomer(organizationId: string, key: string): Promise<Contact | undefined> {
    const row = await this.db.get(sql<Row>`SELECT * FROM contacts WHERE organization_id = ${organizationId} AND source_customer = ${key}`);
    return row && toContact(row);
  }

  async setSourceCustomer(id: string, key: string): Promise<void> {
    await this.db.run(sql`UPDATE contacts SET source_customer = ${key} WHERE id = ${id} AND source_customer IS NULL`);
  }

  /** The source's own customer as it describes them now; what it leaves out stays. Returns the contact when it changed. */
  async update(organizationId: string, id: string, fields: ContactFields): Promise<Contact | undefined> {
    const { name, phone, email } = fields;
    const changed = await this.db.run(
      sql`UPDATE contacts SET name = coalesce(${name}, name), phone = coalesce(${phone}, phone), email = coalesce(lower(${email}), email),
           name_from_channel = CASE WHEN CAST(${name} AS TEXT) IS NOT NULL THEN 0 ELSE name_from_channel END
         WHERE organization_id = ${organizationId} AND id = ${id}
           AND (name IS DISTINCT FROM ${name} AND CAST(${name} AS TEXT) IS NOT NULL
             OR phone IS DISTINCT FROM ${phone} AND CAST(${phone} AS TEXT) IS NOT NULL
             OR email IS DISTINCT FROM lower(${email}) AND CAST(${email} AS TEXT) IS NOT NULL)`,
    );
    return changed === 1 ? this.get(organizationId, id) : undefined;
  }

  /** Who wrote from this phone: the oldest contact with it (a message carries no more than the number). */
  async byPhone(organizationId: string, phone: string): Promise<Contact | undefined> {
    const row = await this.db.get(
      sql<Row>`SELECT * FROM contacts WHERE organization_id = ${organizationId} AND phone = ${phone} ORDER BY created_at, rowid LIMIT 1`,
    );
    return row && toContact(row);
  }

  /**
   * The dealer's details for a contact that matched: its blanks filled in, and a name the
   * customer gave on a channel replaced by the dealer's. Returns the contact when it changed.
   */
  async adopt(organizationId: string, id: string, fields: ContactFields): Promise<Contact | undefined> {
    const { name, phone, email } = fields;
    const changed = await this.db.run(
      sql`UPDATE contacts SET
           name = CASE WHEN CAST(${name} AS TEXT) IS NOT NULL AND (name IS NULL OR name_from_channel = 1) THEN ${name} ELSE name END,
           name_from_channel = CASE WHEN CAST(${name} AS TEXT) IS NOT NULL THEN 0 ELSE name_from_channel END,
           phone = coalesce(phone, ${phone}), email = coalesce(email, lower(${email}))
         WHERE organization_id = ${organizationId} AND id = ${id}
           AND ((CAST(${name} AS TEXT) IS NOT NULL AND (name IS NULL OR (name_from_channel = 1 AND name IS DISTINCT FROM ${name})))
             OR (phone IS NULL AND CAST(${phone} AS TEXT) IS NOT NULL) OR (email IS NULL AND CAST(${email} AS TEXT) IS NOT NULL))`,
    );
    return changed === 1 ? this.get(organizationId, id) : undefined;
  }

  /**
   * The customer opted out (STOP; `optedOut` says when and by what) or in again (null).
   * Returns the contact when its state changed: a second STOP keeps the first one's time.
   */
  async setOptedOut(organizationId: string, id: string, optedOut: OptedOut | null): Promise<Contact | undefined> {
    const at = optedOut?.at ?? null;
    const changed = await this.db.run(
      sql`UPDATE contacts SET opted_out_at = ${at}, opted_out_by = ${optedOut?.by ?? null}
         WHERE organization_id = ${organizationId} AND id = ${id}
           AND (opted_out_at IS NULL) = (CAST(${at} AS BIGINT) IS NOT NULL)`,
    );
    return changed === 1 ? this.get(organizationId, id) : undefined;
  }

  /**
   * Every contact of the organisation with this phone opted out (or in) together: the number
   * said STOP, whichever of the people known by it the message was filed under. Answers the
   * contacts that changed.
   */
  async setOptedOutByPhone(organizationId: string, phone: string, optedOut: OptedOut | null): Promise<Contact[]> {
    const rows = await this.db.all(
      sql<{ id: string }>`SELECT id FROM contacts WHERE organization_id = ${organizationId} AND phone = ${phone}
        AND (opted_out_at IS NULL) = (CAST(${optedOut?.at ?? null} AS BIGINT) IS NOT NULL)`,
    );
    const changed: Contact[] = [];
    for (const { id } of rows) {
      const contact = await this.setOptedOut(organizationId, id, optedOut);
      if (contact) changed.push(contact);
    }
    return changed;
  }

  /** `fromChannel`: the name is the one the customer gave on WhatsApp or SMS. */
  async create(organizationId: string, fields: ContactFields, now: number, fromChannel = false): Promise<Contact> {
    const id = randomUUID();
    const email = fields.email?.toLowerCase() ?? null;
    await this.db.run(
      sql`INSERT INTO contacts (id, organization_id, name, phone, email, created_at, name_from_channel)
          VALUES (${id}, ${organizationId}, ${fields.name}, ${fields.phone}, ${email}, ${now}, ${fromChannel ? 1 : 0})`,
    );
    return toContact({ id, organization_id: organizationId, ...fields, email, created_at: now });
  }

  /**
   * A page of the organisation's contacts that match, oldest first (the order `match` picks
   * by), and the position the next page starts after; null: there is no next page.
   */
  async search(organizationId: string, q: ContactSearch): Promise<{ contacts: Contact[]; next: ListPosition | null }> {
    const where = [sql`organization_id = ${organizationId}`];
    if (q.phone) where.push(sql`phone = ${q.phone}`);
    if (q.email) where.push(this.db.dialect.equalsIgnoringCase('email', q.email));
    if (q.name) where.push(sql`lower(name) LIKE lower(${containsPattern(q.name)}) ESCAPE '\\'`);
    if (q.text) {
      const text = containsPattern(q.text);
      where.push(
        sql`(lower(name) LIKE lower(${text}) ESCAPE '\\' OR phone LIKE ${text} ESCAPE '\\' OR lower(email) LIKE lower(${text}) ESCAPE '\\')`,
      );
    }
    // rowid breaks ties of the same millisecond in the order the contacts were stored.
    if (q.after) where.push(sql`(created_at, rowid) > (${q.after.createdAt}, ${q.after.order})`);
    const rows = await this.db.all(
      // One more than asked tells whether a next page exists.
      sql<Row & { position: number }>`SELECT *, rowid AS position FROM contacts WHERE ${sql.join(where, sql` AND `)}
        ORDER BY created_at, rowid LIMIT ${q.limit + 1}`,
    );
    const { page, next } = splitPage(rows, q.limit, (row) => ({ createdAt: row.created_at, order: row.position }));
    return { contacts: page.map(toContact), next };
  }
}
