import { sql } from 'kysely';
import type { ReminderSettings, ReminderSkipReason } from '../../api/v2/reminders';
import type { MessageStatus } from '../../api/v2/message';
import type { StoreDatabase } from './sql/store-database';

export type ReminderDecision =
  | { appointmentId: string; outcome: 'sent'; messageId: string | null; sentBy: string | null }
  | { appointmentId: string; outcome: 'skipped'; reasonCode: ReminderSkipReason; reason: string };

/** A decision as stored, with the status of the message it queued. */
export interface StoredDecision {
  appointmentId: string;
  outcome: 'sent' | 'skipped';
  reasonCode: ReminderSkipReason | null;
  reason: string | null;
  messageId: string | null;
  messageStatus: MessageStatus | null;
  sentBy: string | null;
  decidedAt: number;
}

/** An inbox without a row of its own (made after migration 0018): off, no template, 17:00 on the day before. */
export const DEFAULT_REMINDER_SETTINGS: ReminderSettings = { enabled: false, template: null, when: { kind: 'day_before', at: '17:00' } };

type SettingsRow = { enabled: number; template_name: string | null; template_language: string | null; mode: 'day_before' | 'hours_before'; at_time: string; hours_before: number };

const DECISION_COLUMNS = sql.raw(`r.appointment_id AS "appointmentId", r.outcome, r.reason_code AS "reasonCode", r.reason, r.message_id AS "messageId",
  m.status AS "messageStatus", r.sent_by AS "sentBy", r.decided_at AS "decidedAt"`);

/** SQL of the reminder bot: each inbox's settings, and the one decision per appointment. */
export class RemindersRepo {
  constructor(private readonly db: StoreDatabase) {}

  async settings(inboxId: string): Promise<ReminderSettings> {
    const row = await this.db.get(
      sql<SettingsRow>`SELECT enabled, template_name, template_language, mode, at_time, hours_before FROM reminder_settings WHERE inbox_id = ${inboxId}`,
    );
    if (!row) return DEFAULT_REMINDER_SETTINGS;
    return {
      enabled: row.enabled === 1,
      template: row.template_name && row.template_language ? { name: row.template_name, language: row.template_language } : null,
      when: row.mode === 'day_before' ? { kind: 'day_before', at: row.at_time } : { kind: 'hours_before', hours: row.hours_before },
    };
  }

  /** The time of one kind is kept while the other is chosen, so switching back finds it as it was. */
  async saveSettings(inboxId: string, s: ReminderSettings, now: number): Promise<void> {
    const at = s.when.kind === 'day_before' ? s.when.at : null;
    const hours = s.when.kind === 'hours_before' ? s.when.hours : null;
    await this.db.run(
      sql`INSERT INTO reminder_settings (inbox_id, enabled, template_name, template_language, mode, at_time, hours_before, updated_at)
         VALUES (${inboxId}, ${s.enabled ? 1 : 0}, ${s.template?.name ?? null}, ${s.template?.language ?? null}, ${s.when.kind},
           coalesce(${at}, '17:00'), coalesce(${hours}, 24), ${now})
         ON CONFLICT (inbox_id) DO UPDATE SET enabled = excluded.enabled, template_name = excluded.template_name,
           template_language = excluded.template_language, mode = excluded.mode,
           at_time = coalesce(${at}, reminder_settings.at_time), hours_before = coalesce(${hours}, reminder_settings.hours_before),
           updated_at = excluded.updated_at`,
    );
  }

  /**
   * Records the one decision for an appointment; false when one exists already (another run,
   * or another process on the same store, decided first).
   */
  async decide(d: ReminderDecision, now: number): Promise<boolean> {
    const sent = d.outcome === 'sent';
    const changed = await this.db.run(
      sql`INSERT INTO reminders (appointment_id, outcome, reason_code, reason, message_id, sent_by, decided_at)
          VALUES (${d.appointmentId}, ${d.outcome}, ${sent ? null : d.reasonCode}, ${sent ? null : d.reason}, ${sent ? d.messageId : null},
            ${sent ? d.sentBy : null}, ${now})
          ON CONFLICT (appointment_id) DO NOTHING`,
    );
    return changed === 1;
  }

  /**
   * An advisor sends the reminder now: taken when there is no decision or only a skip (the
   * reason may be gone: a template approved since, a number added); false when it was sent.
   */
  async claimSendNow(appointmentId: string, userId: string | null, now: number): Promise<boolean> {
    const changed = await this.db.run(
      sql`INSERT INTO reminders (appointment_id, outcome, reason_code, reason, message_id, sent_by, decided_at)
          VALUES (${appointmentId}, 'sent', NULL, NULL, NULL, ${userId}, ${now})
          ON CONFLICT (appointment_id) DO UPDATE SET outcome = 'sent', reason_code = NULL, reason = NULL, message_id = NULL,
            sent_by = excluded.sent_by, decided_at = excluded.decided_at
          WHERE reminders.outcome = 'skipped'`,
    );
    return changed === 1;
  }

  async attachMessage(appointmentId: string, messageId: string): Promise<void> {
    await this.db.run(sql`UPDATE reminders SET message_id = ${messageId} WHERE appointment_id = ${appointmentId}`);
  }

  of(appointmentId: string): Promise<StoredDecision | undefined> {
    return this.db.get(
      sql<StoredDecision>`SELECT ${DECISION_COLUMNS} FROM reminders r LEFT JOIN messages m ON m.id = r.message_id WHERE r.appointment_id = ${appointmentId}`,
    );
  }

  /** Drops an appointment's decision: it is decided again at its next due time (it was moved). */
  async forget(appointmentId: string): Promise<void> {
    await this.db.run(sql`DELETE FROM reminders WHERE appointment_id = ${appointmentId}`);
  }

  /** Appointments of the inbox starting in (after, until] that have no decision yet, earliest first. */
  async undecided(inboxId: string, after: number, until: number): Promise<string[]> {
    const rows = await this.db.all(
      sql<{ id: string }>`SELECT a.id FROM appointments a LEFT JOIN reminders r ON r.appointment_id = a.id
        WHERE a.inbox_id = ${inboxId} AND a.starts_at > ${after} AND a.starts_at <= ${until} AND r.appointment_id IS NULL ORDER BY a.starts_at, a.id`,
    );
    return rows.map((r) => r.id);
  }

  /** Every appointment of the inbox starting in (after, until], with its decision if it has one (the preview). */
  async between(inboxId: string, after: number, until: number): Promise<Array<{ id: string; decision: StoredDecision | null }>> {
    const rows = await this.db.all(
      sql<{ id: string } & Partial<StoredDecision>>`SELECT a.id, ${DECISION_COLUMNS} FROM appointments a LEFT JOIN reminders r ON r.appointment_id = a.id
        LEFT JOIN messages m ON m.id = r.message_id
        WHERE a.inbox_id = ${inboxId} AND a.starts_at > ${after} AND a.starts_at <= ${until} ORDER BY a.starts_at, a.id`,
    );
    return rows.map(({ id, ...d }) => ({ id, decision: d.outcome ? (d as StoredDecision) : null }));
  }

  /** Whose reminder was sent now: the advisor's name for the conversation's line. */
  async userName(userId: string): Promise<string | null> {
    return (await this.db.get(sql<{ name: string }>`SELECT name FROM users WHERE id = ${userId}`))?.name ?? null;
  }
}
