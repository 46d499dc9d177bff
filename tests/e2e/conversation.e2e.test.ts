import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { localDateAt } from '../../src/domain/zoned-time';
import { card, chromiumForSuite, column, drag, openBoard, SHOTS, VIEWPORT } from '../support/board-page';
import { call, eventually } from '../support/backend';
import { startOrganisation, type Organisation } from '../support/connected';
import { FileSecretStore } from '../../src/desktop/secrets/file-secret-store';
import { DEALERSHIP, startDesktop, tempDataFile } from '../support/desktop';

const today = () => localDateAt(Date.now(), DEALERSHIP.zone);

/** A browser profile that allows notifications and records the ones the page raises. */
async function notifyingContext(browser: Browser): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: VIEWPORT, locale: 'en-GB' });
  await context.grantPermissions(['notifications']);
  await context.addInitScript(() => {
    const Real = window.Notification;
    const seen: string[] = [];
    (window as unknown as { notifications: string[] }).notifications = seen;
    window.Notification = class extends Real {
      constructor(title: string, options?: NotificationOptions) {
        super(title, options);
        seen.push(`${title}: ${options?.body ?? ''}`);
      }
    } as typeof Notification;
  });
  return context;
}

const notifications = (page: Page) => page.evaluate(() => (window as unknown as { notifications: string[] }).notifications);
const pane = (page: Page) => page.getByRole('complementary', { name: 'Conversation' });

