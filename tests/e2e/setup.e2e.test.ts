import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import type { RunningBackend } from '../../src/backend/backend';
import { localDateAt } from '../../src/domain/zoned-time';
import type { WhatsAppSimulator } from '../../src/simulators/whatsapp-cloud-api-simulator';
import { call, WHATSAPP } from '../support/backend';
import { startBackendWithoutChannels } from '../support/channels';
import { card, chromiumForSuite, openSettings, pageErrors, SHOTS } from '../support/board-page';
import { DEALERSHIP, startDesktop, tempDataFile } from '../support/desktop';

const pane = (page: Page) => page.getByRole('complementary', { name: 'Conversation' });

describe('set-up in Chromium', () => {
  const chromium = chromiumForSuite();
  const clock = { now: () => Date.now() };
  const dataFile = tempDataFile();
  let whatsapp: WhatsAppSimulator;
  let backend: RunningBackend;
  let token: string;

  before(async () => {
    ({ whatsapp, backend, token } = await startBackendWithoutChannels(dataFile, clock));
    const inbox = (await call(backend.url, token, 'GET', '/v2/organization')).body.inboxes[0].id;
    const stored = await call(backend.url, token, 'POST', '/v2/appointments', {
      inbox,
      source: 'planit',
      sourceId: 'SETUP-1',
      date: localDateAt(Date.now(), DEALERSHIP.zone),
      time: '10:30',
      plate: '12-ABC-3',
      contact: { profile: { name: 'Kees Jansen', telephone: '+31611112222' } },
    });
    assert.equal(stored.status, 200, JSON.stringify(stored.body));
  });
  after(async () => {
    await backend.close();
    await whatsapp.close();
  });

  it('a manager adds a WhatsApp number, tests it, gives it to the inbox and changes its hours; the composer offers WhatsApp then', async (t) => {
    const desktop = await startDesktop({ sample: false, backend: { url: backend.url, token } });
    t.after(() => desktop.stop());
    const page = await chromium().newPage({ viewport: { width: 1366, height: 768 }, locale: 'en-GB' });
    page.setDefaultTimeout(10_000);
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('dialog', (dialog) => void dialog.accept());
    await page.goto(desktop.host.url);

    // Before: the inbox has no number, and the composer says so and where to set one.
    await card(page, 'Kees Jansen').click();
    await pane(page).getByText('No WhatsApp number or SMS sender is set up for this inbox.').waitFor();
    await pane(page).getByText('Add one in Settings → Channels').waitFor();
    // The pane stays open behind the settings: it follows the inbox's new channel by itself.

    const channels = await openSettings(page, 'Channels');
    await channels.getByText('No channels yet').waitFor();
    await channels.getByRole('button', { name: 'Add WhatsApp number' }).click();
    await channels.getByRole('button', { name: 'Save' }).click();
    // Every missing field says so under itself; a wrong ID says what it must look like.
    assert.ok((await channels.getByText('Fill this in.').count()) >= 1);
    await channels.getByLabel('Phone number ID').fill('12-34');
    await channels.getByRole('button', { name: 'Save' }).click();
    await channels.getByText('Only digits, as Meta shows it (up to 30).').first().waitFor();
    await channels.locator('input[name="label"]').fill('Amsterdam');
    await channels.getByLabel('Phone number ID').fill(WHATSAPP.phoneNumberId);
    await channels.getByLabel('WhatsApp Business account ID').fill(WHATSAPP.businessAccountId);
    await channels.getByLabel('Access token').fill('a-token-meta-does-not-know');
    await channels.getByLabel('App secret').fill(WHATSAPP.appSecret);
    await channels.getByLabel('Webhook verify token').fill(WHATSAPP.verifyToken);
    // A token Meta does not know: not saved, and said so with Meta's own words.
    await channels.getByRole('button', { name: 'Save' }).click();
    await channels
      .getByText('Not saved: the provider did not confirm that this number belongs to the account with these details — the provider refused: “(#190) Error validating access token”.')
      .waitFor();
    assert.equal((await call(backend.url, token, 'GET', '/v2/channels')).body.data.length, 0);
    await channels.getByLabel('Access token').fill(WHATSAPP.accessToken);
    await channels.getByRole('button', { name: 'Save' }).click();
    const row = channels.locator('tr', { hasText: 'Amsterdam' });
    // Saved once Meta confirmed it: what Meta said then shows at once.
    await row.getByText('Autobedrijf Simulator · +31 20 000 0000').waitFor();
    await row.getByRole('button', { name: 'Test' }).click();
    await row.getByText('Autobedrijf Simulator · +31 20 000 0000').waitFor();
    await row.getByText('quality high').waitFor();
    // Changing it: the secrets are not shown, and left empty they stay.
    await row.getByRole('button', { name: 'Change' }).click();
    assert.equal(await channels.getByLabel('Access token').inputValue(), '');
    await channels.getByText('stored — leave empty to keep').first().waitFor();
    await channels.getByRole('button', { name: 'Cancel' }).click();
    await page.screenshot({ path: join(SHOTS, 'setup-channels.png') });
    await channels.getByRole('button', { name: 'Close', exact: true }).last().click();

    const organization = await openSettings(page, 'Organisation and inboxes');
    await organization.getByRole('button', { name: /Werkplaats/ }).click();
    await organization.getByLabel('WhatsApp number').selectOption({ label: `Amsterdam (${WHATSAPP.phoneNumberId})` });
    // Saturday closes before it opens: said under Saturday, nothing saved.
    await organization.getByLabel('Saturday opens').fill('13:00');
    await organization.getByLabel('Saturday closes').fill('09:00');
    await organization.getByRole('button', { name: 'Save' }).last().click();
    await organization.getByText('Closes before it opens.').waitFor();
    await organization.getByLabel('Saturday closes').fill('16:30');
    await organization.locator('input[name="closed-7"]').uncheck();
    await organization.getByLabel('Sunday opens').fill('10:00');
    await organization.getByLabel('Sunday closes').fill('14:00');
    await organization.getByRole('button', { name: 'Add closed day' }).click();
    await organization.getByLabel('Date', { exact: true }).fill('2026-12-25');
    await organization.getByLabel('Name of the day').fill('Christmas Day');
    await page.screenshot({ path: join(SHOTS, 'setup-inbox.png') });
    await organization.getByRole('button', { name: 'Save' }).last().click();
    await organization.getByLabel('Saturday opens').waitFor({ state: 'detached' });
    await organization.getByRole('button', { name: 'Close', exact: true }).last().click();

    const inbox = (await call(backend.url, token, 'GET', '/v2/organization')).body.inboxes[0];
    assert.deepEqual(inbox.openingHours.slice(5), [{ open: '13:00', close: '16:30' }, { open: '10:00', close: '14:00' }]);
    assert.deepEqual(inbox.closedDates, [{ date: '2026-12-25', name: 'Christmas Day' }]);
    assert.ok(inbox.whatsappChannel);

    // The open pane's composer now offers WhatsApp (templates only: the customer has not written).
    await pane(page).getByText('No WhatsApp number or SMS sender is set up for this inbox.').waitFor({ state: 'detached' });
    await pane(page).locator('.composer').waitFor();
    await page.keyboard.press('Escape');

    // The same in Dutch.
    await page.getByRole('combobox', { name: 'Language' }).selectOption('nl');
    const nlChannels = await openSettings(page, 'Kanalen', 'Instellingen');
    await nlChannels.locator('tr', { hasText: 'Amsterdam' }).getByText('kwaliteit hoog').waitFor();
    await nlChannels.locator('tr', { hasText: 'Amsterdam' }).getByRole('button', { name: 'Wijzigen' }).click();
    await nlChannels.getByLabel('Toegangstoken').fill('a-token-meta-does-not-know');
    await nlChannels.getByRole('button', { name: 'Opslaan' }).click();
    await nlChannels
      .getByText('Niet opgeslagen: de provider bevestigde niet dat dit nummer met deze gegevens bij het account hoort — de provider weigerde: “(#190) Error validating access token”.')
      .waitFor();
    await page.screenshot({ path: join(SHOTS, 'setup-channels-nl.png') });
    await nlChannels.getByRole('button', { name: 'Annuleren' }).click();
    await nlChannels.getByRole('button', { name: 'Sluiten', exact: true }).last().click();
    const nlOrganization = await openSettings(page, 'Organisatie en inboxen', 'Instellingen');
    await nlOrganization.getByRole('button', { name: /Werkplaats/ }).click();
    await nlOrganization.getByLabel('zaterdag open vanaf').waitFor();
    await nlOrganization.getByLabel('Tijdzone').selectOption({ label: 'Andere…' });
    await nlOrganization.locator('input[name="zone"]').fill('Europe/Atlantis');
    await nlOrganization.getByRole('button', { name: 'Opslaan' }).last().click();
    await nlOrganization.getByText('Geen tijdzone: schrijf die als Europe/Amsterdam.').waitFor();
    await page.screenshot({ path: join(SHOTS, 'setup-inbox-nl.png') });
    await page.close();
  });
});
