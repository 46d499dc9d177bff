import type { Page } from 'playwright-core';
import { openCache } from '../../src/desktop/cache/cache-database';
import { launchChromium } from '../support/browser';
import { startDesktop } from '../support/desktop';
import { cacheWithTodaysCards } from './fixtures';
import { median, p95, report } from './report';

const LONG = 10_000;
const SHORT = 50;
const SAMPLES = 20;

/** Today's board with two customers who wrote: a0's conversation holds 10,000 messages, a1's 50 (the baseline). */
function conversationsCache(): string {
  const dataFile = cacheWithTodaysCards(2);
  const db = openCache(dataFile);
  const conversation = db.prepare('INSERT INTO conversations (id, contact_id, waiting, last_inbound_at, created_at) VALUES (?, ?, 0, ?, 0)');
  const message = db.prepare(`
    INSERT INTO messages (id, conversation_id, role, type, touchpoint, is_backchannel, text, status, created_at, updated_at)
    VALUES (?, ?, ?, 'chat', 'whatsapp', ?, ?, ?, ?, ?)`);
  const start = Date.now() - 400 * 86_400_000;
  db.transaction(() => {
    for (const [i, count] of [[0, LONG], [1, SHORT]] as const) {
      const at = (m: number) => start + m * 3_600_000;
      conversation.run(`v${i}`, `c${i}`, at(count - 1));
      for (let m = 0; m < count; m++) {
        // One in fifty is an internal comment: the back channel shares the table with the customer stream.
        const comment = m % 50 === 25 ? 1 : 0;
        message.run(`m${i}-${m}`, `v${i}`, m % 2 ? 'contact' : 'agent', comment, `Bericht ${m} over de auto, met wat tekst zoals een klant die schrijft.`, m % 2 ? 'received' : 'read', at(m), at(m));
      }
    }
  })();
  db.close();
  return dataFile;
}

/**
 * In the page: clicks the card and resolves with the milliseconds until the first frame with the
 * conversation's newest message in it. Written as page source: the bundler's helpers do not
 * exist in the page.
 */
function openToPaint(page: Page, cardId: string, newestId: string): Promise<number> {
  return page.evaluate(`new Promise((resolve) => {
    const selector = '.messages [data-message-id="${newestId}"]';
    const observer = new MutationObserver(() => {
      if (!document.querySelector(selector)) return;
      observer.disconnect();
      requestAnimationFrame(() => resolve(performance.now() - clickedAt));
    });
    observer.observe(document.body, { childList: true, subtree: true });
    const clickedAt = performance.now();
    document.querySelector('[data-card-id="${cardId}"]').click();
  })`);
}

/** Opening a conversation of 10,000 messages until its newest page is painted; beside it one of 50. */
export async function benchConversation(): Promise<void> {
  const desktop = await startDesktop({ dataFile: conversationsCache(), sample: false });
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    await page.goto(desktop.host.url);
    await page.locator('[data-card-id]').nth(1).waitFor();
    const time = async (cardId: string, newestId: string) => {
      const samples: number[] = [];
      for (let i = 0; i < SAMPLES; i++) {
        samples.push(await openToPaint(page, cardId, newestId));
        await page.keyboard.press('Escape');
        await page.locator('.conversation').waitFor({ state: 'detached' });
      }
      return samples;
    };
    // Each twice: the first round warms the page's code and the cache's pages, the second is reported.
    await time('a1', `m1-${SHORT - 1}`);
    await time('a0', `m0-${LONG - 1}`);
    const short = await time('a1', `m1-${SHORT - 1}`);
    const long = await time('a0', `m0-${LONG - 1}`);
    report('conversation_10k_messages_open_ms', median(long), 'ms');
    report('conversation_10k_messages_open_p95_ms', p95(long), 'ms');
    report('conversation_50_messages_open_ms', median(short), 'ms');
  } finally {
    await browser.close();
    await desktop.stop();
  }
}
