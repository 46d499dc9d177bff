import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MIGRATIONS } from '../../src/backend/store/migrations';
import { up as optOut } from '../../src/backend/store/migrations/0019-opt-out';
import { MIGRATIONS as CACHE_MIGRATIONS } from '../../src/desktop/cache/migrations';
import { up as cacheOptOut } from '../../src/desktop/cache/migrations/0015-opt-out-and-forms';
import { ContactsRepo } from '../../src/desktop/cache/contacts-repo';
import { ConversationsRepo } from '../../src/desktop/cache/conversations-repo';
import { BackendContactsRepo } from '../../src/backend/store/contacts-repo';
import { MessagesRepo } from '../../src/backend/store/messages-repo';
import { openSqliteDatabase } from '../../src/backend/store/sql/sqlite-engine';
import { openDatabase, schemaVersion } from '../../src/sqlite/database';
import { tempDataFile } from '../support/desktop';

describe('opt-out and form cards: the migrations', () => {
  it('backend 0019: contacts and messages from before are not opted out and carry no form; a STOP and a START are kept', async () => {
    const file = tempDataFile();
    const old = openDatabase(file, MIGRATIONS.slice(0, MIGRATIONS.indexOf(optOut)));
    old.exec(`
      INSERT INTO organizations (id, name, created_at) VALUES ('o1', 'Autobedrijf', 1);
      INSERT INTO contacts (id, organization_id, name, phone, created_at) VALUES ('c1', 'o1', 'Jan', '+31612345678', 1);
      INSERT INTO conversations (id, organization_id, contact_id, created_at) VALUES ('v1', 'o1', 'c1', 1);
      INSERT INTO messages (id, organization_id, conversation_id, role, type, touchpoint, text, status, created_at, updated_at)
        VALUES ('m1', 'o1', 'v1', 'contact', 'chat', 'whatsapp', 'Hallo', 'received', 1, 1);
    `);
    old.close();

    const migrated = openDatabase(file, MIGRATIONS);
    assert.equal(schemaVersion(migrated), MIGRATIONS.length);
    migrated.close();

    // The repositories read the migrated file through the store's own engine.
    const db = openSqliteDatabase(file);
    const contacts = new BackendContactsRepo(db);
    assert.equal((await contacts.get('o1', 'c1'))!.optedOut, null);
    const message = (await new MessagesRepo(db).get('m1'))!;
    assert.equal(message.form, null);
    assert.equal(message.notice, null);

    assert.deepEqual((await contacts.setOptedOut('o1', 'c1', { at: 50, by: 'STOP' }))?.optedOut, { at: 50, by: 'STOP' });
    assert.equal(await contacts.setOptedOut('o1', 'c1', { at: 90, by: 'STOPPEN' }), undefined, 'a second STOP changes nothing');
    assert.deepEqual((await contacts.get('o1', 'c1'))!.optedOut, { at: 50, by: 'STOP' });
    assert.equal((await contacts.setOptedOut('o1', 'c1', null))?.optedOut, null);
    assert.equal(await contacts.setOptedOut('o2', 'c1', { at: 60, by: 'STOP' }), undefined, 'another organisation cannot opt her out');
    await db.close();
  });

  it('desktop cache 0015: contacts and messages from before read as not opted out, without a form', () => {
    const file = tempDataFile();
    const old = openDatabase(file, CACHE_MIGRATIONS.slice(0, CACHE_MIGRATIONS.indexOf(cacheOptOut)));
    old.exec(`
      INSERT INTO contacts (id, name, phone, created_at) VALUES ('c1', 'Jan', '+31612345678', 1);
      INSERT INTO conversations (id, contact_id, created_at) VALUES ('v1', 'c1', 1);
      INSERT INTO messages (id, conversation_id, role, type, touchpoint, is_backchannel, text, status, created_at, updated_at)
        VALUES ('m1', 'v1', 'contact', 'chat', 'whatsapp', 0, 'Hallo', 'received', 1, 1);
    `);
    old.close();

    const db = openDatabase(file, CACHE_MIGRATIONS);
    assert.equal(schemaVersion(db), CACHE_MIGRATIONS.length);
    const message = new ConversationsRepo(db).message('m1')!;
    assert.equal(message.form, null);
    assert.equal(message.notice, null);
    const contacts = new ContactsRepo(db);
    contacts.storeRemote({ id: 'c1', name: 'Jan', phone: '+31612345678', email: null, createdAt: 1, optedOut: { at: 70, by: 'ARRÊT' } });
    assert.deepEqual(
      db.prepare('SELECT opted_out_at AS at, opted_out_by AS by FROM contacts WHERE id = ?').get('c1'),
      { at: 70, by: 'ARRÊT' },
    );
    db.close();
  });
});
