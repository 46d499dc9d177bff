import type { Database } from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import type { Contact } from '../../api/v2/contact';

type Row = { id: string; organization_id: string; name: string | null; phone: string | null; email: string | null; created_at: number };

function toContact(r: Row): Contact {
  return { id: r.id, organization: r.organization_id, profile: { name: r.name, email: r.email, telephone: r.phone }, createdAt: r.created_at };
}

export interface ContactFields {
  name: string | null;
  phone: string | null;
  email: string | null;
}

export interface ContactSearch {
  name?: string;
  phone?: string;
  email?: string;
  text?: string;
  limit: number;
}

export class BackendContactsRepo {
  constructor(private readonly db: Database) {}

  get(organizationId: string, id: string): Contact | undefined {
    const row = this.db.prepare<[string, string], Row>('SELECT * FROM contacts WHERE organization_id = ? AND id = ?').get(organizationId, id);
    return row && toContact(row);
  }

  /** The organisation's contact with this phone, else this e-mail; the oldest if several. */
  match(organizationId: string, fields: ContactFields): Contact | undefined {
    const byPhone = fields.phone
      ? this.db
          .prepare<[string, string], Row>('SELECT * FROM contacts WHERE organization_id = ? AND phone = ? ORDER BY created_at LIMIT 1')
          .get(organizationId, fields.phone)
      : undefined;
    const row =
      byPhone ??
      (fields.email
        ? this.db
            .prepare<[string, string], Row>(
              'SELECT * FROM contacts WHERE organization_id = ? AND email = ? COLLATE NOCASE ORDER BY created_at LIMIT 1',
            )
            .get(organizationId, fields.email)
        : undefined);
    return row && toContact(row);
  }

  create(organizationId: string, fields: ContactFields, now: number): Contact {
    const id = randomUUID();
    this.db
      .prepare('INSERT INTO contacts (id, organization_id, name, phone, email, created_at) VALUES (?, ?, ?, ?, ?, ?)')
      .run(id, organizationId, fields.name, fields.phone, fields.email?.toLowerCase() ?? null, now);
    return toContact({ id, organization_id: organizationId, ...fields, email: fields.email?.toLowerCase() ?? null, created_at: now });
  }

  search(organizationId: string, q: ContactSearch): Contact[] {
    const where = ['organization_id = @org'];
    if (q.phone) where.push('phone = @phone');
    if (q.email) where.push('email = @email COLLATE NOCASE');
    if (q.name) where.push("lower(name) LIKE '%' || lower(@name) || '%'");
    if (q.text) where.push("(lower(name) LIKE '%' || lower(@text) || '%' OR phone LIKE '%' || @text || '%' OR lower(email) LIKE '%' || lower(@text) || '%')");
    return this.db
      .prepare<Record<string, unknown>, Row>(`SELECT * FROM contacts WHERE ${where.join(' AND ')} ORDER BY name COLLATE NOCASE LIMIT @limit`)
      .all({ org: organizationId, phone: q.phone ?? null, email: q.email ?? null, name: q.name ?? null, text: q.text ?? null, limit: q.limit })
      .map(toContact);
  }
}
