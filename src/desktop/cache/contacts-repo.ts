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
  private readonly byPhones: Statement<[string], Contact>;
  private readonly byEmails: Statement<[string], Contact>;
  private readonly insertStmt: Statement<[string, string | null, string | null, string | null, number]>;
  private readonly fillBlanksStmt: Statement<[string | null, string | null, string | null, string]>;

  constructor(private readonly db: Database) {
    const cols = 'id, name, phone, email';
    this.byId = db.prepare(`SELECT ${cols} FROM contacts WHERE id = ?`);
    // Newest first, so that when read into a map the oldest contact of a phone or e-mail wins.
    this.byPhones = db.prepare(
      `SELECT ${cols} FROM contacts WHERE phone IN (SELECT value FROM json_each(?)) ORDER BY created_at DESC`,
    );
    this.byEmails = db.prepare(
      `SELECT ${cols} FROM contacts WHERE email COLLATE NOCASE IN (SELECT value FROM json_each(?))
       ORDER BY created_at DESC`,
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

  /**
   * A matcher that knows the stored contacts with any of these phones or e-mails, read in two
   * queries, and the contacts it creates itself: a bulk import asks once, not once per row.
   */
  matcher(phones: string[], emails: string[]): ContactMatcher {
    const byPhone = new Map<string, Contact>();
    const byEmail = new Map<string, Contact>();
    for (const c of this.byPhones.iterate(JSON.stringify(phones))) byPhone.set(c.phone!, c);
    for (const c of this.byEmails.iterate(JSON.stringify(emails))) byEmail.set(c.email!.toLowerCase(), c);
    return new ContactMatcher(this, byPhone, byEmail);
  }

  /** The contact with the same phone, else the same e-mail (its blanks filled in), else a new one. */
  matchOrCreate(contact: NewContact, now: number): Contact {
    return this.matcher(contact.phone ? [contact.phone] : [], contact.email ? [contact.email] : []).matchOrCreate(
      contact,
      now,
    );
  }

  create(contact: NewContact, now: number): Contact {
    const id = randomUUID();
    this.insertStmt.run(id, contact.name, contact.phone, contact.email, now);
    return { id, ...contact };
  }

  fillBlanks(found: Contact, contact: NewContact): Contact {
    this.fillBlanksStmt.run(contact.name, contact.phone, contact.email, found.id);
    return {
      id: found.id,
      name: found.name ?? contact.name,
      phone: found.phone ?? contact.phone,
      email: found.email ?? contact.email,
    };
  }

  /**
   * A contact the backend reported, under the backend's id. A contact made here with the same
   * phone or e-mail (an import or a walk-in before the backend knew it) becomes that contact.
   */
  storeRemote(c: { id: string; name: string | null; phone: string | null; email: string | null; createdAt: number }): void {
    const locals = this.db
      .prepare<[string | null, string | null], string>(
        `SELECT id FROM contacts WHERE remote = 0 AND (phone = ? OR email = ? COLLATE NOCASE)`,
      )
      .pluck()
      .all(c.phone, c.email);
    this.db
      .prepare(
        `INSERT INTO contacts (id, name, phone, email, created_at, remote) VALUES (@id, @name, @phone, @email, @createdAt, 1)
         ON CONFLICT (id) DO UPDATE SET name = excluded.name, phone = excluded.phone, email = excluded.email, remote = 1`,
      )
      .run(c);
    for (const local of locals) {
      if (local === c.id) continue;
      this.db.prepare('UPDATE appointments SET contact_id = ? WHERE contact_id = ?').run(c.id, local);
      this.db.prepare('DELETE FROM contacts WHERE id = ?').run(local);
    }
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

export class ContactMatcher {
  constructor(
    private readonly repo: ContactsRepo,
    private readonly byPhone: Map<string, Contact>,
    private readonly byEmail: Map<string, Contact>,
  ) {}

  matchOrCreate(contact: NewContact, now: number): Contact {
    const email = contact.email?.toLowerCase();
    const found = (contact.phone && this.byPhone.get(contact.phone)) || (email && this.byEmail.get(email)) || undefined;
    let result: Contact;
    if (!found) result = this.repo.create(contact, now);
    else if ((!found.name && contact.name) || (!found.phone && contact.phone) || (!found.email && contact.email)) {
      result = this.repo.fillBlanks(found, contact);
    } else result = found;
    remember(this.byPhone, result.phone, result);
    remember(this.byEmail, result.email?.toLowerCase(), result);
    return result;
  }
}

/** Keeps the first contact seen for a key, refreshed when that same contact changes. */
function remember(map: Map<string, Contact>, key: string | null | undefined, contact: Contact): void {
  if (!key) return;
  const known = map.get(key);
  if (!known || known.id === contact.id) map.set(key, contact);
}

export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}
