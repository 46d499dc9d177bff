import type { Database, Statement } from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import type { Contact } from '../../api/appointment';
import type { OptedOut } from '../../api/v2/contact';
import { filledIn, matchingContact, stillSameCustomer } from '../../domain/contact-identity';
import { containsPattern } from '../../sqlite/like';

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
    this.byPhones = db.prepare(
      `SELECT ${cols} FROM contacts WHERE phone IN (SELECT value FROM json_each(?)) ORDER BY created_at, rowid`,
    );
    this.byEmails = db.prepare(
      `SELECT ${cols} FROM contacts WHERE email COLLATE NOCASE IN (SELECT value FROM json_each(?))
       ORDER BY created_at, rowid`,
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
    const candidates = new Map<string, Contact>();
    // Oldest first, so that of two people who agree with a row the first one known wins.
    for (const c of this.byPhones.iterate(JSON.stringify(phones))) candidates.set(c.id, c);
    for (const c of this.byEmails.iterate(JSON.stringify(emails))) candidates.set(c.id, c);
    return new ContactMatcher(this, [...candidates.values()]);
  }

  /** The customer of a row by the identity rule (domain/contact-identity); `current`: the appointment's. */
  matchOrCreate(contact: NewContact, now: number, current: string | null = null): Contact {
    return this.matcher(contact.phone ? [contact.phone] : [], contact.email ? [contact.email] : []).matchOrCreate(contact, now, current);
  }

  /** The contact a source knows by this number (its key: the source and the number). */
  bySourceCustomer(key: string): Contact | undefined {
    return this.db.prepare<[string], Contact>('SELECT id, name, phone, email FROM contacts WHERE source_customer = ?').get(key);
  }

  sourceCustomerOf(id: string): string | null {
    return this.db.prepare<[string], string | null>('SELECT source_customer FROM contacts WHERE id = ?').pluck().get(id) ?? null;
  }

  setSourceCustomer(id: string, key: string): void {
    this.db.prepare('UPDATE contacts SET source_customer = ? WHERE id = ?').run(key, id);
  }

  /** The source's own customer as it describes them now (a corrected name, a new phone); what it leaves out stays. */
  update(found: Contact, contact: NewContact): Contact {
    const next = { id: found.id, name: contact.name ?? found.name, phone: contact.phone ?? found.phone, email: contact.email ?? found.email };
    if (next.name !== found.name || next.phone !== found.phone || next.email !== found.email) {
      this.db.prepare('UPDATE contacts SET name = ?, phone = ?, email = ? WHERE id = ?').run(next.name, next.phone, next.email, found.id);
    }
    return next;
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
   * A contact the backend reported, under the backend's id. A contact made here for the same
   * person (an import or a walk-in before the backend knew it: the same phone or e-mail and a
   * name that agrees, see domain/contact-identity) becomes that contact; another person who
   * shares the phone stays who they are.
   */
  storeRemote(c: { id: string; name: string | null; phone: string | null; email: string | null; createdAt: number; optedOut: OptedOut | null }): void {
    // Two look-ups, each along its own index; an OR of the two would read every contact.
    const byPhone = c.phone ? this.byPhones.all(JSON.stringify([c.phone])) : [];
    const byEmail = c.email ? this.byEmails.all(JSON.stringify([c.email])) : [];
    const matching = [...new Map([...byPhone, ...byEmail].map((local) => [local.id, local])).values()].filter(
      (local) => local.id !== c.id && !this.isRemote(local.id) && matchingContact([local], c) !== undefined,
    );
    // A contact the backend knows without a name (someone who wrote first) is one person: of
    // several people here who share the phone, it is none of them in particular.
    const locals = !c.name && matching.length > 1 ? [] : matching;
    const name = c.name ?? locals[0]?.name ?? null;
    this.db
      .prepare(
        `INSERT INTO contacts (id, name, phone, email, created_at, remote, opted_out_at, opted_out_by)
         VALUES (@id, @name, @phone, @email, @createdAt, 1, @optedOutAt, @optedOutBy)
         ON CONFLICT (id) DO UPDATE SET name = coalesce(excluded.name, name), phone = excluded.phone, email = excluded.email, remote = 1,
           opted_out_at = excluded.opted_out_at, opted_out_by = excluded.opted_out_by`,
      )
      .run({ ...c, name, optedOutAt: c.optedOut?.at ?? null, optedOutBy: c.optedOut?.by ?? null });
    for (const { id: local } of locals) {
      this.db.prepare('UPDATE appointments SET contact_id = ? WHERE contact_id = ?').run(c.id, local);
      this.db.prepare('DELETE FROM contacts WHERE id = ?').run(local);
    }
  }

  /** Removes a contact made here that no appointment or conversation refers to; true when it was. */
  dropIfUnused(id: string): boolean {
    return (
      this.db
        .prepare(
          `DELETE FROM contacts WHERE id = ? AND remote = 0
             AND NOT EXISTS (SELECT 1 FROM appointments WHERE contact_id = ?)
             AND NOT EXISTS (SELECT 1 FROM conversations WHERE contact_id = ?)`,
        )
        .run(id, id, id).changes === 1
    );
  }

  private isRemote(id: string): boolean {
    return this.db.prepare<[string], number>('SELECT remote FROM contacts WHERE id = ?').pluck().get(id) === 1;
  }

  /** Contacts whose name, phone or e-mail contains the query; exact phone matches first. */
  search(query: string, phone: string | null, limit = 20): Contact[] {
    const like = containsPattern(query.toLowerCase());
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

/**
 * Resolves rows to contacts by the identity rule of domain/contact-identity over the contacts
 * it was given and those it makes, so that a run reads the contacts once.
 */
export class ContactMatcher {
  constructor(
    private readonly repo: ContactsRepo,
    /** Oldest first; contacts made or changed by this matcher are kept up to date here. */
    private readonly candidates: Contact[],
  ) {}

  /** Contacts an appointment stopped naming in this run: removed by dropReleased() when unused. */
  private readonly released = new Set<string>();

  /**
   * `current`: the contact the row's appointment has now, which stays while the row still names
   * it. `sourceCustomer`: the source's own number of the customer (keyed with the source), which
   * decides first: the contact with it is the customer, as the row now describes them; a contact
   * that another number of the same source claims is someone else.
   */
  matchOrCreate(contact: NewContact, now: number, current: string | null = null, sourceCustomer: string | null = null): Contact {
    const known = sourceCustomer ? this.repo.bySourceCustomer(sourceCustomer) : undefined;
    const result = known ? this.remember(this.repo.update(known, contact)) : this.resolve(contact, now, current, sourceCustomer);
    if (current && current !== result.id) this.released.add(current);
    return result;
  }

  /** Rules 1–3 of domain/contact-identity for a row no source number has decided. */
  private resolve(contact: NewContact, now: number, current: string | null, sourceCustomer: string | null): Contact {
    const own = current ? this.repo.get(current) : undefined;
    let found = own && stillSameCustomer(own, contact) ? own : matchingContact(this.candidates, contact);
    // A contact another number of a source claims is someone else than this numbered customer.
    if (found && sourceCustomer && this.repo.sourceCustomerOf(found.id)) {
      found = matchingContact(this.candidates.filter((c) => !this.repo.sourceCustomerOf(c.id)), contact);
    }
    const result = found ? this.filled(found, contact) : this.created(contact, now);
    if (sourceCustomer) this.repo.setSourceCustomer(result.id, sourceCustomer);
    return result;
  }

  /**
   * Removes the contacts made here that this run's rows no longer name and nothing else refers
   * to, once its rows are stored: imports leave no contacts without appointments behind.
   */
  dropReleased(): void {
    for (const id of this.released) {
      if (!this.repo.dropIfUnused(id)) continue;
      const index = this.candidates.findIndex((c) => c.id === id);
      if (index >= 0) this.candidates.splice(index, 1);
    }
    this.released.clear();
  }

  private created(contact: NewContact, now: number): Contact {
    const made = this.repo.create(contact, now);
    this.candidates.push(made);
    return made;
  }

  private filled(found: Contact, contact: NewContact): Contact {
    const filled = filledIn(found, contact);
    if (filled.name === found.name && filled.phone === found.phone && filled.email === found.email) return found;
    return this.remember(this.repo.fillBlanks(found, contact));
  }

  /** Keeps the matcher's copy of a contact it changed up to date. */
  private remember(contact: Contact): Contact {
    const index = this.candidates.findIndex((c) => c.id === contact.id);
    if (index >= 0) this.candidates[index] = contact;
    else this.candidates.push(contact);
    return contact;
  }
}
