import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it, type TestContext } from 'node:test';
import { StandaloneExportSchema } from '../../src/api/first-run';
import { addDays } from '../../src/domain/calendar-date';
import { localDateAt } from '../../src/domain/zoned-time';
import type { ManagedBackend } from '../../src/desktop/relay/backend-link';
import { startWorkstation } from '../../src/desktop/workstation';
import { call, eventually, openTestStore, startSystem } from '../support/backend';
import { cacheConnection } from '../support/cache-connection';
import { connectedCore, settled, startOrganisation, type Organisation } from '../support/connected';
import { DEALERSHIP, SAMPLE_DIR, silentLogger, tempDataFile } from '../support/desktop';
import { tempSecrets } from '../support/sources';

const today = () => localDateAt(Date.now(), 'Europe/Amsterdam');
const everything = { from: '1900-01-01', to: '2100-12-31', text: '', inboxIds: null, offset: 0, limit: 500 };

/** A real install in a fresh folder (or `folder` again), on its first-run screen unless it was set up. */
async function install(t: TestContext, folder = mkdtempSync(join(tmpdir(), 'aftersales-join-')), backend?: ManagedBackend) {
  const station = await startWorkstation({
    backend,
    dataFile: join(folder, 'board.sqlite'),
    sampleDir: SAMPLE_DIR,
    userId: 'advisor',
    dealership: { ...DEALERSHIP, organisationName: null },
    clock: { now: () => Date.now() },
    logger: silentLogger,
    secrets: tempSecrets(),
    whenUndecided: 'first-run',
  });
  t.after(() => station.close());
  return Object.assign(station, { folder });
}

