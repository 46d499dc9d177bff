import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, afterEach, before, describe, it } from 'node:test';
import type { Browser, Locator, Page } from 'playwright-core';
import { localDateAt } from '../../src/domain/zoned-time';
import { card, openBoard, pageErrors, SHOTS } from '../support/board-page';
import { eventually } from '../support/backend';
import { launchChromium } from '../support/browser';
import { startOrganisation, type Organisation } from '../support/connected';
import { DEALERSHIP, startDesktop } from '../support/desktop';
import { customerWrites } from '../support/whatsapp-inbound';

const CUSTOMER = { name: 'Eva Langeweg', phone: '+31687659876' };
const MESSAGES = 230;
const text = (n: number) => `Bericht ${String(n).padStart(3, '0')} van de klant`;

/** The list's scroll position, and where one message's bubble is on the screen, read in one go. */
const geometry = (list: Locator, messageText: string) =>
  list.evaluate((el, wanted) => {
    const bubble = [...el.querySelectorAll('.message')].find((r) => r.textContent?.includes(wanted));
    return { scrollTop: el.scrollTop, atBottom: el.scrollHeight - el.scrollTop - el.clientHeight < 2, rowTop: bubble?.getBoundingClientRect().top ?? null };
  }, messageText);

describe('a long conversation in Chromium: opened at the newest, read back to the first message', () => {
  let browser: Browser;
  let organisation: Organisation;
  let desktop: Awaited<ReturnType<typeof startDesktop>>;
  let page: Page;
  let written = 0;
  const write = async (count: number) => {
    const texts = Array.from({ length: count }, (_, i) => text(written + i + 1));
    await customerWrites(organisation.url, CUSTOMER, texts, Date.now());
    written += count;
  };

  before(async () => {
    mkdirSync(SHOTS, { recursive: true });
    browser = await launchChromium();
    organisation = await startOrganisation();
    const { id } = await organisation.appointment({ sourceId: 'E2E-LONG', date: localDateAt(Date.now(), DEALERSHIP.zone), time: '10:30', ...CUSTOMER });
    for (const batch of [100, 100, 30]) await write(batch);
    desktop = await startDesktop({ sample: false, backend: { url: organisation.url, token: organisation.org.token } });
    // The desktop has read the whole conversation from the event stream before the pane opens.
    const newest = async () => (await desktop.core.handlers.getConversation({ appointmentId: id })).messages.at(-1)?.text;
    await eventually(() => newest().then((last) => last === text(MESSAGES), () => false), 15_000);
    page = await openBoard(await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'en-GB' }), desktop.host.url);
  });
  after(async () => {
    await browser.close();
    await desktop.stop();
    await organisation.close();
  });
  afterEach(() => {
    assert.deepEqual(pageErrors.splice(0), [], 'no errors in the page');
  });

  it('scrolls up page by page to the oldest message, the message being read staying in place', async () => {
    const pane = page.getByRole('complementary', { name: 'Conversation' });
    await card(page, CUSTOMER.name).click();
    const list = pane.getByRole('list', { name: 'Messages' });
    await list.getByText(text(MESSAGES)).waitFor({ timeout: 15_000 });
    assert.equal((await geometry(list, text(MESSAGES))).atBottom, true, 'opened at the newest message');
    assert.equal(await list.getByText(text(1)).count(), 0, 'the oldest is not read yet');
    const rows = await list.locator('.message-row').count();
    assert.ok(rows < MESSAGES, `only a page is shown at first (${rows})`);

    let pages = 0;
    while ((await list.getByText(text(1)).count()) === 0) {
      const shown = await list.locator('.message-row').count();
      const first = (await list.locator('.message-row .message-text').first().textContent())!;
      // Measured in the same task as the scroll: before the pane could answer it.
      const before = await list.evaluate((el, wanted) => {
        el.scrollTop = 0;
        const bubble = [...el.querySelectorAll('.message')].find((r) => r.textContent?.includes(wanted))!;
        return bubble.getBoundingClientRect().top;
      }, first);
      await eventually(async () => (await list.locator('.message-row').count()) > shown);
      const afterwards = (await geometry(list, first)).rowTop!;
      assert.ok(Math.abs(afterwards - before) <= 1, `the message read stays where it was (${before} → ${afterwards})`);
      assert.ok(++pages <= 5, 'five pages at most');
    }
    await list.getByText('Start of the conversation').waitFor();
    assert.equal(await list.locator('.message-row').count(), MESSAGES, 'every message once');
    const texts = await list.locator('.message-text').allTextContents();
    assert.deepEqual(texts, Array.from({ length: MESSAGES }, (_, i) => text(i + 1)), 'in order');
    await page.screenshot({ path: join(SHOTS, 'conversation-start.png') });
  });

  it('a message arriving while the user reads back leaves them there; at the bottom, it is brought into view', async () => {
    const list = page.getByRole('complementary', { name: 'Conversation' }).getByRole('list', { name: 'Messages' });
    const reading = await geometry(list, text(1));
    await write(1);
    await list.getByText(text(written)).waitFor();
    const still = await geometry(list, text(1));
    assert.equal(still.rowTop, reading.rowTop, 'not pulled away from what they read');
    assert.equal(still.atBottom, false);

    await list.evaluate((el) => (el.scrollTop = el.scrollHeight));
    await write(1);
    await list.getByText(text(written)).waitFor();
    await eventually(async () => (await geometry(list, text(written))).atBottom);
    assert.equal(await list.locator('.message-row').count(), MESSAGES + 2, 'nothing lost or doubled by the reading again');
  });
});