describe('two desktops sharing one backend, in Chromium', () => {
  const chromium = chromiumForSuite();
  let organisation: Organisation;
  before(async () => {
    organisation = await startOrganisation();
  });
  after(() => organisation.close());

  async function desktop(t: { after(fn: () => Promise<void>): void }, dataFile = tempDataFile()) {
    const started = await startDesktop({ dataFile, sample: false, backend: { url: organisation.url, token: organisation.org.token } });
    t.after(() => started.stop());
    return { ...started, dataFile };
  }

  it('moves, replies, reading, templates and the 24-hour window, seen from both desktops', async (t) => {
    const phone = '+31687654321';
    await organisation.appointment({ sourceId: 'E2E-1', date: today(), time: '09:15', name: 'Eva de Vries', phone, plate: 'GZ-318-K' });
    await organisation.appointment({ sourceId: 'E2E-2', date: today(), time: '10:00', name: 'Bram Kok', phone: '+31687650000' });
    const [a, b] = [await desktop(t), await desktop(t)];
    // One browser profile per desktop: a page that shares a profile with another is a background
    // tab, whose animation frames (and so drags) Chromium throttles.
    const [contextA, contextB] = [await notifyingContext(chromium()), await notifyingContext(chromium())];
    t.after(async () => {
      await contextA.close();
      await contextB.close();
    });
    const pageA = await openBoard(contextA, a.host.url);
    const pageB = await openBoard(contextB, b.host.url);

    await drag(pageA, 'Eva de Vries', 'in_service');
    await column(pageB, 'in_service').locator('[data-card-id]', { hasText: 'Eva de Vries' }).waitFor({ timeout: 5000 });

    // Nobody wrote yet: only templates.
    await card(pageA, 'Eva de Vries').click();
    const paneA = pane(pageA);
    await paneA.getByText('Templates only').waitFor();
    assert.equal(await paneA.getByLabel('Message to the customer').isDisabled(), true);
    await paneA.getByRole('button', { name: 'Templates' }).click();
    // A Dutch template gets the date in Dutch, though this advisor's screens are in English.
    await paneA.getByRole('option', { name: /Afspraakherinnering/ }).click();
    const dutchDay = new Intl.DateTimeFormat('nl', { weekday: 'long', timeZone: 'Europe/Amsterdam' }).format(new Date());
    assert.match(await paneA.getByRole('textbox', { name: 'Date' }).inputValue(), new RegExp(`^${dutchDay} `));
    await paneA.getByRole('option', { name: /Auto staat klaar/ }).click();
    // Each field under its label, filled from the appointment.
    assert.equal(await paneA.getByRole('textbox', { name: 'Customer name' }).inputValue(), 'Eva de Vries');
    assert.equal(await paneA.getByRole('textbox', { name: 'Plate' }).inputValue(), 'GZ-318-K');
    await paneA.getByText('uw auto met kenteken GZ-318-K staat klaar').waitFor();
    await pageA.screenshot({ path: join(SHOTS, 'conversation-template.png') });
    await paneA.getByRole('button', { name: 'Send template' }).click();
    await paneA.locator('.message[data-status=delivered]', { hasText: 'staat klaar' }).waitFor();
    // The message says which template by its title, as the advisor picked it.
    await paneA.locator('.message-template', { hasText: 'Template · Auto staat klaar' }).waitFor();
    await pageA.screenshot({ path: join(SHOTS, 'conversation-outside-window.png') });

    await paneA.getByRole('textbox', { name: 'Internal comment' }).fill('Klant belt zelf terug');
    await paneA.getByRole('textbox', { name: 'Internal comment' }).press('Enter');
    await card(pageB, 'Eva de Vries').locator('.card-note').waitFor();
    await pageA.keyboard.press('Escape');
    await paneA.waitFor({ state: 'detached' });

    // The customer answers: the red line on both desktops, a notification, the count in the title.
    await organisation.reply('Super, ik kom hem om 16:00 halen', phone);
    for (const page of [pageA, pageB]) {
      await card(page, 'Eva de Vries').and(page.locator('.is-waiting')).waitFor();
      await eventually(async () => (await notifications(page)).some((n) => n.includes('ik kom hem om 16:00 halen')));
      await eventually(async () => (await page.title()).startsWith('(1) '));
    }
    await pageB.getByRole('button', { name: /Waiting/ }).click();
    assert.equal(await pageB.locator('[data-card-id]').count(), 1, 'the Waiting filter shows only the waiting card');
    await pageB.screenshot({ path: join(SHOTS, 'board-red-line-and-note.png') });
    await pageB.getByRole('button', { name: /Waiting/ }).click();

    // Opening it on A reads it for everyone.
    await card(pageA, 'Eva de Vries').click();
    await card(pageB, 'Eva de Vries').and(pageB.locator('.is-waiting')).waitFor({ state: 'detached' });
    await paneA.getByText(/Window open until/).waitFor();
    await paneA.getByLabel('Message to the customer').fill('Prima, tot straks!');
    await paneA.getByLabel('Message to the customer').press('Enter');
    await paneA.locator('.message[data-status=delivered]', { hasText: 'Prima, tot straks!' }).waitFor();
    await pageA.screenshot({ path: join(SHOTS, 'conversation-inside-window.png') });
    assert.deepEqual(
      organisation.simulator.delivered().filter((m) => m.to === phone.slice(1)).map((m) => m.type),
      ['template', 'text'],
      'the template, then the free text; the comment never left the backend',
    );
  });

  it('offline: A keeps working with a banner; a restarted desktop sends its outbox once the backend is back', async (t) => {
    const phone = '+31612340000';
    const appt = await organisation.appointment({ sourceId: 'E2E-3', date: today(), time: '11:30', name: 'Lotte Meijer', phone });
    await organisation.reply('Hoe laat is hij klaar?', phone);
    const a = await desktop(t);
    const b = await desktop(t);
    const pageA = await openBoard(chromium(), a.host.url);
    const pageB = await openBoard(chromium(), b.host.url);
    await card(pageA, 'Lotte Meijer').waitFor();

    await organisation.stop();
    await pageA.getByTestId('offline-banner').getByText(/Offline since \d\d:\d\d — your changes will be sent/).waitFor();
    await drag(pageA, 'Lotte Meijer', 'ready');
    await column(pageA, 'ready').locator('[data-card-id]', { hasText: 'Lotte Meijer' }).waitFor();
    await card(pageA, 'Lotte Meijer').click();
    await pane(pageA).getByRole('textbox', { name: 'Internal comment' }).fill('Onderdeel binnen');
    await pane(pageA).getByRole('textbox', { name: 'Internal comment' }).press('Enter');
    await pane(pageA).getByLabel('Message to the customer').fill('Vanaf 15:00 staat hij klaar.');
    await pane(pageA).getByLabel('Message to the customer').press('Enter');
    await pane(pageA).locator('.message[data-status=pending]', { hasText: 'Vanaf 15:00' }).waitFor();
    // The move, the comment, the message, and the reading of the reply.
    await pageA.getByTestId('offline-banner').getByText('4 waiting').waitFor();
    await pageA.screenshot({ path: join(SHOTS, 'offline-banner.png') });

    // A is closed with its outbox full, the backend comes back, A starts again on its cache.
    await pageA.close();
    await a.stop();
    await organisation.restart();
    const again = await desktop(t, a.dataFile);
    const reopened = await openBoard(chromium(), again.host.url);
    await column(reopened, 'ready').locator('[data-card-id]', { hasText: 'Lotte Meijer' }).waitFor();
    await column(pageB, 'ready').locator('[data-card-id]', { hasText: 'Lotte Meijer' }).waitFor({ timeout: 15_000 });
    await card(pageB, 'Lotte Meijer').locator('.card-note').waitFor();
    await eventually(() => organisation.simulator.delivered().some((m) => m.to === phone.slice(1)), 15_000);
    await reopened.getByTestId('offline-banner').waitFor({ state: 'detached' });

    const events = (await call(organisation.url, organisation.org.token, 'GET', '/v2/events?since=0&limit=1000')).body.data as Array<{ type: string; data: any }>;
    assert.deepEqual(
      events.filter((e) => e.type === 'appointment.move' && e.data.appointment === appt.id).map((e) => e.data.column),
      ['ready'],
    );
    const texts = events.filter((e) => e.type === 'message.create').map((e) => e.data.message.text);
    assert.equal(texts.filter((x) => x === 'Onderdeel binnen').length, 1);
    assert.equal(texts.filter((x) => x === 'Vanaf 15:00 staat hij klaar.').length, 1);
    assert.equal(organisation.simulator.delivered().filter((m) => m.to === phone.slice(1)).length, 1);
    await Promise.all([pageB.close(), reopened.close()]);
  });

  it('a standalone desktop joins the organisation from the Connection dialog, keeping what it made', async (t) => {
    await organisation.appointment({ sourceId: 'E2E-4', date: today(), time: '12:15', name: 'Sem Visser', phone: '+31612349999' });
    const standalone = await startDesktop({ sample: false, secrets: new FileSecretStore(mkdtempSync(join(tmpdir(), 'aftersales-secrets-'))) });
    t.after(() => standalone.stop());
    await standalone.core.handlers.chooseStart({ choice: 'standalone', inboxNames: { dealership: 'Dealership', workshop: 'Workshop' } });
    await standalone.core.handlers.createManualAppointment({ date: today(), customerName: 'Finn Zelfstandig' });
    const page = await openBoard(chromium(), standalone.host.url);
    await card(page, 'Finn Zelfstandig').waitFor();
    await page.getByRole('button', { name: 'Settings' }).click();
    await page.getByRole('menuitem', { name: 'Connection' }).click();
    const dialog = page.getByRole('dialog', { name: 'Connection' });
    await dialog.getByLabel('Backend address').fill(organisation.url);
    await dialog.getByLabel(/Token for this desktop/).fill('wrong-token-123');
    await dialog.getByRole('button', { name: 'Test connection' }).click();
    await dialog.getByRole('alert').getByText(/refused this desktop's token/).waitFor();
    await dialog.getByLabel(/Token for this desktop/).fill(organisation.org.token);
    await dialog.getByRole('button', { name: 'Test connection' }).click();
    await dialog.getByText(/Found Autobedrijf Test/).waitFor();
    await page.screenshot({ path: join(SHOTS, 'connection-dialog.png') });
    await dialog.getByRole('button', { name: 'Save and connect' }).click();
    await dialog.getByText(/Saved|Connected/).first().waitFor();
    await dialog.getByRole('button', { name: 'Close' }).last().click();
    await card(page, 'Sem Visser').waitFor();
    assert.equal(await card(page, 'Finn Zelfstandig').count(), 1, 'what was made standalone stays');
    await page.close();
  });
});
