import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MIGRATIONS } from '../../src/desktop/cache/migrations';
import { up as peopleOnCards } from '../../src/desktop/cache/migrations/0012-people-on-cards';
import { openDatabase } from '../../src/sqlite/database';
import { tempDataFile } from '../support/desktop';

describe('cache migration 0012 (people on cards)', () => {
  it('knows the backend’s column of every card except one whose move made here still waits; nobody is named on older cards and messages', () => {
    const before = MIGRATIONS.indexOf(peopleOnCards);
    assert.ok(before > 0);
    const file = tempDataFile();
    const old = openDatabase(file, MIGRATIONS.slice(0, before));
    old.prepare("INSERT INTO inboxes (id, name, kind) VALUES ('i', 'Werkplaats', 'workshop')").run();
    const appointment = old.prepare(
      `INSERT INTO appointments (id, source, branch, source_id, inbox_id, local_date, local_time, zone, starts_at, column_id,
         position, created_at, updated_at) VALUES (?, 'csv', '', ?, 'i', '2026-11-25', '09:00', 'Europe/Amsterdam', 1, ?, 1, 1, 1)`,
    );
    appointment.run('settled', '1', 'ready');
    appointment.run('moved-here', '2', 'on_hold');
    appointment.run('coloured-here', '3', 'in_service');
    const job = old.prepare("INSERT INTO outbox (key, kind, appointment_id, payload, created_at) VALUES (?, 'board', ?, ?, 1)");
    job.run('k1', 'moved-here', JSON.stringify({ appointmentId: 'moved-here', column: 'on_hold', position: 1 }));
    job.run('k2', 'coloured-here', JSON.stringify({ appointmentId: 'coloured-here', colour: 'red' }));
    old
      .prepare(
        `INSERT INTO messages (id, conversation_id, role, type, touchpoint, is_backchannel, text, status, created_at, updated_at)
         VALUES ('m', 'v', 'agent', 'chat', 'whatsapp', 0, 'Hallo', 'sent', 1, 1)`,
      )
      .run();
    old.close();

    const db = openDatabase(file, MIGRATIONS.slice(0, before + 1));
    assert.deepEqual(db.prepare('SELECT id, column_id, remote_column, advisor FROM appointments ORDER BY source_id').all(), [
      { id: 'settled', column_id: 'ready', remote_column: 'ready', advisor: null },
      { id: 'moved-here', column_id: 'on_hold', remote_column: null, advisor: null },
      { id: 'coloured-here', column_id: 'in_service', remote_column: 'in_service', advisor: null },
    ]);
    assert.deepEqual(db.prepare('SELECT author_id, author_name, author_kind FROM messages').all(), [
      { author_id: null, author_name: null, author_kind: null },
    ]);
    assert.equal(db.prepare('SELECT count(*) FROM card_history').pluck().get(), 0);
    assert.equal(db.prepare('SELECT count(*) FROM colleagues').pluck().get(), 0);
    assert.throws(() => db.prepare("UPDATE appointments SET remote_column = 'parked'").run(), /CHECK/);
    db.close();
  });
});
