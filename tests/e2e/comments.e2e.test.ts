import assert from 'node:assert/strict';
import { join } from 'node:path';
import { mkdirSync } from 'node:fs';
import { after, afterEach, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../support/browser';
import { card, openBoard, pageErrors, SHOTS } from '../support/board-page';
import { startDesktop } from '../support/desktop';

describe('internal comments in Chromium', () => {
  let browser: Browser;
  before(async () => {
    mkdirSync(SHOTS, { recursive: true });
    browser = await launchChromium();
  });
  after(() => browser.close());
  afterEach(() => assert.deepEqual(pageErrors.splice(0), [], 'no errors in the page'));

  it('a standalone desktop keeps a comment on the card, in Dutch too, and after a reload', async (t) => {
    const desktop = await startDesktop();
    t.after(() => desktop.stop());
    const page = await openBoard(browser, desktop.host.url);
    await card(page, 'Noor Dekker').click();
    const comments = page.getByRole('region', { name: 'Internal comments' });
    await comments.getByLabel('Internal comment').fill('Klant wacht in de kantine');
    await comments.getByLabel('Internal comment').press('Enter');
    await comments.getByText('Klant wacht in de kantine').waitFor();
    await card(page, 'Noor Dekker').getByLabel('1 internal comment', { exact: true }).waitFor();
    await page.screenshot({ path: join(SHOTS, 'comment-standalone.png') });
    await page.reload();
    await card(page, 'Noor Dekker').getByLabel('1 internal comment', { exact: true }).waitFor();
    const dutch = await browser.newPage({ locale: 'nl-NL' });
    await dutch.goto(desktop.host.url);
    await card(dutch, 'Noor Dekker').getByLabel('1 interne opmerking', { exact: true }).waitFor();
    await Promise.all([page.close(), dutch.close()]);
  });
});
