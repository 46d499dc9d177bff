import type { Database } from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import type { Contact, OptedOut } from '../../api/v2/contact';
import { matchingContact } from '../../domain/contact-identity';
import { splitPage, type ListPosition } from '../../api/v2/paging';
import { containsPattern } from '../../sqlite/like';

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
  constructor(private readonly db: Database) {}

  get(organizationId: string, id: string): Contact | undefined {
    const row = this.db.prepare<[string, string], Row>('SELECT * FROM contacts WHERE organization_id = ? AND id = ?').get(organizationId, id);
    return row && toContact(row);
  }

  /**
   * The organisation's contact for a customer a dealer named (an appointment, a desktop's
   * contact), by the identity rule of domain/contact-identity: the same phone (else e-mail) and
   * a name that agrees; a name the customer gave on a channel does not count. Undefined: a new person.
   */
  match(organizationId: string, fields: ContactFields): Contact | undefined {
    // Two look-ups, each along its own index; an OR of the two would read every contact.
    type Candidate = Row & { name_from_channel: number; position: number; source_customer: string | null };
    const byPhone = fields.phone
      ? this.db
          .prepare<[string, string], Candidate>('SELECT *, rowid AS position FROM contacts WHERE organization_id = ? AND phone = ?')
          .all(organizationId, fields.phone)
      : [];
    const byEmail = fields.email
      ? this.db
          .prepare<[string, string], Candidate>('SELECT *, rowid AS position FROM contacts WHERE organization_id = ? AND email = ? COLLATE NOCASE')
          .all(organizationId, fields.email)
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
  bySourceCustomer(organizationId: string, key: string): Contact | undefined {
    const row = this.db
      .prepare<[string, string], Row>('SELECT * FROM contacts WHERE organization_id = ? AND source_customer = ?')
      .get(organizationId, key);
    return row && toContact(row);
  }

  setSourceCustomer(id: string, key: string): void {
    this.db.prepare('UPDATE contacts SET source_customer = ? WHERE id = ? AND source_customer IS NULL').run(key, id);
  }

  /** The source's own customer as it describes them now; what it leaves out stays. Returns the contact when it changed. */
  update(organizationId: string, id: string, fields: ContactFields): Contact | undefined {
    const info = this.db
      .prepare(
        `UPDATE contacts SET name = coalesce(@name, name), phone = coalesce(@phone, phone), email = coalesce(lower(@email), email),
           name_from_channel = CASE WHEN @name IS NOT NULL THEN 0 ELSE name_from_channel END
         WHERE organization_id = @org AND id = @id
           AND (name IS NOT @name AND @name IS NOT NULL OR phone IS NOT @phone AND @phone IS NOT NULL OR email IS NOT lower(@email) AND @email IS NOT NULL)`,
      )
      .run({ org: organizationId, id, name: fields.name, phone: fields.phone, email: fields.email });
    return info.changes === 1 ? this.get(organizationId, id) : undefined;
  }

  /** Who wrote from this phone: the oldest contact with it (a message carries no more than the number). */
  byPhone(organizationId: string, phone: string): Contact | undefined {
    const row = this.db
      .prepare<[string, string], Row>('SELECT * FROM contacts WHERE organization_id = ? AND phone = ? ORDER BY created_at, rowid LIMIT 1')
      .get(organizationId, phone);
    return row && toContact(row);
  }

  /**
   * The dealer's details for a contact that matched: its blanks filled in, and a name the
   * customer gave on a channel replaced by the dealer's. Returns the contact when it changed.
   */
  adopt(organizationId: string, id: string, fields: ContactFields): Contact | undefined {
    const info = this.db
      .prepare(
        `UPDATE contacts SET
           name = CASE WHEN @name IS NOT NULL AND (name IS NULL OR name_from_channel = 1) THEN @name ELSE name END,
           name_from_channel = CASE WHEN @name IS NOT NULL THEN 0 ELSE name_from_channel END,
           phone = coalesce(phone, @phone), email = coalesce(email, lower(@email))
         WHERE organization_id = @org AND id = @id
           AND ((@name IS NOT NULL AND (name IS NULL OR (name_from_channel = 1 AND name IS NOT @name)))
             OR (phone IS NULL AND @phone IS NOT NULL) OR (email IS NULL AND @email IS NOT NULL))`,
      )
      .run({ org: organizationId, id, name: fields.name, phone: fields.phone, email: fields.email });
    return info.changes === 1 ? this.get(organizationId, id) : undefined;
  }

  /**
   * The customer opted out (STOP; `optedOut` says when and by what) or in again (null).
   * Returns the contact when its state changed: a second STOP keeps the first one's time.
   */
  setOptedOut(organizationId: string, id: string, optedOut: OptedOut | null): Contact | undefined {
    const info = this.db
      .prepare(
        `UPDATE contacts SET opted_out_at = @at, opted_out_by = @by
         WHERE organization_id = @org AND id = @id AND (opted_out_at IS NULL) = (@at IS NOT NULL)`,
      )
      .run({ org: organizationId, id, at: optedOut?.at ?? null, by: optedOut?.by ?? null });
    return info.changes === 1 ? this.get(organizationId, id) : undefined;
  }

  /**
   * Every contact of the organisation with this phone opted out (or in) together: the number
   * said STOP, whichever of the people known by it the message was filed under. Answers the
   * contacts that changed.
   */
  setOptedOutByPhone(organizationId: string, phone: string, optedOut: OptedOut | null): Contact[] {
    const ids = this.db
      .prepare<{ org: string; phone: string; at: number | null }, string>(
        `SELECT id FROM contacts WHERE organization_id = @org AND phone = @phone AND (opted_out_at IS NULL) = (@at IS NOT NULL)`,
      )
      .pluck()
      .all({ org: organizationId, phone, at: optedOut?.at ?? null });
    return ids.flatMap((id) => this.setOptedOut(organizationId, id, optedOut) ?? []);
  }

  /** `fromChannel`: the name is the one the customer gave on WhatsApp or SMS. */
  create(organizationId: string, fields: ContactFields, now: number, fromChannel = false): Contact {
    const id = randomUUID();
    this.db
      .prepare('INSERT INTO contacts (id, organization_id, name, phone, email, created_at, name_from_channel) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(id, organizationId, fields.name, fields.phone, fields.email?.toLowerCase() ?? null, now, fromChannel ? 1 : 0);
    return toContact({ id, organization_id: organizationId, ...fields, email: fields.email?.toLowerCase() ?? null, created_at: now });
  }

  /**
   * A page of the organisation's contacts that match, oldest first (the order `match` picks
   * by), and the position the next page starts after; null: there is no next page.
   */
  search(organizationId: string, q: ContactSearch): { contacts: Contact[]; next: ListPosition | null } {
    const where = ['organization_id = @org'];
    if (q.phone) where.push('phone = @phone');
    if (q.email) where.push('email = @email COLLATE NOCASE');
    if (q.name) where.push("lower(name) LIKE lower(@name) ESCAPE '\\'");
    if (q.text) {
      where.push(
        "(lower(name) LIKE lower(@text) ESCAPE '\\' OR phone LIKE @text ESCAPE '\\' OR lower(email) LIKE lower(@text) ESCAPE '\\')",
      );
    }
    // rowid breaks ties of the same millisecond in the order the contacts were stored.
    if (q.after) where.push('(created_at, rowid) > (@createdAt, @order)');
    const rows = this.db
      .prepare<Record<string, unknown>, Row & { position: number }>(
        `SELECT *, rowid AS position FROM contacts WHERE ${where.join(' AND ')} ORDER BY created_at, rowid LIMIT @limit`,
      )
      .all({
        org: organizationId,
        phone: q.phone ?? null,
        email: q.email ?? null,
        name: q.name ? containsPattern(q.name) : null,
        text: q.text ? containsPattern(q.text) : null,
        createdAt: q.after?.createdAt ?? null,
        order: q.after?.order ?? null,
        // One more than asked tells whether a next page exists.
        limit: q.limit + 1,
      });
    const { page, next } = splitPage(rows, q.limit, (row) => ({ createdAt: row.created_at, order: row.position }));
    return { contacts: page.map(toContact), next };
  }
}
