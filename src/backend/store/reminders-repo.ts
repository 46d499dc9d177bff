import type { Database } from 'better-sqlite3';

export interface ReminderDecision {
  appointmentId: string;
  outcome: 'sent' | 'skipped';
  reason: string | null;
  messageId: string | null;
}

export class RemindersRepo {
  constructor(private readonly db: Database) {}

  /**
   * Records the one decision for an appointment; false when one exists already (another run,
   * or another process on the same store, decided first).
   */
  decide(d: ReminderDecision, now: number): boolean {
    return (
      this.db
        .prepare(
          `INSERT INTO reminders (appointment_id, outcome, reason, message_id, decided_at) VALUES (?, ?, ?, ?, ?)
           ON CONFLICT (appointment_id) DO NOTHING`,
        )
        .run(d.appointmentId, d.outcome, d.reason, d.messageId, now).changes === 1
    );
  }

  attachMessage(appointmentId: string, messageId: string): void {
    this.db.prepare('UPDATE reminders SET message_id = ? WHERE appointment_id = ?').run(messageId, appointmentId);
  }

  of(appointmentId: string): ReminderDecision | undefined {
    return this.db
      .prepare<[string], ReminderDecision>(
        'SELECT appointment_id AS appointmentId, outcome, reason, message_id AS messageId FROM reminders WHERE appointment_id = ?',
      )
      .get(appointmentId);
  }

  reminderTemplate(organizationId: string): { name: string; language: string } | null {
    const row = this.db
      .prepare<[string], { name: string | null; language: string | null }>(
        'SELECT reminder_template AS name, reminder_language AS language FROM organizations WHERE id = ?',
      )
      .get(organizationId);
    return row?.name && row.language ? { name: row.name, language: row.language } : null;
  }

  setReminderTemplate(organizationId: string, name: string, language: string): void {
    this.db.prepare('UPDATE organizations SET reminder_template = ?, reminder_language = ? WHERE id = ?').run(name, language, organizationId);
  }
}
