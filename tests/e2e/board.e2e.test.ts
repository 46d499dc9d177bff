import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, afterEach, before, describe, it, type TestContext } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { localDateAt } from '../../src/domain/zoned-time';
import { launchChromium } from '../support/browser';
import { card, column, drag, openBoard, pageErrors, SHOTS } from '../support/board-page';
import { showCard } from './board-scroll';
import { cacheConnection } from '../support/cache-connection';
import { csv, SAMPLE_HEADER } from '../support/csv';
import { DEALERSHIP, startDesktop, tempDataFile } from '../support/desktop';

const columnCount = async (page: Page, id: string) => Number(await column(page, id).locator('.column-count').textContent());

/** Starts a desktop that is stopped when the test ends, whatever its outcome. */
async function desktopFor(t: TestContext, dataFile?: string) {
  const desktop = await startDesktop({ dataFile });
  t.after(() => desktop.stop());
  return desktop;
}

describe('the board in Chromium on the headless host', () => {
  let browser: Browser;
  before(async () => {
    mkdirSync(SHOTS, { recursive: true });
    browser = await launchChromium();
  });
  after(() => browser.close());
  afterEach(() => {
    assert.deepEqual(pageErrors.splice(0), [], 'no errors in the page');
  });

  it('drags a card New → In Service; a second page sees it; it is still there after a restart', async (t) => {
    const dataFile = tempDataFile();
    const first = await startDesktop({ dataFile });
    t.after(() => first.stop());
    const page = await openBoard(browser, first.host.url);
    const other = await openBoard(browser, first.host.url);
    await page.screenshot({ path: join(SHOTS, 'board.png') });

    await drag(page, 'Finn de Wit', 'in_service');
    await column(page, 'in_service').locator('[data-card-id]', { hasText: 'Finn de Wit' }).waitFor();
    await column(other, 'in_service').locator('[data-card-id]', { hasText: 'Finn de Wit' }).waitFor({ timeout: 5000 });
    await first.stop();

    const second = await desktopFor(t, dataFile);
    const reopened = await openBoard(browser, second.host.url);
    assert.equal(await column(reopened, 'in_service').locator('[data-card-id]', { hasText: 'Finn de Wit' }).count(), 1);
    assert.equal(await column(reopened, 'new').locator('[data-card-id]', { hasText: 'Finn de Wit' }).count(), 0);
    await Promise.all([page.close(), other.close(), reopened.close()]);
  });

  it('moves a card with the keyboard alone', async (t) => {
    const desktop = await desktopFor(t);
    const page = await openBoard(browser, desktop.host.url);
    await card(page, 'Daan van Leeuwen').focus();
    await page.keyboard.press('Space');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('Space');
    await column(page, 'on_hold').locator('[data-card-id]', { hasText: 'Daan van Leeuwen' }).waitFor();
    const cache = cacheConnection(desktop.core);
    t.after(() => cache.close());
    const stored = cache
      .prepare("SELECT column_id FROM appointments WHERE source_id = 'A-1008'")
      .pluck()
      .get();
    assert.equal(stored, 'on_hold');
    await page.close();
  });

  it('keeps the inbox filter across a restart', async (t) => {
    const dataFile = tempDataFile();
    const first = await startDesktop({ dataFile });
    t.after(() => first.stop());
    const page = await openBoard(browser, first.host.url);
    const total = await page.locator('[data-card-id]').count();
    await page.getByRole('button', { name: /Inboxes:/ }).click();
    await page.getByRole('checkbox', { name: /Autobedrijf Van der Meer/ }).click();
    await page.getByRole('button', { name: /Inboxes: Werkplaats Zuidas/ }).waitFor();
    const workshopOnly = await page.locator('[data-card-id]').count();
    assert.ok(workshopOnly > 0 && workshopOnly < total, `${workshopOnly} of ${total}`);
    await first.stop();

    const second = await desktopFor(t, dataFile);
    const reopened = await openBoard(browser, second.host.url);
    await reopened.getByRole('button', { name: /Inboxes: Werkplaats Zuidas/ }).waitFor();
    assert.equal(await reopened.locator('[data-card-id]').count(), workshopOnly);
    assert.equal(await card(reopened, 'Annelies Visser').count(), 0);
    await Promise.all([page.close(), reopened.close()]);
  });

  it('adds a manual appointment with only a date; it is on the board and in the list', async (t) => {
    const desktop = await desktopFor(t);
    const page = await openBoard(browser, desktop.host.url);
    const before = await columnCount(page, 'new');
    await page.getByRole('button', { name: '+ New appointment' }).click();
    const dialog = page.getByRole('dialog', { name: 'New appointment' });
    await dialog.locator('input[name=phone]').fill('0612');
    await dialog.locator('.field-error', { hasText: '“0612” is not a valid phone number.' }).waitFor();
    await dialog.locator('input[name=phone]').fill('');
    await dialog.locator('input[name=customerName]').fill('Walk-in Schadeherstel');
    await page.screenshot({ path: join(SHOTS, 'manual-appointment.png') });
    await dialog.getByRole('button', { name: 'Add to board' }).click();
    await dialog.waitFor({ state: 'detached' });
    await column(page, 'new').locator('.column-count', { hasText: String(before + 1) }).waitFor();
    const added = await showCard(page, 'Walk-in Schadeherstel');
    assert.equal(await added.count(), 1);
    assert.equal(await column(page, 'new').locator('[data-card-id]', { hasText: 'Walk-in Schadeherstel' }).count(), 1);

    await page.getByRole('button', { name: 'All appointments' }).click();
    const today = localDateAt(Date.now(), DEALERSHIP.zone);
    await page.getByLabel('From', { exact: true }).fill(today);
    await page.getByLabel('To', { exact: true }).fill(today);
    await page.getByRole('searchbox').fill('walk-in');
    await page.locator('.list-total', { hasText: /^1–1 of 1$/ }).waitFor();
    assert.equal(await page.locator('.appointments-table tbody tr').count(), 1);
    await page.getByRole('searchbox').fill('');
    await page.locator('.appointments-table tbody tr').nth(5).waitFor();
    await page.screenshot({ path: join(SHOTS, 'list.png') });
    await page.locator('.appointments-table tbody tr', { hasText: 'Walk-in Schadeherstel' }).click();
    await page.getByRole('complementary', { name: 'Conversation' }).getByText('Walk-in Schadeherstel').first().waitFor();
    await page.close();
  });

  it('imports a file and shows the quarantined row with its reason in the report', async (t) => {
    const desktop = await desktopFor(t);
    const page = await openBoard(browser, desktop.host.url);
    const today = localDateAt(Date.now(), DEALERSHIP.zone).split('-').reverse().join('-');
    const file = csv(
      [
        SAMPLE_HEADER,
        `IMP-1;AMS;${today};11:45;Gerrit Müller;06 13572460;;AB-123-C;Opel;Corsa;APK;WO-9001;Sanne de Vries`,
        `IMP-2;AMS;31-02-2026;12:00;Foute Datum;;;;;;;;`,
        `IMP-3;AMS;${today};12:15;Fout Nummer;0612;;;;;;;`,
      ],
      { windows1252: true },
    );
    await page.getByRole('button', { name: 'Import file' }).click();
    const dialog = page.getByRole('dialog', { name: 'Import appointments' });
    await dialog.locator('input[type=file]').setInputFiles({ name: 'planit-export.csv', mimeType: 'text/csv', buffer: file });
    await dialog.getByText('planit-export.csv: 3 rows · Windows-1252 · separated by ;').waitFor();
    await page.screenshot({ path: join(SHOTS, 'import-mapping.png') });
    await dialog.getByRole('button', { name: 'Import 3 rows' }).click();
    const report = page.getByRole('dialog', { name: 'Import report' });
    await report.locator('.quarantine-table').waitFor();
    assert.equal(await report.locator('[data-stat=created] .stat-value').textContent(), '1');
    assert.equal(await report.locator('[data-stat=quarantined] .stat-value').textContent(), '2');
    const rows = report.locator('.quarantine-table tbody tr');
    assert.deepEqual(await rows.locator('td:first-child').allTextContents(), ['3', '4']);
    assert.match((await rows.nth(0).textContent())!, /Date “31-02-2026” does not exist\./);
    assert.match((await rows.nth(1).textContent())!, /Phone “0612” is not a valid phone number\./);
    await page.screenshot({ path: join(SHOTS, 'import-report.png') });
    await report.getByRole('button', { name: 'Close' }).last().click();
    await card(page, 'Gerrit Müller').waitFor();
    await page.close();
  });
});
