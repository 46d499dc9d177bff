import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, afterEach, before } from 'node:test';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
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

const COLUMN_IDS = ['new', 'in_service', 'on_hold', 'ready', 'finished'];

/** The frame after the next: what a scroll draws is in the page then. */
const twoFrames = (page: Page) => page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));

/**
 * Scrolls a column from its top down, a view at a time (it draws only the cards in its view),
 * until `found` says yes; false when its end came first.
 */
async function scanColumn(page: Page, id: string, found: () => Promise<boolean>): Promise<boolean> {
  const list = column(page, id).locator('.column-cards');
  await list.evaluate((l) => l.scrollTo(0, 0));
  await twoFrames(page);
  for (;;) {
    if (await found()) return true;
    const moved = await list.evaluate((l) => {
      const from = l.scrollTop;
      l.scrollBy(0, l.clientHeight);
      return l.scrollTop !== from;
    });
    if (!moved) return false;
    await twoFrames(page);
  }
}

/**
 * The card with `name`, drawn: the board's columns are scrolled through until one shows it, again
 * and again until it came (an import or another desktop's change) or `timeout` ms went by.
 */
export async function showCard(page: Page, name: string, timeout = 10_000): Promise<Locator> {
  const until = Date.now() + timeout;
  for (;;) {
    for (const id of COLUMN_IDS) {
      const found = column(page, id).locator('[data-card-id]', { hasText: name });
      if (await scanColumn(page, id, async () => (await found.count()) > 0)) return found;
    }
    if (Date.now() > until) throw new Error(`No column of the board shows ${name}`);
  }
}

/** The text of every card on the board, each column scrolled from its top to its end. */
export async function allCardTexts(page: Page): Promise<string[]> {
  const texts = new Set<string>();
  for (const id of COLUMN_IDS) {
    await scanColumn(page, id, async () => {
      for (const text of await column(page, id).locator('[data-card-id]').allTextContents()) texts.add(text);
      return false;
    });
  }
  return [...texts];
}

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
