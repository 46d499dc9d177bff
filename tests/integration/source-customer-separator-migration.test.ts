import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MIGRATIONS as BACKEND_MIGRATIONS } from '../../src/backend/store/migrations';
import { BackendStore } from '../../src/backend/store/backend-store';
import { MIGRATIONS as CACHE_MIGRATIONS } from '../../src/desktop/cache/migrations';
import { openCache } from '../../src/desktop/cache/cache-database';
import { sourceCustomerKey } from '../../src/domain/contact-identity';
import { openDatabase } from '../../src/sqlite/database';
import { tempDataFile } from '../support/desktop';

const OLD_KEY = 'planit\u0000C-100';

describe('migrations: source-customer keys take a separator PostgreSQL can store', () => {
  it('backend store 0021: a customer known by a source’s number is still found by it', async () => {
    const file = tempDataFile();
    const before = openDatabase(file, BACKEND_MIGRATIONS.slice(0, 20));
    before.exec("INSERT INTO organizations (id, name, created_at) VALUES ('o1', 'Autobedrijf', 1)");
    before.prepare("INSERT INTO contacts (id, organization_id, name, source_customer, created_at) VALUES ('c1', 'o1', 'Mila', ?, 1), ('c2', 'o1', 'Geen', NULL, 1)").run(OLD_KEY);
    before.close();
    const store = await BackendStore.open({ dataFile: file });
    try {
      assert.equal((await store.contacts.bySourceCustomer('o1', sourceCustomerKey('planit', 'C-100')))?.id, 'c1');
      assert.equal((await store.contacts.get('o1', 'c2'))?.profile.name, 'Geen');
    } finally {
      await store.close();
    }
  });

  it('desktop cache 0016: the same key, so the desktop and the backend agree on who the customer is', () => {
    const file = tempDataFile();
    const before = openDatabase(file, CACHE_MIGRATIONS.slice(0, 15));
    before.prepare("INSERT INTO contacts (id, name, source_customer, created_at) VALUES ('c1', 'Mila', ?, 1)").run(OLD_KEY);
    before.close();
    const cache = openCache(file);
    try {
      assert.equal(cache.prepare('SELECT source_customer FROM contacts WHERE id = ?').pluck().get('c1'), sourceCustomerKey('planit', 'C-100'));
    } finally {
      cache.close();
    }
  });
});

