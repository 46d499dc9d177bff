import type { Database, Statement } from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import type { Contact } from '../../api/appointment';

export interface NewContact {
  name: string | null;
  phone: string | null;
  email: string | null;
}

export class ContactsRepo {
  private readonly byId: Statement<[string], Contact>;
  private readonly byPhone: Statement<[string], Contact>;
  private readonly byEmail: Statement<[string], Contact>;
  private readonly insertStmt: Statement<[string, string | null, string | null, string | null, number]>;
  private readonly fillBlanksStmt: Statement<[string | null, string | null, string | null, string]>;

  constructor(private readonly db: Database) {
    const cols = 'id, name, phone, email';
    this.byId = db.prepare(`SELECT ${cols} FROM contacts WHERE id = ?`);
    this.byPhone = db.prepare(`SELECT ${cols} FROM contacts WHERE phone = ? ORDER BY created_at LIMIT 1`);
    this.byEmail = db.prepare(
      `SELECT ${cols} FROM contacts WHERE email = ? COLLATE NOCASE ORDER BY created_at LIMIT 1`,
    );
    this.insertStmt = db.prepare(
      'INSERT INTO contacts (id, name, phone, email, created_at) VALUES (?, ?, ?, ?, ?)',
    );
    this.fillBlanksStmt = db.prepare(
      `UPDATE contacts SET name = coalesce(name, ?), phone = coalesce(phone, ?), email = coalesce(email, ?)
       WHERE id = ?`,
    );
  }

  get(id: string): Contact | undefined {
    return this.byId.get(id);
  }

  /** Finds the contact a new appointment belongs to: same phone first, then same e-mail. */
  match(contact: NewContact): Contact | undefined {
    return (
      (contact.phone ? this.byPhone.get(contact.phone) : undefined) ??
      (contact.email ? this.byEmail.get(contact.email) : undefined)
    );
  }

  create(contact: NewContact, now: number): Contact {
    const id = randomUUID();
    this.insertStmt.run(id, contact.name, contact.phone, contact.email, now);
    return { id, ...contact };
  }

  /** The matched contact if there is one (with its blanks filled in), else a new one. */
  matchOrCreate(contact: NewContact, now: number): Contact {
    const found = this.match(contact);
    if (!found) return this.create(contact, now);
    if ((!found.name && contact.name) || (!found.phone && contact.phone) || (!found.email && contact.email)) {
      this.fillBlanksStmt.run(contact.name, contact.phone, contact.email, found.id);
      return this.get(found.id)!;
    }
    return found;
  }

  /** Contacts whose name, phone or e-mail contains the query; exact phone matches first. */
  search(query: string, phone: string | null, limit = 20): Contact[] {
    const like = `%${escapeLike(query.toLowerCase())}%`;
    return this.db
      .prepare<[string | null, string, string, string, string | null, number], Contact>(
        `SELECT id, name, phone, email FROM contacts
         WHERE phone = ? OR lower(name) LIKE ? ESCAPE '\\' OR lower(email) LIKE ? ESCAPE '\\'
            OR phone LIKE ? ESCAPE '\\'
         ORDER BY (phone = ?) DESC, name COLLATE NOCASE
         LIMIT ?`,
      )
      .all(phone, like, like, like, phone, limit);
  }
}

export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}
