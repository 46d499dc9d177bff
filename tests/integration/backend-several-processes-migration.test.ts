import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sql } from 'kysely';
import { MIGRATIONS } from '../../src/backend/store/migrations';
import { BackendStore } from '../../src/backend/store/backend-store';
import { openDatabase } from '../../src/sqlite/database';
import { tempDataFile } from '../support/desktop';

describe('backend store migration 0020 (several processes)', () => {
  it('counts on from each organisation’s last event, and leaves a send that was under way to be settled at once', async () => {
    const file = tempDataFile();
    const before = openDatabase(file, MIGRATIONS.slice(0, 19));
    before.exec(`
      INSERT INTO organizations (id, name, created_at) VALUES ('o1', 'Autobedrijf', 1), ('o2', 'Garage', 1), ('o3', 'Stil', 1);
      INSERT INTO events (organization_id, seq, type, data, created_at) VALUES
        ('o1', 1, 'contact.create', '{}', 1), ('o1', 2, 'contact.create', '{}', 2), ('o1', 3, 'contact.create', '{}', 3),
        ('o2', 1, 'contact.create', '{}', 1);
      INSERT INTO contacts (id, organization_id, phone, created_at) VALUES ('c1', 'o1', '+31611111111', 1);
      INSERT INTO conversations (id, organization_id, contact_id, created_at) VALUES ('v1', 'o1', 'c1', 1);
      INSERT INTO messages (id, organization_id, conversation_id, role, type, touchpoint, text, status, created_at, updated_at) VALUES
        ('m1', 'o1', 'v1', 'agent', 'chat', 'whatsapp', 'onderweg', 'queued', 1, 1),
        ('m2', 'o1', 'v1', 'agent', 'chat', 'whatsapp', 'wacht', 'queued', 1, 1);
      INSERT INTO sends (message_id, organization_id, state, attempts, next_attempt_at) VALUES ('m1', 'o1', 'sending', 1, 1), ('m2', 'o1', 'pending', 0, 5);
    `);
    before.close();

    const store = await BackendStore.open({ dataFile: file });
    try {
      assert.deepEqual(await store.sql.all(sql`SELECT organization_id, last_seq FROM event_counters ORDER BY organization_id`), [
        { organization_id: 'o1', last_seq: 3 },
        { organization_id: 'o2', last_seq: 1 },
      ]);
      // The next event of each continues its log; an organisation without events starts at 1.
      for (const org of ['o1', 'o2', 'o3']) await store.write(org, 10, (emit) => emit('conversation.read', { conversation: 'v1' }));
      assert.deepEqual(await store.sql.all(sql`SELECT organization_id, max(seq) AS seq FROM events GROUP BY organization_id ORDER BY organization_id`), [
        { organization_id: 'o1', seq: 4 },
        { organization_id: 'o2', seq: 2 },
        { organization_id: 'o3', seq: 1 },
      ]);
      // A send that was under way when the old version stopped has a lapsed claim: it is due again at once.
      assert.equal(await store.sends.recoverLapsed(10), 1);
      assert.equal(await store.sends.stateOf('m1'), 'pending');
      assert.equal(await store.sends.stateOf('m2'), 'pending');
    } finally {
      await store.close();
    }
  });
});
