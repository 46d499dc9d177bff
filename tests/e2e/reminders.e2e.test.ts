import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { BACKEND_TOKEN_SECRET, BACKEND_URL_SECRET } from '../../src/desktop/backend-settings';
import { FileSecretStore } from '../../src/desktop/secrets/file-secret-store';
import { call, eventually } from '../support/backend';
import { chromiumForSuite, openSettings, receptionPage, SHOTS } from '../support/board-page';
import { startOrganisation, type Organisation } from '../support/connected';
import { manualClock, startDesktop } from '../support/desktop';

// Wednesday 25 November 2026, 10:00 in Amsterdam: Friday's reminders go out tomorrow at 17:00.
const NOW = Date.parse('2026-11-25T09:00:00Z');
const FRIDAY = '2026-11-27';
const pane = (page: Page) => page.getByRole('complementary', { name: 'Conversation' });

describe('the reminder bot in Chromium', () => {
  const chromium = chromiumForSuite();
  const clock = manualClock(NOW);
  let organisation: Organisation;
  before(async () => {
    organisation = await startOrganisation(clock);
  });
  after(() => organisation.close());

  it('a manager turns the bot on at 17:00 the day before and reads who it skips; an advisor sees the reminder scheduled and sends it now', async (t) => {
    await organisation.appointment({ sourceId: 'REM-1', date: FRIDAY, time: '09:30', name: 'Jan de Vries', phone: '+31612345678', plate: '12-ABC-3' });
    // Landlines: WhatsApp cannot reach them, so the bot skips them, each by name.
    const landlines = ['Levi Kok', 'Bram Smit', 'Anna de Wit', 'Ruud Mol'];
    for (const [i, name] of landlines.entries()) {
      await organisation.appointment({ sourceId: `REM-L${i}`, date: FRIDAY, time: `1${i}:00`, name, phone: `+3120555123${i}` });
    }

    const manager = await startDesktop({ sample: false, clock, backend: { url: organisation.url, token: organisation.org.token } });
    t.after(() => manager.stop());
    const pageA = await receptionPage(chromium(), manager.host.url, { fixedTime: NOW });
    await pageA.getByRole('banner').getByText('Sanne').waitFor();

    const dialog = await openSettings(pageA, 'Reminder bot');
    // Off, and no template yet: were it on, Friday's customers would each be skipped for that.
    await dialog.getByText('The bot is off for this inbox: no reminders go out. Were it on:').waitFor();
    await dialog.locator('.reminder-run').getByText('Tomorrow 17:00: 0 reminders; 5 skipped').waitFor();
    await dialog.locator('[data-reason="no_template"]').getByText(/^no reminder template is chosen for this inbox \(/).waitFor();
    // On without a template, and hours beyond a week: each field says what is wrong.
    await dialog.getByLabel('Send reminders for this inbox').check();
    await dialog.getByLabel('A number of hours before').check();
    await dialog.getByLabel('Hours before the appointment (1–168)').fill('200');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.getByText('Choose a template to turn the bot on.').waitFor();
    await dialog.getByText('Give a whole number of hours from 1 to 168.').waitFor();

    const template = dialog.locator('select[name="reminder-template"]');
    const offered = await template.locator('option').allTextContents();
    assert.ok(offered.some((label) => /\(nl\)$/.test(label) && !label.includes('not approved')), `approved templates by title: ${offered.join(' | ')}`);
    await template.selectOption('appointment_reminder|nl');
    await dialog.getByLabel('At a time on the day before').check();
    await dialog.getByLabel('Time', { exact: true }).fill('17:00');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.getByText(/^Saved: the reminder bot is on for /).waitFor();

    // The next run, as saved: one goes out, four are skipped, three named and the fourth one click away.
    const run = dialog.locator('.reminder-run');
    await run.getByText('Tomorrow 17:00: 1 reminder; 4 skipped').waitFor();
    const skipped = run.locator('[data-reason="no_mobile"]');
    assert.match((await skipped.textContent()) ?? '', /^no mobile number \([^)]+, and 1 more\)$/);
    await skipped.getByRole('button', { name: 'and 1 more' }).click();
    const everyone = (await skipped.textContent()) ?? '';
    for (const name of landlines) assert.ok(everyone.includes(name), `${name} in “${everyone}”`);
    await pageA.screenshot({ path: join(SHOTS, 'reminders-settings-en.png') });

    // The backend's settings are what the dialog saved.
    const saved = await call(organisation.url, organisation.org.token, 'GET', `/v2/inboxes/${organisation.inbox}/reminders`);
    assert.deepEqual(saved.body.settings, { enabled: true, template: { name: 'appointment_reminder', language: 'nl' }, when: { kind: 'day_before', at: '17:00' } });

    await dialog.getByRole('button', { name: 'Close' }).last().click();
    await pageA.getByRole('combobox', { name: 'Language' }).selectOption('nl');
    const nlDialog = await (async () => {
      await pageA.getByRole('button', { name: 'Instellingen' }).click();
      await pageA.getByRole('menuitem', { name: 'Herinneringsbot' }).click();
      return pageA.getByRole('dialog', { name: 'Herinneringsbot' });
    })();
    await nlDialog.locator('.reminder-run').getByText('Morgen 17:00: 1 herinnering; 4 overgeslagen').waitFor();
    await nlDialog.getByText('geen mobiel nummer (', { exact: false }).waitFor();
    await nlDialog.getByRole('button', { name: 'en nog 1' }).waitFor();
    await pageA.screenshot({ path: join(SHOTS, 'reminders-settings-nl.png') });
    await pageA.close();

    // An advisor at the reception desk: no Reminder bot among her settings; in the conversation the reminder.
    const invited = await call(organisation.url, organisation.org.token, 'POST', '/v2/users', { name: 'Noor Bakker', email: 'noor@autobedrijf.nl', role: 'advisor' });
    const password = 'werkplaats-2026';
    assert.equal((await call(organisation.url, null, 'POST', '/v2/auth/token', { grant_type: 'invitation', code: invited.body.code, password })).status, 200);
    const device = await call(organisation.url, organisation.org.token, 'POST', '/v2/devices', { name: 'Receptie links', role: 'desktop' });
    const folder = mkdtempSync(join(tmpdir(), 'aftersales-reminders-'));
    const secrets = new FileSecretStore(folder);
    secrets.set(BACKEND_URL_SECRET, organisation.url);
    secrets.set(BACKEND_TOKEN_SECRET, device.body.token);
    const desk = await startDesktop({ sample: false, clock, dataFile: join(folder, 'board.sqlite'), secrets });
    t.after(() => desk.stop());
    await eventually(async () => (await desk.core.handlers.getSession({})).device !== null);
    await desk.core.handlers.signIn({ email: 'noor@autobedrijf.nl', password });

    const pageB = await receptionPage(chromium(), desk.host.url, { fixedTime: NOW });
    await pageB.getByRole('button', { name: 'Signed in: Noor Bakker' }).waitFor();
    await pageB.getByRole('button', { name: 'Settings' }).click();
    await pageB.getByRole('menuitem', { name: 'Sources' }).waitFor();
    assert.equal(await pageB.getByRole('menuitem', { name: 'Reminder bot' }).count(), 0, 'the bot’s settings are a manager’s');
    await pageB.keyboard.press('Escape');
    await pageB.getByRole('button', { name: 'All appointments' }).click();
    await pageB.locator('.appointments-table tbody tr', { hasText: 'Jan de Vries' }).click();
    const line = pane(pageB).getByRole('group', { name: 'Reminder' });
    await line.getByText('Reminder: scheduled tomorrow 17:00').waitFor();
    await line.getByRole('button', { name: 'Send reminder now' }).click();
    await line.getByText(/^Reminder: sent today 10:00 · .+ \(by Noor Bakker\)$/).waitFor();
    assert.equal(await line.getByRole('button', { name: 'Send reminder now' }).count(), 0, 'sent once: nothing more to press');
    // The reminder is in the stream, and its delivery reaches the line.
    await pane(pageB).locator('.message.outbound', { hasText: 'Jan de Vries' }).waitFor();
    await line.getByText('Reminder: sent today 10:00 · Delivered (by Noor Bakker)').waitFor();
    await pageB.screenshot({ path: join(SHOTS, 'reminders-conversation-en.png') });

    // A landline customer's conversation: the line says why the reminder cannot go.
    await pageB.locator('.appointments-table tbody tr', { hasText: 'Levi Kok' }).click();
    // The line says before the run what the preview says: the bot would skip it.
    await line.getByText('Reminder: tomorrow 17:00 it would be skipped — no mobile number').waitFor();
    // Nothing to press: the landline is why it cannot go now (the refusal's words are the backend's, unit-tested).
    assert.equal(await line.getByRole('button', { name: 'Send reminder now' }).count(), 0);
    await pageB.screenshot({ path: join(SHOTS, 'reminders-refused-en.png') });

    await pageB.getByRole('combobox', { name: 'Language' }).selectOption('nl');
    await pageB.locator('.appointments-table tbody tr', { hasText: 'Jan de Vries' }).click();
    const nlLine = pageB.getByRole('complementary', { name: 'Gesprek' }).getByRole('group', { name: 'Herinnering' });
    await nlLine.getByText('Herinnering: verstuurd vandaag 10:00 · Afgeleverd (door Noor Bakker)').waitFor();
    await pageB.screenshot({ path: join(SHOTS, 'reminders-conversation-nl.png') });

    // Without the backend the line says this needs the connection, rather than an old state.
    await organisation.stop();
    await nlLine.getByText(/^Offline: de stand van de herinnering/).waitFor();
    assert.equal(await nlLine.getByRole('button').count(), 0);
    await organisation.restart();
    await pageB.close();
  });
});
