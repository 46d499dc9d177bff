import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, afterEach, before } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium } from './browser';
import { ROOT } from './desktop';

export const SHOTS = join(ROOT, 'test-results', 'screenshots');
export const VIEWPORT = { width: 1500, height: 900 };

/** Errors any page raised; each test checks that none did. */
export const pageErrors: string[] = [];

/** Opens the board and waits for its first card. */
export async function openBoard(from: Browser | BrowserContext, url: string): Promise<Page> {
  // A context's pages take the context's viewport and locale; a browser's get their own.
  const page = 'contexts' in from ? await from.newPage({ viewport: VIEWPORT, locale: 'en-GB' }) : await from.newPage();
  page.setDefaultTimeout(10_000);
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await page.goto(url);
  await page.locator('[data-card-id]').first().waitFor();
  return page;
}

export const column = (page: Page, id: string) => page.locator(`section[data-column="${id}"]`);
export const card = (page: Page, name: string) => page.locator('[data-card-id]', { hasText: name });

/** A real mouse drag, with the small moves the drag library needs to recognise one. */
export async function drag(page: Page, from: string, toColumn: string): Promise<void> {
  const source = (await card(page, from).boundingBox())!;
  const target = (await column(page, toColumn).locator('.column-cards').boundingBox())!;
  await page.mouse.move(source.x + source.width / 2, source.y + 20);
  await page.mouse.down();
  await page.mouse.move(source.x + source.width / 2 + 10, source.y + 30, { steps: 5 });
  await page.mouse.move(target.x + target.width / 2, target.y + 30, { steps: 20 });
  await page.mouse.up();
}

/** A suite's Chromium: launched before its tests and closed after them; no test may leave an error in a page. */
export function chromiumForSuite(): () => Browser {
  let browser: Browser | undefined;
  before(async () => {
    mkdirSync(SHOTS, { recursive: true });
    browser = await launchChromium();
  });
  after(() => browser?.close());
  afterEach(() => assert.deepEqual(pageErrors.splice(0), [], 'no errors in the page'));
  return () => browser!;
}

/**
 * A reception screen's page at 1366 pixels, in `locale` (English unless told), its errors
 * recorded. `acceptConfirms`: every confirm() is accepted, as a manager clicks OK. `fixedTime`:
 * the page's clock stands still there, the tests' fixed time that the backend and desktops share.
 */
export async function receptionPage(browser: Browser, url: string, options: { locale?: string; acceptConfirms?: boolean; fixedTime?: number } = {}): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1366, height: 768 }, locale: options.locale ?? 'en-GB' });
  page.setDefaultTimeout(10_000);
  page.on('pageerror', (error) => pageErrors.push(error.message));
  if (options.acceptConfirms) page.on('dialog', (dialog) => void dialog.accept());
  if (options.fixedTime !== undefined) await page.clock.setFixedTime(options.fixedTime);
  await page.goto(url);
  return page;
}

/** Opens a Settings menu entry's dialog; `settings` is the menu's button in the page's language. */
export async function openSettings(page: Page, entry: string, settings = 'Settings') {
  await page.getByRole('button', { name: settings }).click();
  await page.getByRole('menuitem', { name: entry }).click();
  return page.getByRole('dialog', { name: entry });
}