describe('joining the dealership’s backend after working standalone', () => {
  let organisation: Organisation;
  before(async () => {
    organisation = await startOrganisation();
    await organisation.appointment({ sourceId: 'ORG-1', date: today(), name: 'Organisatie Klant', phone: '+31611111111' });
  });
  after(() => organisation.close());

  it('uploads the appointments, board moves and comments made standalone, deletes nothing, and never the demo', async (t) => {
    const station = await install(t);
    const { handlers } = station;
    // Tried the demo first: its made-up customers stay in its own file.
    await handlers.chooseStart({ choice: 'demo' });
    await handlers.leaveDemo({});
    await handlers.chooseStart({ choice: 'standalone', inboxNames: { dealership: 'Dealer', workshop: 'Werkplaats' } });
    const inboxes = await handlers.listInboxes({});
    const workshop = inboxes.find((i) => i.kind === 'workshop')!.id;

    const eva = await handlers.createManualAppointment({ date: today(), time: '10:30', customerName: 'Eva Standalone', phone: '06 12121212', plate: 'GZ-318-K', work: 'APK' });
    const tom = await handlers.createManualAppointment({ date: addDays(today(), 1), customerName: 'Tom Standalone', inboxId: workshop, make: 'Volvo' });
    await handlers.createManualAppointment({ date: today(), time: '15:00', customerName: 'Walk-in Standalone' });
    await handlers.moveCard({ id: eva.id, column: 'in_service', beforeId: null, afterId: null });
    await handlers.setColour({ id: tom.id, colour: 'green' });
    await handlers.addComment({ appointmentId: eva.id, text: 'Klant wacht in de showroom' });
    assert.deepEqual(await handlers.getStandaloneWork({}), { appointments: 3, comments: 1, messages: 0 });

    // The copy the join dialog offers before joining: everything, as it would be uploaded.
    const copy = StandaloneExportSchema.parse(await handlers.exportStandaloneWork({}));
    assert.deepEqual(copy.appointments.map((a) => a.customer?.name).sort(), ['Eva Standalone', 'Tom Standalone', 'Walk-in Standalone']);
    const evaCopy = copy.appointments.find((a) => a.id === eva.id)!;
    assert.equal(evaCopy.column, 'in_service');
    assert.equal(evaCopy.inbox, 'Dealer');
    assert.deepEqual(evaCopy.messages.map((m) => m.text), ['Klant wacht in de showroom']);

    const joined = await station.dispatch('saveConnection', { url: organisation.url, token: organisation.org.token });
    assert.equal(joined.ok, true);
    assert.deepEqual(station.start(), { choice: 'backend', canLeaveDemo: false });
    await settled(station.current());

    // Nothing was deleted here: the cards are still on this desktop, now in the organisation's inbox.
    const mine = (await handlers.listAppointments(everything)).rows;
    for (const name of ['Eva Standalone', 'Tom Standalone', 'Walk-in Standalone', 'Organisatie Klant']) {
      assert.ok(mine.some((a) => a.contact?.name === name), `${name} is on the joined desktop`);
    }
    assert.ok(mine.every((a) => a.syncError === null), 'nothing refused');
    assert.deepEqual((await handlers.listInboxes({})).map((i) => i.name), ['Werkplaats'], 'the standalone inboxes made way');
    assert.deepEqual(await handlers.getStandaloneWork({}), { appointments: 0, comments: 0, messages: 0 });

    // A colleague's desktop finds them, with their column, colour and comment.
    const colleague = connectedCore(organisation);
    t.after(() => colleague.core.close());
    await settled(colleague.core);
    const theirs = await eventually(async () => {
      const rows = (await colleague.core.handlers.listAppointments(everything)).rows;
      return rows.some((a) => a.contact?.name === 'Walk-in Standalone') ? rows : undefined;
    });
    const evaThere = theirs.find((a) => a.contact?.name === 'Eva Standalone')!;
    assert.equal(evaThere.column, 'in_service');
    assert.equal(evaThere.plate, 'GZ-318-K');
    assert.equal(evaThere.contact?.phone, '+31612121212');
    const tomThere = theirs.find((a) => a.contact?.name === 'Tom Standalone')!;
    assert.equal(tomThere.colour, 'green');
    assert.equal(tomThere.make, 'Volvo');
    const conversation = await eventually(async () => {
      const view = await colleague.core.handlers.getConversation({ appointmentId: evaThere.id });
      return view.comments.length > 0 ? view : undefined;
    });
    assert.deepEqual(conversation.comments.map((c) => c.text), ['Klant wacht in de showroom']);
    assert.equal(theirs.some((a) => a.contact?.name === 'Finn de Wit'), false, 'the demo never reached the organisation');
    const log = await call(organisation.url, organisation.org.token, 'GET', '/v2/events?since=0');
    assert.equal(log.status, 200);
    assert.ok(JSON.stringify(log.body).includes('Eva Standalone'), 'the organisation’s event log has the upload');
    assert.equal(JSON.stringify(log.body).includes('Finn de Wit'), false, 'and none of the demo');
  });

  it('shows “Not saved” on a standalone card the organisation refuses, and uploads the others', async (t) => {
    const station = await install(t);
    const { handlers } = station;
    await handlers.chooseStart({ choice: 'standalone', inboxNames: { dealership: 'Dealer', workshop: 'Werkplaats' } });
    const good = await handlers.createManualAppointment({ date: today(), customerName: 'Goed Standalone' });
    const bad = await handlers.createManualAppointment({ date: today(), customerName: 'Te Lang Standalone' });
    // An earlier version stored work texts longer than the backend takes.
    const cache = cacheConnection(station.current());
    cache.prepare('UPDATE appointments SET work = ? WHERE id = ?').run('x'.repeat(5000), bad.id);
    cache.close();

    assert.equal((await station.dispatch('saveConnection', { url: organisation.url, token: organisation.org.token })).ok, true);
    await settled(station.current());
    const board = (await handlers.getBoard({})).cards;
    assert.ok(board.find((c) => c.customerName === 'Te Lang Standalone')?.syncError, 'Not saved, with the reason');
    assert.equal(board.find((c) => c.customerName === 'Goed Standalone')?.syncError, null);
    const colleague = connectedCore(organisation);
    t.after(() => colleague.core.close());
    await settled(colleague.core);
    await eventually(async () => (await colleague.core.handlers.getBoard({})).cards.some((c) => c.customerName === 'Goed Standalone'));
    assert.equal((await colleague.core.handlers.getBoard({})).cards.some((c) => c.customerName === 'Te Lang Standalone'), false);
    assert.equal(good.syncError, null);
  });

  it('uploads the standalone work too when the environment names the backend (AFTERSALES_BACKEND_URL) at a later start', async (t) => {
    const standalone = await install(t);
    await standalone.handlers.chooseStart({ choice: 'standalone', inboxNames: { dealership: 'Dealer', workshop: 'Werkplaats' } });
    await standalone.handlers.createManualAppointment({ date: today(), customerName: 'Omgeving Standalone' });
    await standalone.close();

    const joined = await install(t, standalone.folder, { endpoint: { url: organisation.url, token: organisation.org.token }, managedBy: 'environment' });
    assert.deepEqual(joined.start(), { choice: 'backend', canLeaveDemo: false });
    await settled(joined.current());
    const colleague = connectedCore(organisation);
    t.after(() => colleague.core.close());
    await settled(colleague.core);
    await eventually(async () => (await colleague.core.handlers.getBoard({})).cards.some((c) => c.customerName === 'Omgeving Standalone'));
  });

  it('refuses, before storing anything, to join an organisation without an inbox for the standalone cards', async (t) => {
    const station = await install(t);
    await station.handlers.chooseStart({ choice: 'standalone', inboxNames: { dealership: 'Dealer', workshop: 'Werkplaats' } });
    await station.handlers.createManualAppointment({ date: today(), customerName: 'Blijft Hier' });
    // An organisation set up without any inbox yet.
    const dataFile = tempDataFile();
    const store = await openTestStore(dataFile);
    const org = await store.organizations.create({ name: 'Leeg Bedrijf', inboxes: [], user: { name: 'Beheerder' } }, Date.now());
    await store.close();
    const empty = await startSystem({ clock: { now: () => Date.now() }, dataFile, org });
    t.after(async () => {
      await empty.backend.close();
      await empty.simulator.close();
    });
    const emptyUrl = empty.backend.url;
    const refused = await station.dispatch('saveConnection', { url: emptyUrl, token: org.token });
    assert.equal(!refused.ok && refused.error.code, 'NO_INBOX_TO_JOIN');
    assert.deepEqual(station.start(), { choice: 'standalone', canLeaveDemo: false });
    assert.equal((await station.handlers.getConnectionSettings({})).url, null);
  });
});
