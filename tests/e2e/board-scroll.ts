import type { Locator, Page } from 'playwright-core';
import { column } from '../support/board-page';

// The board's columns draw only the cards in their view (renderer/board/BoardColumn.tsx): what a
// test looks for may be further down a column, and is found by scrolling it. (Here, beside the
// tests that drive Chromium: the callbacks below run in the page.)

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
