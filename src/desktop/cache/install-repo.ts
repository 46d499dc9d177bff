import type { Database } from 'better-sqlite3';
import type { MessageForm, TemplateUse } from '../../api/v2/message';
import type { Colour, ColumnId } from '../../domain/columns';

/** An appointment made on this desktop before it joined an organisation, with its place on the board. */
export interface StandaloneAppointment {
  id: string;
  source: string;
  column: ColumnId;
  position: number;
  colour: Colour;
}

/** A comment or message written on this desktop that never reached a backend. */
export interface UnsentMessage {
  key: string;
  appointmentId: string;
  type: 'chat' | 'template';
  touchpoint: string;
  isBackchannel: boolean;
  text: string;
  template: TemplateUse | null;
  /** A manual appointment's form card: a note for colleagues, never sent to the customer. */
  form: MessageForm | null;
  createdAt: number;
}

type UnsentRow = Omit<UnsentMessage, 'isBackchannel' | 'template' | 'form'> & { isBackchannel: number; template: string | null; form: string | null };

/**
 * What this install holds of its own: the work made while it had no backend, found again when
 * it joins one (to be uploaded, or saved to a file), and the demo's cards by their source id.
 */
export class InstallRepo {
  constructor(private readonly db: Database) {}

  /** Every appointment in this cache, in time order, as it would be uploaded. */
  appointments(): StandaloneAppointment[] {
    return this.db
      .prepare<[], StandaloneAppointment>('SELECT id, source, column_id AS column, position, colour FROM appointments ORDER BY starts_at, id')
      .all();
  }

  /**
   * Messages written here that no backend has (still `pending`, with a local id) and that wait
   * in no outbox job, oldest first: on a standalone desktop, every comment made on it.
   */
  unsentMessages(): UnsentMessage[] {
    return this.db
      .prepare<[], UnsentRow>(
        `SELECT client_key AS key, appointment_id AS appointmentId, type, touchpoint, is_backchannel AS isBackchannel,
           text, template, form, created_at AS createdAt
         FROM messages
         WHERE status = 'pending' AND id LIKE 'local:%' AND appointment_id IS NOT NULL
           AND client_key NOT IN (SELECT key FROM outbox)
         ORDER BY created_at, rowid`,
      )
      .all()
      .map((row) => ({
        ...row,
        isBackchannel: row.isBackchannel === 1,
        template: row.template ? (JSON.parse(row.template) as TemplateUse) : null,
        form: row.form ? (JSON.parse(row.form) as MessageForm) : null,
      }));
  }

  /**
   * The standalone inboxes make way for the organisation's: what was filed in one (its cards,
   * the sources that import into it) moves to the one `into` names, and the users' inbox
   * filters (preference `filterKey`), which named the old ones, are cleared. Call inside the
   * join's transaction.
   */
  moveInboxes(into: ReadonlyMap<string, string>, filterKey: string): void {
    const cards = this.db.prepare('UPDATE appointments SET inbox_id = ? WHERE inbox_id = ?');
    const sources = this.db.prepare(
      "UPDATE sources SET config = json_set(config, '$.inboxId', ?) WHERE json_extract(config, '$.inboxId') = ?",
    );
    const conversations = this.db.prepare('UPDATE conversations SET inbox_id = ? WHERE inbox_id = ?');
    const drop = this.db.prepare('DELETE FROM inboxes WHERE id = ?');
    for (const [from, to] of into) {
      if (from === to) continue;
      cards.run(to, from);
      sources.run(to, from);
      conversations.run(to, from);
      drop.run(from);
    }
    this.db.prepare('DELETE FROM preferences WHERE key = ?').run(filterKey);
  }

  /**
   * Takes the demo out of a real install's cache, where versions before the first-run screen
   * put it: its cards, what was written on them, its customers no other card has, its import
   * runs, and its inboxes once nothing is filed in them.
   */
  removeDemo(source: string, inboxIds: string[]): void {
    this.db.transaction(() => {
      const contacts = this.db
        .prepare<[string], string>('SELECT DISTINCT contact_id FROM appointments WHERE source = ? AND contact_id IS NOT NULL')
        .pluck()
        .all(source);
      this.db.prepare('DELETE FROM messages WHERE appointment_id IN (SELECT id FROM appointments WHERE source = ?)').run(source);
      this.db.prepare('DELETE FROM appointments WHERE source = ?').run(source);
      const unused = this.db.prepare(
        `DELETE FROM contacts WHERE id = ? AND NOT EXISTS (SELECT 1 FROM appointments WHERE contact_id = contacts.id)
           AND NOT EXISTS (SELECT 1 FROM conversations WHERE contact_id = contacts.id)`,
      );
      for (const id of contacts) unused.run(id);
      this.db.prepare('DELETE FROM quarantined_rows WHERE import_id IN (SELECT id FROM import_runs WHERE source = ?)').run(source);
      this.db.prepare('DELETE FROM import_runs WHERE source = ?').run(source);
      const inbox = this.db.prepare('DELETE FROM inboxes WHERE id = ? AND NOT EXISTS (SELECT 1 FROM appointments WHERE inbox_id = inboxes.id)');
      for (const id of inboxIds) inbox.run(id);
    })();
  }

  hasAppointmentsOf(source: string): boolean {
    return this.db.prepare('SELECT 1 FROM appointments WHERE source = ? LIMIT 1').get(source) !== undefined;
  }

  hasAppointments(): boolean {
    return this.db.prepare('SELECT 1 FROM appointments LIMIT 1').get() !== undefined;
  }

  hasAppointmentsBut(source: string): boolean {
    return this.db.prepare('SELECT 1 FROM appointments WHERE source <> ? LIMIT 1').get(source) !== undefined;
  }

  /** A demo card by the id its sample file gives it, for the demo's board state. */
  demoCard(source: string, sourceId: string): { id: string; position: number } | undefined {
    return this.db
      .prepare<[string, string], { id: string; position: number }>('SELECT id, position FROM appointments WHERE source = ? AND source_id = ?')
      .get(source, sourceId);
  }
}
