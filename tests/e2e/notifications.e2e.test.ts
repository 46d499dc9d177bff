import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it, type TestContext } from 'node:test';
import type { BrowserContext, Page } from 'playwright-core';
import { localDateAt } from '../../src/domain/zoned-time';
import { eventually } from '../support/backend';
import { card, chromiumForSuite, openBoard, pageErrors, SHOTS, VIEWPORT } from '../support/board-page';
import { startOrganisation, type Organisation } from '../support/connected';
import { DEALERSHIP, startDesktop } from '../support/desktop';

const today = () => localDateAt(Date.now(), DEALERSHIP.zone);

interface Counted {
  /** Every notification this page raised: its title, body and tag. */
  raised: Array<{ title: string; body: string; tag: string }>;
  /** The Notification objects themselves, to click. */
  objects: Notification[];
  /** How often this page asked for the permission. */
  asked: number;
}

/** Counts what each page of the context raises and asks: window.Notification wrapped before the board's code runs. */
async function countingNotifications(context: BrowserContext): Promise<void> {
  await context.addInitScript(() => {
    const Real = window.Notification;
    const counted: Counted = { raised: [], objects: [], asked: 0 };
    (window as unknown as { counted: Counted }).counted = counted;
    // Assigned where it is made: a named class would need the bundler's __name helper, which the page does not have.
    window.Notification = class extends Real {
      constructor(title: string, options?: NotificationOptions) {
        super(title, options);
        counted.raised.push({ title, body: options?.body ?? '', tag: options?.tag ?? '' });
        counted.objects.push(this);
      }
    } as typeof Notification;
    window.Notification.requestPermission = async () => {
      counted.asked += 1;
      // Headless Chromium shows no prompt and answers "default": a test that plays the person clicking
      // Allow in the browser's prompt grants the permission first (answerPrompt, exposed by the test).
      const person = (window as unknown as { answerPrompt?: () => Promise<void> }).answerPrompt;
      if (person) await person();
      return Real.requestPermission();
    };
  });
}

const counted = (page: Page) => page.evaluate(() => (window as unknown as { counted: Counted }).counted.raised);
const asked = (page: Page) => page.evaluate(() => (window as unknown as { counted: Counted }).counted.asked);
const waitingOn = (page: Page, name: string) => card(page, name).and(page.locator('.is-waiting')).waitFor();
const prompt = (page: Page) => page.getByRole('button', { name: 'Turn on notifications' });
/** The organisation's name is shown whole beside the prompt, not cut off with an ellipsis. */
const nameWhole = (page: Page) => page.locator('.brand-name').evaluate((name) => name.scrollWidth <= name.clientWidth);

