import type { Database } from 'better-sqlite3';

/**
 * Import health names the field a quarantined row failed on. Rows quarantined before get it
 * from their reason, whose wording the importer has always used for each field.
 */
export function up(db: Database): void {
  db.exec(`
    ALTER TABLE quarantined_rows ADD COLUMN field TEXT;

    UPDATE quarantined_rows SET field = CASE
      WHEN reason LIKE 'appointment id %' THEN 'sourceId'
      WHEN reason LIKE 'date %' OR reason LIKE '%is not a date%' THEN 'date'
      WHEN reason LIKE 'time %' OR reason LIKE '%is not a time%' THEN 'time'
      WHEN reason LIKE '%phone number%' THEN 'phone'
      WHEN reason LIKE '%e-mail address%' THEN 'email'
      WHEN reason LIKE '%cancelled value%' THEN 'cancelled'
    END;
  `);
}
