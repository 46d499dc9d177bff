import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it, type TestContext } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { cacheWithTodaysCards } from '../bench/fixtures';
import { chromiumForSuite, column, pageErrors, SHOTS } from '../support/board-page';
import { startDesktop } from '../support/desktop';

/** A desktop with 500 cards today, 100 in each column, stopped when the test ends. */
async function bigBoard(t: TestContext) {
  const desktop = await startDesktop({ dataFile: cacheWithTodaysCards(500), sample: false });
  t.after(() => desktop.stop());
  return desktop;
}

async function open(browser: Browser, url: string, viewport: { width: number; height: number }, locale = 'en-GB'): Promise<Page> {
  const page = await browser.newPage({ viewport, locale });
  page.setDefaultTimeout(10_000);
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await page.goto(url);
  await page.waitForFunction(() => [...document.querySelectorAll('.column-count')].reduce((n, e) => n + Number(e.textContent), 0) === 500);
  return page;
}

const drawnIds = (page: Page, id: string) => column(page, id).locator('[data-card-id]').evaluateAll((cards) => cards.map((c) => c.getAttribute('data-card-id')));

describe('a board of 500 cards', () => {
  const browser = chromiumForSuite();

  it('draws the cards in view; the counts, and the words a screen reader hears, are of every card', async (t) => {
    const desktop = await bigBoard(t);
    const page = await open(browser(), desktop.host.url, { width: 1500, height: 900 });
    const drawn = await page.locator('[data-card-id]').count();
    assert.ok(drawn > 20 && drawn < 150, `${drawn} cards drawn`);
    assert.deepEqual(await page.locator('.column-count').allTextContents(), ['100', '100', '100', '100', '100']);
    await page.getByRole('region', { name: 'In Service, 100 appointments' }).waitFor();
    await page.close();
  });

  it('shows a column’s other cards as it scrolls, and the last card at its end', async (t) => {
    const desktop = await bigBoard(t);
    const page = await open(browser(), desktop.host.url, { width: 1500, height: 900 });
    const list = column(page, 'new').locator('.column-cards');
    const top = await drawnIds(page, 'new');
    const height = await list.evaluate((l) => l.scrollHeight);
    assert.ok(height > 100 * 100, `the scroll height (${height}) is every card's`);
    await list.evaluate((l) => l.scrollTo(0, l.scrollHeight / 2));
    await page.waitForFunction((first) => document.querySelector(`section[data-column="new"] [data-card-id="${first}"]`) === null, top[0]);
    const middle = await drawnIds(page, 'new');
    assert.equal(middle.filter((id) => top.includes(id)).length, 0, 'other cards in the middle');

    await list.evaluate((l) => l.scrollTo(0, l.scrollHeight));
    // The last card drawn is the column's last one: it ends at the bottom of the scroll.
    await page.waitForFunction(() => {
      const l = document.querySelector('section[data-column="new"] .column-cards')!;
      const cards = l.querySelectorAll('[data-card-id]');
      const last = cards[cards.length - 1];
      return last !== undefined && Math.abs(l.getBoundingClientRect().bottom - last.getBoundingClientRect().bottom) < 24;
    });
    const times = await column(page, 'new').locator('[data-card-id] .card-time').allTextContents();
    assert.equal(times.at(-1), '16:45', 'the day’s last appointment closes the column');
    await page.close();
  });

  it('reaches every card with Tab, drawing the next as focus moves down', async (t) => {
    const desktop = await bigBoard(t);
    const page = await open(browser(), desktop.host.url, { width: 1500, height: 900 });
    const ids: string[] = [];
    await column(page, 'ready').locator('[data-card-id]').first().focus();
    for (let i = 0; i < 30; i++) {
      const id = await page.evaluate(() => document.activeElement?.closest('[data-card-id]')?.getAttribute('data-card-id') ?? null);
      assert.ok(id, `card ${i} has the focus`);
      if (!ids.includes(id)) ids.push(id);
      // From a card, Tab goes to its colour button, then to the next card.
      await page.keyboard.press('Tab');
      await page.keyboard.press('Tab');
    }
    assert.equal(ids.length, 30, 'thirty cards in turn');
    const inColumn = await page.evaluate(() => document.activeElement?.closest('section')?.getAttribute('data-column'));
    assert.equal(inColumn, 'ready', 'still in the Ready column, beyond the cards first drawn');
    await page.close();
  });

  it('moves a card scrolled far down with the keyboard', async (t) => {
    const desktop = await bigBoard(t);
    const page = await open(browser(), desktop.host.url, { width: 1500, height: 900 });
    const list = column(page, 'on_hold').locator('.column-cards');
    const top = await drawnIds(page, 'on_hold');
    await list.evaluate((l) => l.scrollTo(0, l.scrollHeight / 2));
    await page.waitForFunction((first) => document.querySelector(`section[data-column="on_hold"] [data-card-id="${first}"]`) === null, top[0]);
    const card = column(page, 'on_hold').locator('[data-card-id]').nth(4);
    const id = (await card.getAttribute('data-card-id'))!;
    await card.focus();
    await page.keyboard.press('Space');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('Space');
    await column(page, 'ready').locator(`[data-card-id="${id}"]`).waitFor();
    assert.deepEqual(await page.locator('.column-count').allTextContents(), ['100', '100', '99', '101', '100']);
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('data-card-id')), id, 'the moved card keeps the focus');
    await page.close();
  });

  it('looks whole at 1366 and 1920 pixels, in English and Dutch, with a column scrolled', async (t) => {
    const desktop = await bigBoard(t);
    for (const [width, height] of [
      [1366, 768],
      [1920, 1080],
    ] as const) {
      for (const locale of ['en-GB', 'nl-NL']) {
        const page = await open(browser(), desktop.host.url, { width, height }, locale);
        await column(page, 'in_service').locator('.column-cards').evaluate((l) => l.scrollTo(0, 40 * 120));
        await page.waitForFunction(() => {
          const l = document.querySelector('section[data-column="in_service"] .column-cards')!;
          const box = l.getBoundingClientRect();
          // The view is full of drawn cards, from its top to its bottom.
          return [...l.querySelectorAll('[data-card-id]')].some((c) => c.getBoundingClientRect().top <= box.top + 8) &&
            [...l.querySelectorAll('[data-card-id]')].some((c) => c.getBoundingClientRect().bottom >= box.bottom - 8);
        });
        await page.screenshot({ path: join(SHOTS, `board-500-${width}-${locale.slice(0, 2)}.png`) });
        await page.close();
      }
    }
  });
});
