import type { Database } from 'better-sqlite3';

/**
 * The reminder bot is set per inbox: on or off, its template, and when (at a time on the open
 * day before, or a number of hours before). Before, one template served the organisation and
 * each inbox had an hour on the day before: each inbox keeps exactly that, on when a template
 * was set.
 *
 * A decision's reason becomes a code each window words in its own language (the English words
 * stay for the API and the log), and a reminder an advisor sent now names who did.
 */
export function up(db: Database): void {
  db.exec(`
    CREATE TABLE reminder_settings (
      inbox_id          TEXT PRIMARY KEY REFERENCES inboxes (id),
      enabled           INTEGER NOT NULL DEFAULT 0,
      template_name     TEXT,
      template_language TEXT,
      mode              TEXT NOT NULL DEFAULT 'day_before' CHECK (mode IN ('day_before', 'hours_before')),
      at_time           TEXT NOT NULL DEFAULT '17:00',
      hours_before      INTEGER NOT NULL DEFAULT 24 CHECK (hours_before BETWEEN 1 AND 168),
      updated_at        INTEGER NOT NULL
    ) STRICT;
    INSERT INTO reminder_settings (inbox_id, enabled, template_name, template_language, mode, at_time, updated_at)
      SELECT i.id, o.reminder_template IS NOT NULL AND o.reminder_language IS NOT NULL, o.reminder_template, o.reminder_language,
             'day_before', printf('%02d:00', i.reminder_hour), 0
      FROM inboxes i JOIN organizations o ON o.id = i.organization_id;

    ALTER TABLE reminders ADD COLUMN reason_code TEXT;
    ALTER TABLE reminders ADD COLUMN sent_by TEXT REFERENCES users (id);
    -- The bot wrote these six reasons before; each is one code.
    UPDATE reminders SET reason_code = CASE
        WHEN reason = 'the appointment was cancelled' THEN 'cancelled'
        WHEN reason = 'the appointment is already finished' THEN 'finished'
        WHEN reason = 'the customer has no phone number' THEN 'no_phone'
        WHEN reason = 'no reminder template is configured' THEN 'no_template'
        WHEN reason LIKE 'the reminder template "%" does not exist' THEN 'template_unknown'
        ELSE 'template_values' END
      WHERE outcome = 'skipped';
  `);
}
