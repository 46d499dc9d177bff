import assert from 'node:assert/strict';
import { readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { sql } from 'kysely';
import { bootstrapChannel } from '../../src/backend/channels/channel-bootstrap';
import { MIGRATIONS } from '../../src/backend/store/migrations';
import { up as channels } from '../../src/backend/store/migrations/0015-channels';
import { up as inboxSettings } from '../../src/backend/store/migrations/0016-inbox-settings';
import { BackendStore } from '../../src/backend/store/backend-store';
import { inboxView } from '../../src/backend/store/organizations-repo';
import { openDatabase } from '../../src/sqlite/database';
import { tempDataFile } from '../support/desktop';

/** A store as it was before channels were stored: one organisation, two inboxes and a message sent over WhatsApp. */
function storeBefore(file: string): void {
  const old = openDatabase(file, MIGRATIONS.slice(0, MIGRATIONS.indexOf(channels)));
  old.exec(`
    INSERT INTO organizations (id, name, created_at) VALUES ('o1', 'Autobedrijf', 1), ('o2', 'Garage Lyon', 1);
    INSERT INTO inboxes (id, organization_id, name, kind, zone, country) VALUES
      ('i1', 'o1', 'Amsterdam', 'dealership', 'Europe/Amsterdam', 'NL'),
      ('i2', 'o1', 'Antwerpen', 'workshop', 'Europe/Brussels', 'BE'),
      ('i3', 'o2', 'Lyon', 'workshop', 'Europe/Paris', 'FR');
    INSERT INTO contacts (id, organization_id, phone, created_at) VALUES ('c1', 'o1', '+31612345678', 1);
    INSERT INTO conversations (id, organization_id, contact_id, inbox_id, created_at) VALUES ('v1', 'o1', 'c1', 'i1', 1);
    INSERT INTO messages (id, organization_id, conversation_id, role, type, touchpoint, text, status, provider_id, created_at, updated_at)
      VALUES ('m1', 'o1', 'v1', 'agent', 'chat', 'whatsapp', 'Hallo', 'delivered', 'wamid.1', 1, 1);
  `);
  old.close();
}

describe('backend migrations 0015 and 0016: channels and inbox settings', () => {
  it('gives existing inboxes a week (Monday to Saturday open), no holidays and a template language from their country', async () => {
    const file = tempDataFile();
    storeBefore(file);
    const store = await BackendStore.open({ dataFile: file });
    const views = Object.fromEntries((await store.organizations.allInboxes()).map((row) => [row.id, inboxView(row)]));
    assert.deepEqual(views.i1!.openingHours.slice(0, 6), Array(6).fill({ open: '08:00', close: '18:00' }));
    assert.equal(views.i1!.openingHours[6], null);
    assert.deepEqual(views.i1!.closedDates, []);
    assert.deepEqual([views.i1!.templateLanguage, views.i2!.templateLanguage, views.i3!.templateLanguage], ['nl', 'nl', 'en']);
    assert.deepEqual([views.i1!.whatsappChannel, views.i1!.smsChannel], [null, null]);
    assert.equal(MIGRATIONS.indexOf(inboxSettings), MIGRATIONS.indexOf(channels) + 1);
    await store.close();
  });

  it('gives a new organisation\'s inboxes the same template language from their country as the migrated ones', async () => {
    const store = await BackendStore.open({ dataFile: tempDataFile() });
    const created = await store.organizations.create(
      {
        name: 'Groep',
        inboxes: [
          { name: 'Utrecht', kind: 'dealership', zone: 'Europe/Amsterdam', country: 'NL' },
          { name: 'München', kind: 'workshop', zone: 'Europe/Berlin', country: 'DE' },
        ],
        user: { name: 'Sanne' },
      },
      1,
    );
    const languages = (await store.organizations.inboxes(created.organizationId)).map((row) => [row.name, inboxView(row).templateLanguage]);
    assert.deepEqual(languages, [['München', 'en'], ['Utrecht', 'nl']]);
    await store.close();
  });

  it('the channel bootstrapped from the environment serves the inboxes and the messages from before, of its organisation only; later starts change nothing', async () => {
    const file = tempDataFile();
    storeBefore(file);
    const store = await BackendStore.open({ dataFile: file });
    const secrets = { accessToken: 'EAAG-access-token-1', appSecret: 'app-secret-0123456789', verifyToken: 'verify-token-42' };
    const environment = { kind: 'whatsapp' as const, label: 'WhatsApp', phoneNumberId: '1234567890', businessAccountId: '998877', ...secrets };
    assert.deepEqual(await bootstrapChannel(store, 'o1', environment, 5), { created: true });
    const id = (await store.channels.byAddress('whatsapp', '1234567890'))!.id;
    const inboxes = (await store.organizations.allInboxes()).map((row) => [row.id, row.whatsapp_channel_id]);
    assert.deepEqual(inboxes.sort(), [['i1', id], ['i2', id], ['i3', null]]);
    assert.equal((await store.sql.get(sql<{ channel_id: string | null }>`SELECT channel_id FROM messages WHERE id = 'm1'`))?.channel_id, id);
    // A manager gives the number a new token and takes it off Antwerpen; the next start, with the environment's old token, leaves both so.
    await store.channels.update('o1', id, { accessToken: 'EAAG-access-token-manager' }, 6);
    await store.organizations.updateInbox('o1', 'i2', { whatsappChannel: null });
    assert.deepEqual(await bootstrapChannel(store, 'o1', { ...environment, accessToken: 'EAAG-access-token-2' }, 7), { created: false });
    const record = await store.channels.byAddress('whatsapp', '1234567890');
    assert.equal(record?.kind === 'whatsapp' && record.secrets.accessToken, 'EAAG-access-token-manager', 'the manager’s token stays');
    assert.equal((await store.organizations.inbox('o1', 'i2'))!.whatsapp_channel_id, null, 'the manager’s inbox stays without it');
    // Another organisation cannot claim the number.
    await assert.rejects(bootstrapChannel(store, 'o2', { ...environment, label: 'x', businessAccountId: '1' }, 8), /another organisation/);
    // Removed by the manager: the next start does not bring it back.
    await store.channels.remove('o1', id, 9);
    await store.organizations.releaseChannel(id);
    assert.deepEqual(await bootstrapChannel(store, 'o1', environment, 10), { created: false });
    assert.equal(await store.channels.byAddress('whatsapp', '1234567890'), undefined);
    assert.deepEqual(await store.channels.list('o1'), []);
    assert.deepEqual((await store.organizations.allInboxes()).map((row) => row.whatsapp_channel_id), [null, null, null]);
    await store.close();

    // The secrets are in the file sealed, never as written; the key beside it is the user's only.
    const bytes = readFileSync(file);
    for (const secret of [...Object.values(secrets), 'EAAG-access-token-manager', 'EAAG-access-token-2']) assert.equal(bytes.includes(Buffer.from(secret)), false, `${secret} is in the file`);
    const key = join(dirname(file), 'secret.key');
    if (process.platform !== 'win32') assert.equal(statSync(key).mode & 0o777, 0o600);
    // A database opened with another key holds no readable secret.
    const other = await BackendStore.open({ dataFile: file, secretKey: Buffer.alloc(32, 7).toString('base64') });
    await assert.rejects(other.channels.record(id), /another key/);
    await other.close();
  });
});
