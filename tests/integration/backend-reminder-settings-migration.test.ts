import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MIGRATIONS } from '../../src/backend/store/migrations';
import { up as reminderSettings } from '../../src/backend/store/migrations/0018-reminder-settings';
import { RemindersRepo } from '../../src/backend/store/reminders-repo';
import { openSqliteDatabase } from '../../src/backend/store/sql/sqlite-engine';
import { openDatabase, schemaVersion } from '../../src/sqlite/database';
import { tempDataFile } from '../support/desktop';

describe('backend migration 0018: reminder settings per inbox', () => {
  it('gives each inbox of an organisation with a reminder template its hour on the day before, switched on; without a template, off', async () => {
    const file = tempDataFile();
    const old = openDatabase(file, MIGRATIONS.slice(0, MIGRATIONS.indexOf(reminderSettings)));
    old.exec(`
      INSERT INTO organizations (id, name, created_at, reminder_template, reminder_language) VALUES ('o1', 'Met Sjabloon', 1, 'appointment_reminder', 'nl');
      INSERT INTO organizations (id, name, created_at) VALUES ('o2', 'Zonder Sjabloon', 1);
      INSERT INTO inboxes (id, organization_id, name, kind, zone, country, reminder_hour) VALUES
        ('i1', 'o1', 'Werkplaats', 'workshop', 'Europe/Amsterdam', 'NL', 18),
        ('i2', 'o1', 'Showroom', 'dealership', 'Europe/Amsterdam', 'NL', 9),
        ('i3', 'o2', 'Werkplaats', 'workshop', 'Europe/Amsterdam', 'NL', 18);
      INSERT INTO appointments (id, organization_id, inbox_id, source, branch, source_id, local_date, local_time, starts_at, position, updated_at)
        VALUES ('a1', 'o1', 'i1', 'planit', '', 'P-1', '2026-11-26', '09:30', 0, 1, 1), ('a2', 'o1', 'i1', 'planit', '', 'P-2', '2026-11-26', '09:30', 0, 2, 1);
      INSERT INTO reminders (appointment_id, outcome, reason, decided_at) VALUES
        ('a1', 'skipped', 'the customer has no phone number', 5),
        ('a2', 'skipped', 'the reminder template takes 3 values; the reminder fills 4 (name, date, time, plate)', 5);
    `);
    old.close();

    const db = openDatabase(file, MIGRATIONS);
    assert.equal(schemaVersion(db), MIGRATIONS.length);
    db.close();
    const database = openSqliteDatabase(file);
    const reminders = new RemindersRepo(database);
    const template = { name: 'appointment_reminder', language: 'nl' };
    assert.deepEqual(await reminders.settings('i1'), { enabled: true, template, when: { kind: 'day_before', at: '18:00' } });
    assert.deepEqual(await reminders.settings('i2'), { enabled: true, template, when: { kind: 'day_before', at: '09:00' } });
    assert.deepEqual(await reminders.settings('i3'), { enabled: false, template: null, when: { kind: 'day_before', at: '18:00' } });
    // The reasons written before keep their words and gain a code the windows word themselves.
    const first = await reminders.of('a1');
    assert.deepEqual([first?.reasonCode, first?.reason], ['no_phone', 'the customer has no phone number']);
    assert.equal((await reminders.of('a2'))?.reasonCode, 'template_values');
    await database.close();
  });
});
