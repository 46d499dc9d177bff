import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { localDateAt } from '../../src/domain/zoned-time';
import { card, chromiumForSuite, openSettings, receptionPage, SHOTS } from '../support/board-page';
import { startOrganisation, type Organisation } from '../support/connected';
import { DEALERSHIP, startDesktop } from '../support/desktop';
import { call, eventually, openTestStore } from '../support/backend';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { FileSecretStore } from '../../src/desktop/secrets/file-secret-store';
import { BACKEND_TOKEN_SECRET, BACKEND_URL_SECRET } from '../../src/desktop/backend-settings';

const today = () => localDateAt(Date.now(), DEALERSHIP.zone);
const pane = (page: Page) => page.getByRole('complementary', { name: 'Conversation' });

describe('people in Chromium', () => {
  const chromium = chromiumForSuite();
  let organisation: Organisation;
  before(async () => {
    organisation = await startOrganisation();
  });
  after(() => organisation.close());

  it('a manager invites an advisor who signs in on a registered desktop, writes under her name, comes back with her PIN, and is signed out when the manager revokes the desktop', async (t) => {
    const phone = '+31611112222';
    await organisation.appointment({ sourceId: 'PEOPLE-1', date: today(), time: '10:30', name: 'Kees Jansen', phone, plate: '12-ABC-3' });
    await organisation.reply('Is mijn auto al klaar?', phone);
    await organisation.appointment({ sourceId: 'PEOPLE-2', date: today(), time: '11:00', name: 'Eva de Vries', phone: '+31622223333' });

    // The manager's desktop works with her own token: she is always signed in there.
    const manager = await startDesktop({ sample: false, backend: { url: organisation.url, token: organisation.org.token } });
    t.after(() => manager.stop());
    const pageA = await receptionPage(chromium(), manager.host.url, { acceptConfirms: true });
    await pageA.getByRole('banner').getByText('Sanne').waitFor();

    // Settings → People: a new advisor, and the one-time code to pass on.
    const people = await openSettings(pageA, 'People');
    await people.getByRole('button', { name: 'Add a person' }).click();
    await people.getByRole('button', { name: 'Add and make an invitation code' }).click();
    await people.getByText('Fill this in.').waitFor();
    await people.getByText('Not an e-mail address.').waitFor();
    await people.getByLabel('Name').fill('Noor Bakker');
    await people.getByLabel('E-mail').fill('noor@autobedrijf.nl');
    await people.getByRole('button', { name: 'Add and make an invitation code' }).click();
    const code = await people.getByRole('textbox', { name: 'Invitation code for Noor Bakker' }).inputValue();
    assert.ok(code.length >= 8, 'a code to pass on');
    await people.locator('tr[data-user="noor@autobedrijf.nl"]').getByText('Invited, not signed in yet').waitFor();
    // Starting on the next person keeps the code on screen until it is said to be passed on.
    await people.getByRole('button', { name: 'Add a person' }).click();
    assert.equal(await people.getByRole('textbox', { name: 'Invitation code for Noor Bakker' }).inputValue(), code);
    await people.getByRole('button', { name: 'Cancel' }).click();
    await pageA.screenshot({ path: join(SHOTS, 'people-invited.png') });
    await people.getByRole('button', { name: 'Passed on: close' }).click();
    await people.getByRole('textbox', { name: 'Invitation code for Noor Bakker' }).waitFor({ state: 'detached' });
    // The last manager cannot be made an advisor: the backend's refusal, in words, beside her row.
    const sanneRow = people.locator('tr', { hasText: 'Sanne' }).first();
    // Nobody is offered to remove themselves.
    await sanneRow.getByRole('button', { name: 'Edit' }).waitFor();
    assert.equal(await sanneRow.getByRole('button', { name: 'Remove' }).count(), 0);
    assert.equal(await people.locator('tr[data-user="noor@autobedrijf.nl"]').getByRole('button', { name: 'Remove' }).count(), 1);
    await sanneRow.getByRole('button', { name: 'Edit' }).click();
    await people.getByLabel('Role').selectOption('advisor');
    await people.getByRole('button', { name: 'Save', exact: true }).click();
    await people.getByText('The organisation’s last manager cannot be removed or made an advisor').waitFor();
    await people.getByRole('button', { name: 'Cancel' }).click();
    await pageA.keyboard.press('Escape');

    // Devices and tokens: the reception PC is registered, its token shown once.
    const devices = await openSettings(pageA, 'Devices and tokens');
    await devices.getByRole('button', { name: 'Register a device' }).click();
    await devices.getByLabel('Name of the device').fill('Receptie links');
    await devices.getByRole('button', { name: 'Register and make a token' }).click();
    const deviceToken = await devices.getByRole('textbox', { name: 'Token for Receptie links' }).inputValue();
    await devices.locator('tr[data-session="Receptie links"]').waitFor();
    await pageA.keyboard.press('Escape');

    // The reception PC: nobody is signed in, so the sign-in screen stands before the board.
    const reception = await startDesktop({ sample: false, backend: { url: organisation.url, token: deviceToken } });
    t.after(() => reception.stop());
    const pageB = await receptionPage(chromium(), reception.host.url, { acceptConfirms: true });
    await pageB.getByRole('heading', { name: 'Sign in' }).waitFor();
    assert.equal(await pageB.locator('[data-card-id]').count(), 0, 'no card shows before someone signs in');
    await pageB.getByRole('button', { name: 'I have an invitation code' }).click();
    const invitation = pageB.getByRole('form', { name: 'Invitation code' });
    await invitation.getByLabel('Invitation code').fill(code);
    await invitation.getByLabel('New password', { exact: true }).fill('kort');
    assert.equal(await invitation.locator('.rule.is-met').count(), 0, 'too short, and not typed twice yet');
    await invitation.getByLabel('New password', { exact: true }).fill('werkplaats-2026');
    await invitation.getByLabel('New password again').fill('werkplaats-2026');
    assert.equal(await invitation.locator('.rule.is-met').count(), 2);
    await invitation.getByRole('button', { name: 'Set password and sign in' }).click();
    await card(pageB, 'Kees Jansen').waitFor();
    await pageB.getByRole('button', { name: 'Signed in: Noor Bakker' }).waitFor();

    // She writes to the customer; the manager's desktop shows who did.
    await card(pageB, 'Kees Jansen').click();
    await pane(pageB).getByText(/Window open until/).waitFor();
    await pane(pageB).getByLabel('Message to the customer').fill('Ja, u kunt hem om 16:00 halen.');
    await pane(pageB).getByLabel('Message to the customer').press('Enter');
    await pane(pageB).locator('.message.outbound', { hasText: 'om 16:00 halen' }).getByText('Noor Bakker ·').waitFor();
    await pane(pageB).getByRole('button', { name: 'Ready' }).click();
    await pane(pageB).getByRole('region', { name: 'History' }).getByText('Moved to Ready').waitFor();
    await pageB.keyboard.press('Escape');
    await card(pageA, 'Kees Jansen').click();
    await pane(pageA).locator('.message.outbound', { hasText: 'om 16:00 halen' }).getByText('Noor Bakker ·').waitFor();
    const history = pane(pageA).getByRole('region', { name: 'History' });
    await history.locator('li', { hasText: 'Moved to Ready' }).getByText(/^Noor Bakker · /).waitFor();
    // The manager makes her the card's service advisor: the card says so, and the history says who did.
    await pane(pageA).getByLabel('Service advisor').selectOption({ label: 'Noor Bakker' });
    await history.locator('li', { hasText: 'Service advisor: Noor Bakker' }).getByText(/^Sanne · /).waitFor();
    await pageA.screenshot({ path: join(SHOTS, 'people-authors.png') });
    await card(pageB, 'Kees Jansen').getByText('Noor Bakker').waitFor();
    await pageB.getByRole('button', { name: 'Mine' }).click();
    await card(pageB, 'Eva de Vries').waitFor({ state: 'detached' });
    assert.equal(await pageB.getByRole('button', { name: 'Mine' }).getAttribute('aria-pressed'), 'true');
    assert.deepEqual(await pageB.locator('[data-card-id] .card-name').allTextContents(), ['Kees Jansen']);

    // A PIN for the quick switch; locked, she comes back with it.
    await pageB.getByRole('button', { name: 'Signed in: Noor Bakker' }).click();
    await pageB.getByRole('menuitem', { name: 'Set PIN' }).click();
    const pin = pageB.getByRole('dialog', { name: 'Set PIN' });
    await pin.getByLabel('New PIN', { exact: true }).fill('2468');
    await pin.getByLabel('New PIN again').fill('2468');
    await pin.getByRole('button', { name: 'Save PIN' }).click();
    await pin.getByText('PIN saved for this desktop.').waitFor();
    await pageB.keyboard.press('Escape');
    await pageB.getByRole('button', { name: 'Signed in: Noor Bakker' }).click();
    await pageB.getByRole('menuitem', { name: 'Lock' }).click();
    await pageB.getByRole('heading', { name: 'Locked' }).waitFor();
    assert.equal(await pageB.locator('[data-card-id]').count(), 0, 'nothing of the board shows while locked');
    const pad = pageB.getByRole('form', { name: 'PIN of Noor Bakker' });
    for (const digit of ['1', '3', '5', '7']) await pad.getByRole('button', { name: digit, exact: true }).click();
    await pad.getByRole('button', { name: 'Enter' }).click();
    await pad.getByText('Wrong PIN: 4 tries left.').waitFor();
    await pad.getByLabel('PIN', { exact: true }).fill('2468');
    await pad.getByLabel('PIN', { exact: true }).press('Enter');
    await card(pageB, 'Kees Jansen').waitFor();

    // The manager revokes the reception PC: it is signed out and says why.
    const revoke = await openSettings(pageA, 'Devices and tokens');
    await revoke.locator('tr[data-session="Receptie links"]').getByRole('button', { name: 'Revoke' }).click();
    await pageB.getByText('This desktop’s registration was revoked').waitFor();
    assert.equal(await pageB.locator('[data-card-id]').count(), 0);
    // Its backend is set by the environment: the token goes there, not into Connection.
    await pageB.getByText('This PC’s backend is set by AFTERSALES_BACKEND_URL').waitFor();
    assert.equal(await pageB.getByRole('button', { name: 'Open Connection' }).count(), 0);
    await pageB.screenshot({ path: join(SHOTS, 'people-device-revoked.png') });

    // Settings → Audit words each line in the manager's language: the subject as it is, the rest in her words.
    await revoke.getByRole('button', { name: 'Close' }).click();
    const audit = await openSettings(pageA, 'Audit');
    await audit.locator('tr[data-action="signin"]').getByText('noor@autobedrijf.nl (invitation code)').waitFor();
    await audit.locator('tr[data-action="user.created"]').getByText('noor@autobedrijf.nl (Service advisor)').waitFor();
    await audit.locator('tr[data-action="session.revoked"]').getByText('Receptie links (Desktop)').waitFor();
    await pageA.screenshot({ path: join(SHOTS, 'people-audit.png') });
    await audit.getByRole('button', { name: 'Close' }).click();
    await pageA.getByRole('combobox', { name: 'Language' }).selectOption('nl');
    await pageA.getByRole('button', { name: 'Instellingen' }).click();
    await pageA.getByRole('menuitem', { name: 'Audit' }).click();
    const nlAudit = pageA.getByRole('dialog', { name: 'Audit' });
    await nlAudit.locator('tr[data-action="signin"]').getByText('noor@autobedrijf.nl (uitnodigingscode)').waitFor();
    await nlAudit.locator('tr[data-action="user.created"]').getByText('noor@autobedrijf.nl (Serviceadviseur)').waitFor();
    await pageA.screenshot({ path: join(SHOTS, 'people-audit-nl.png') });
    await Promise.all([pageA.close(), pageB.close()]);
  });

  it('the next person at the desk reads whose changes wait: a change made while the backend was away, by someone whose session was revoked meanwhile', async (t) => {
    const manager = (method: string, path: string, body?: unknown) => call(organisation.url, organisation.org.token, method, path, body);
    const person = async (name: string, email: string) => {
      const invited = await manager('POST', '/v2/users', { name, email, role: 'advisor' });
      const signedIn = await call(organisation.url, null, 'POST', '/v2/auth/token', { grant_type: 'invitation', code: invited.body.code, password: 'een lang wachtwoord' });
      assert.equal(signedIn.status, 200, JSON.stringify(signedIn.body));
    };
    await person('Anna de Boer', 'anna@autobedrijf.nl');
    await person('Bram Visser', 'bram@autobedrijf.nl');
    const appt = await organisation.appointment({ sourceId: 'PEOPLE-3', date: today(), time: '12:00', name: 'Joke Dekker', phone: '+31633334444' });
    const device = await manager('POST', '/v2/devices', { name: 'Receptie rechts', role: 'desktop' });
    const folder = mkdtempSync(join(tmpdir(), 'aftersales-desk-'));
    const secrets = new FileSecretStore(folder);
    secrets.set(BACKEND_URL_SECRET, organisation.url);
    secrets.set(BACKEND_TOKEN_SECRET, device.body.token);
    const desk = await startDesktop({ sample: false, dataFile: join(folder, 'board.sqlite'), secrets });
    t.after(() => desk.stop());
    await eventually(async () => (await desk.core.handlers.getSession({})).device !== null);
    await desk.core.handlers.signIn({ email: 'anna@autobedrijf.nl', password: 'een lang wachtwoord' });
    await eventually(async () => (await desk.core.handlers.getBoard({})).cards.some((c) => c.id === appt.id));

    // Her session on this PC ends while the backend is away (revoked in its file: no event tells
    // the PC), after she moved a card there: the PC learns it when it sends her change.
    const sessions = await manager('GET', '/v2/sessions');
    const hers = sessions.body.data.find((s: { name: string; device: string | null }) => s.name === 'Anna de Boer' && s.device === device.body.session.subject);
    await organisation.stop();
    await desk.core.handlers.moveCard({ id: appt.id, column: 'ready', beforeId: null, afterId: null });
    const store = await openTestStore(organisation.dataFile);
    await store.sessions.revoke([hers.id], Date.now());
    await store.close();
    await organisation.restart();
    await eventually(async () => (await desk.core.handlers.getSession({})).signedOut === 'revoked', 15_000);
    assert.deepEqual(desk.core.context.sync.connection().waitingFor, ['Anna de Boer']);
    await desk.core.handlers.signIn({ email: 'bram@autobedrijf.nl', password: 'een lang wachtwoord' });

    const page = await receptionPage(chromium(), desk.host.url, { acceptConfirms: true });
    await page.getByText('Changes made here by Anna de Boer wait until they sign in on this desktop again.').waitFor();
    await page.getByRole('combobox', { name: 'Language' }).selectOption('nl');
    await page.getByText('Wijzigingen van Anna de Boer wachten tot er weer met hun account op deze desktop wordt aangemeld.').waitFor();
    await page.screenshot({ path: join(SHOTS, 'people-changes-wait-nl.png') });
    await page.close();
  });
});