describe('notifications of customers’ replies in the browser', () => {
  const chromium = chromiumForSuite();
  let organisation: Organisation;
  before(async () => {
    organisation = await startOrganisation();
  });
  after(() => organisation.close());

  async function desktop(t: TestContext) {
    const started = await startDesktop({ sample: false, backend: { url: organisation.url, token: organisation.org.token } });
    t.after(() => started.stop());
    return started;
  }

  it('one notification per reply however many tabs are open; the next tab takes over; a click opens the conversation', async (t) => {
    const phone = '+31611110001';
    await organisation.appointment({ sourceId: 'N-1', date: today(), time: '09:00', name: 'Eva de Vries', phone });
    await organisation.appointment({ sourceId: 'N-2', date: today(), time: '10:00', name: 'Bram Kok', phone: '+31611110002' });
    const { host } = await desktop(t);
    const context = await chromium().newContext({ viewport: VIEWPORT, locale: 'en-GB' });
    t.after(() => context.close());
    await context.grantPermissions(['notifications'], { origin: host.url });
    await countingNotifications(context);
    const first = await openBoard(context, host.url);
    const second = await openBoard(context, host.url);
    // With the permission granted there is nothing to ask.
    assert.equal(await prompt(first).count(), 0);

    await organisation.reply('Is mijn auto al klaar?', phone);
    // Both tabs heard the reply (the red line follows its event), and one of them raised it.
    await waitingOn(first, 'Eva de Vries');
    await waitingOn(second, 'Eva de Vries');
    const afterFirst = [...(await counted(first)), ...(await counted(second))];
    assert.equal(afterFirst.length, 1, `one notification for one reply across two tabs, not ${afterFirst.length}`);
    assert.equal(afterFirst[0]!.title, 'Eva de Vries replied');
    assert.equal(afterFirst[0]!.body, 'Is mijn auto al klaar?');
    assert.notEqual(afterFirst[0]!.tag, '', 'tagged with the message, so that a repeat replaces it');
    assert.equal((await counted(first)).length, 1, 'the tab opened first holds the notifier’s lock');

    // The notifier closes: the tab left takes the lock over, and raises the next reply.
    await first.close();
    await eventually(async () => {
      const locks = await second.evaluate(() => navigator.locks.query());
      return locks.held?.length === 1 && locks.pending?.length === 0;
    });
    await second.getByRole('button', { name: /Waiting/ }).waitFor();
    await card(second, 'Eva de Vries').click();
    await second.getByRole('complementary', { name: 'Conversation' }).waitFor();
    await second.keyboard.press('Escape');
    await second.getByRole('complementary', { name: 'Conversation' }).waitFor({ state: 'detached' });
    await card(second, 'Eva de Vries').and(second.locator('.is-waiting')).waitFor({ state: 'detached' });
    await organisation.reply('Ik kom hem om vijf uur halen', phone);
    await waitingOn(second, 'Eva de Vries');
    const raised = await counted(second);
    assert.deepEqual(
      raised.map((n) => n.body),
      ['Ik kom hem om vijf uur halen'],
    );
    assert.notEqual(raised[0]!.tag, afterFirst[0]!.tag, 'each message its own tag');

    // A click on it opens that customer's conversation.
    await second.evaluate(() => (window as unknown as { counted: Counted }).counted.objects.at(-1)!.dispatchEvent(new Event('click')));
    const pane = second.getByRole('complementary', { name: 'Conversation' });
    await pane.getByText('Ik kom hem om vijf uur halen').waitFor();
    await pane.getByText('Eva de Vries').first().waitFor();
    assert.equal(await asked(second), 0, 'nothing asked for the permission by itself');
  });

  it('"Turn on notifications" shows while the browser has not been asked, asks only on a click, and is gone after', async (t) => {
    const phone = '+31611110003';
    await organisation.appointment({ sourceId: 'N-3', date: today(), time: '11:00', name: 'Lotte Meijer', phone });
    const { host } = await desktop(t);
    for (const { width, height } of [
      { width: 1366, height: 768 },
      { width: 1920, height: 1080 },
    ]) {
      const context = await chromium().newContext({ viewport: { width, height }, locale: 'en-GB' });
      t.after(() => context.close());
      await countingNotifications(context);
      const page = await openBoard(context, host.url);
      await prompt(page).waitFor();
      await page.screenshot({ path: join(SHOTS, `notification-prompt-${width}.png`) });
      assert.equal(await nameWhole(page), true, `the organisation's name is cut at ${width}`);
      // A reply before anyone clicked: not a request for the permission, and no notification.
      await organisation.reply(`Bericht bij ${width}`, phone);
      await waitingOn(page, 'Lotte Meijer');
      assert.equal(await asked(page), 0);
      assert.deepEqual(await counted(page), []);
    }
    // A fresh profile, in Dutch: the click asks, the person allows, the prompt is gone and the next reply is raised.
    const context = await chromium().newContext({ viewport: { width: 1366, height: 768 }, locale: 'nl-NL' });
    t.after(() => context.close());
    await context.exposeBinding('answerPrompt', () => context.grantPermissions(['notifications'], { origin: host.url }));
    await countingNotifications(context);
    const page = await openBoard(context, host.url);
    const turnOn = page.getByRole('button', { name: 'Meldingen aanzetten' });
    assert.equal(await asked(page), 0);
    assert.equal(await nameWhole(page), true, 'the organisation’s name is cut in Dutch at 1366');
    await page.screenshot({ path: join(SHOTS, 'notification-prompt-1366-nl.png') });
    await turnOn.click();
    await turnOn.waitFor({ state: 'detached' });
    assert.equal(await asked(page), 1);
    assert.equal(await page.evaluate(() => Notification.permission), 'granted');
    await organisation.reply('Nu wel een melding?', phone);
    await eventually(async () => (await counted(page)).some((n) => n.title === 'Lotte Meijer reageerde' && n.body === 'Nu wel een melding?'));
  });

  it('"Not now" hides the prompt, and it stays hidden after a reload', async (t) => {
    await organisation.appointment({ sourceId: 'N-4', date: today(), time: '12:00', name: 'Sanne Bos', phone: '+31611110004' });
    const { host } = await desktop(t);
    const context = await chromium().newContext({ viewport: VIEWPORT, locale: 'en-GB' });
    t.after(() => context.close());
    await countingNotifications(context);
    const page = await openBoard(context, host.url);
    await prompt(page).waitFor();
    await page.getByRole('button', { name: 'Not now' }).click();
    await prompt(page).waitFor({ state: 'detached' });
    await page.reload();
    await page.locator('[data-card-id]').first().waitFor();
    assert.equal(await prompt(page).count(), 0);
    assert.equal(await asked(page), 0);
    assert.deepEqual(pageErrors, []);
  });
});
