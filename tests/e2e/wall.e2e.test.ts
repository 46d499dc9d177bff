import assert from 'node:assert/strict';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { BrowserContext, Page } from 'playwright-core';
import { WallSettingsSchema, type WallSettings } from '../../src/api/wall';
import { localDateAt } from '../../src/domain/zoned-time';
import { startHeadlessHost, type RunningHost } from '../../src/desktop/host/headless-host';
import { keptWallToken } from '../../src/desktop/host/wall-token';
import type { DesktopCore } from '../../src/desktop/core';
import { call, eventually } from '../support/backend';
import { chromiumForSuite, pageErrors, SHOTS } from '../support/board-page';
import { connectedCore, CUSTOMER_PHONE, settled, startOrganisation, type Organisation } from '../support/connected';
import { DEALERSHIP, RENDERER_DIR, silentLogger, startCore, tempDataFile } from '../support/desktop';
import { createWorkshopInbox } from '../support/inboxes';

/** The first inbox's New column holds more cards than a screen: it has to scroll by itself. */
const MANY = 20;
const REPLY = 'Mijn pincode is 4711, bel me na vijven';
const SIZES = [
  { name: '1080p', width: 1920, height: 1080, locale: 'en-GB', offline: 'Offline since' },
  { name: '4k', width: 3840, height: 2160, locale: 'nl-NL', offline: 'Offline sinds' },
] as const;

const pad = (n: number) => String(n).padStart(2, '0');

describe('the wall screen, joined to the backend with a wall device’s token', () => {
  const chromium = chromiumForSuite();
  let organisation: Organisation;
  let wallCore: DesktopCore;
  let host: RunningHost;
  let hostClosed = false;
  const wallDataFile = tempDataFile();
  let wallDevice: { url: string; token: string };
  let wallSettings: WallSettings;
  let advisor: ReturnType<typeof connectedCore>;
  const ids: string[] = [];
  let replyId: string;
  let otherInbox: { id: string; name: string };
  let firstInbox: { id: string; name: string };
  const pages: Array<{ size: (typeof SIZES)[number]; context: BrowserContext; page: Page }> = [];

  before(async () => {
    organisation = await startOrganisation();
    const today = localDateAt(Date.now(), DEALERSHIP.zone);
    const token = organisation.org.token;
    otherInbox = await createWorkshopInbox(organisation, 'Schadeherstel');
    const inboxes = (await call(organisation.url, token, 'GET', '/v2/organization')).body.inboxes as Array<{ id: string; name: string }>;
    firstInbox = inboxes.find((i) => i.id === organisation.inbox)!;
    wallSettings = WallSettingsSchema.parse({ inboxIds: [firstInbox.id, otherInbox.id], rotateSeconds: 20 });
    for (let i = 0; i < MANY; i++) {
      const phone = i === 3 ? CUSTOMER_PHONE : `+316300000${pad(i)}`;
      const appointment = await organisation.appointment({ sourceId: `WALL-${i}`, date: today, time: `${pad(7 + (i >> 1))}:${i % 2 ? '30' : '00'}`, name: `Klant${i} van Dijk`, phone, plate: `WL-${pad(i)}-X` });
      ids.push(appointment.id);
      if (i === 3) replyId = appointment.id;
    }
    const damage = await call(organisation.url, token, 'POST', '/v2/appointments', {
      inbox: otherInbox.id,
      source: 'planit',
      sourceId: 'SCHADE-1',
      date: today,
      time: '10:00',
      plate: 'SH-01-AB',
      contact: { profile: { name: 'Bea Schade', telephone: '+31630009999' } },
    });
    assert.equal(damage.status, 200, JSON.stringify(damage.body));

    const device = await call(organisation.url, token, 'POST', '/v2/devices', { name: 'Werkplaatsscherm', role: 'wall' });
    assert.equal(device.status, 201, JSON.stringify(device.body));
    wallDevice = { url: organisation.url, token: device.body.token };
    wallCore = startCore({ sample: false, dataFile: wallDataFile, backend: wallDevice });
    await eventually(async () => (await wallCore.handlers.getWall(WallSettingsSchema.parse({}))).cards.length === MANY + 1, 15_000);
    host = await startHeadlessHost({
      core: wallCore,
      rendererDir: RENDERER_DIR,
      logger: silentLogger,
      wall: wallSettings,
      wallToken: keptWallToken(dirname(wallDataFile)),
      // 127.0.0.2 stands for this computer's address on the workshop's network.
      wallListen: { host: '127.0.0.2', port: 0 },
    });
    advisor = connectedCore(organisation);
    await settled(advisor.core);
  });
  after(async () => {
    for (const { context } of pages) await context.close();
    if (!hostClosed) await host?.close();
    wallCore?.close();
    advisor?.core.close();
    await organisation.close();
  });

  it('opens at 1920×1080 and 3840×2160 with names as initials, the inbox’s name, and the day’s columns with counts', async () => {
    for (const size of SIZES) {
      const context = await chromium().newContext({ viewport: { width: size.width, height: size.height }, locale: size.locale });
      const page = await context.newPage();
      page.setDefaultTimeout(15_000);
      page.on('pageerror', (error) => pageErrors.push(error.message));
      // The page's time stands still but where the test moves it: rotation and scrolling on demand.
      await page.clock.install();
      await page.goto(host.wallUrl!);
      await page.locator('[data-wall-card-id]').first().waitFor();
      await page.clock.pauseAt(Date.now() + 1000);
      pages.push({ size, context, page });

      assert.equal(await page.locator('.wall-inbox').textContent(), firstInbox.name);
      assert.equal(await page.locator('section[data-wall-column=new] .wall-count').textContent(), String(MANY));
      assert.equal(await page.locator(`[data-wall-card-id="${ids[0]}"] .wall-name`).textContent(), 'K.v.D.');
      const html = await page.content();
      assert.equal(html.includes('van Dijk'), false, 'no full name reaches the page');
      assert.equal(html.includes('+3163'), false, 'no phone number reaches the page');
      assert.equal(await page.locator(`[data-wall-card-id="${ids[0]}"] .wall-plate`).textContent(), 'WL-00-X');
      // Large type: the time on a card is the same share of the screen on both.
      const timeHeight = (await page.locator(`[data-wall-card-id="${ids[0]}"] .wall-time`).boundingBox())!.height;
      assert.ok(timeHeight / size.height > 0.025, `card times are ${timeHeight}px high on a ${size.height}px screen`);
    }
  });

  it('keeps its token in the address, so a kiosk browser that opens the address again (or reloads) shows the wall', async () => {
    const page = await chromium().newPage();
    try {
      await page.goto(host.wallUrl!);
      await page.locator('[data-wall-card-id]').first().waitFor();
      assert.equal(new URL(page.url()).searchParams.get('token'), new URL(host.wallUrl!).searchParams.get('token'));
      await page.reload();
      await page.locator('[data-wall-card-id]').first().waitFor();
    } finally {
      await page.close();
    }
  });

  it('scrolls a column that overflows by itself, after a rest at the top', async () => {
    for (const { size, page } of pages) {
      const list = page.locator('section[data-wall-column=new] .wall-cards');
      const overflow = await list.evaluate((el) => el.scrollHeight - el.clientHeight);
      assert.ok(overflow > 0, `the New column overflows at ${size.name}`);
      await page.clock.runFor(2000);
      assert.equal(await list.evaluate((el) => el.scrollTop), 0, 'it rests at the top first');
      await page.clock.runFor(4000);
      const first = await list.evaluate((el) => el.scrollTop);
      assert.ok(first > 0, `scrollTop advanced at ${size.name}`);
      await page.clock.runFor(3000);
      assert.ok((await list.evaluate((el) => el.scrollTop)) > first, 'and keeps going');
      // A column that fits stays still.
      assert.equal(await page.locator('section[data-wall-column=ready] .wall-cards').evaluate((el) => el.scrollTop), 0);
      await page.screenshot({ path: join(SHOTS, `wall-${size.name}.png`) });
    }
  });

  it('rotates the inboxes every 20 seconds, naming each', async () => {
    for (const { page } of pages) {
      await page.clock.runFor(12_000);
      assert.equal(await page.locator('.wall-inbox').textContent(), otherInbox.name);
      assert.equal(await page.locator('[data-wall-card-id]').count(), 1);
      assert.equal(await page.locator('[data-wall-card-id] .wall-name').textContent(), 'B.S.');
      await page.clock.runFor(20_000);
      assert.equal(await page.locator('.wall-inbox').textContent(), firstInbox.name);
    }
  });

  it('shows a customer’s reply as the red line, and nowhere the words of it', async () => {
    await organisation.reply(REPLY);
    await eventually(() => advisor.events.some((e) => e.type === 'message.received' && e.text === REPLY), 15_000);
    for (const { page } of pages) {
      await page.locator(`[data-wall-card-id="${replyId}"][data-waiting]`).waitFor();
      const html = await page.content();
      assert.equal(html.includes('pincode'), false, 'the reply’s text is nowhere in the page');
      assert.equal(await page.evaluate((text) => document.body.innerText.includes(text), REPLY), false);
    }
  });

  it('shows a card moved on another desktop', async () => {
    await advisor.core.handlers.moveCard({ id: ids[5]!, column: 'ready', beforeId: null, afterId: null });
    for (const { page } of pages) {
      await page.locator(`section[data-wall-column=ready] [data-wall-card-id="${ids[5]}"]`).waitFor();
      assert.equal(await page.locator('section[data-wall-column=new] .wall-count').textContent(), String(MANY - 1));
    }
  });

  it('shows the same wall to a television’s browser at the network address, and follows a move', async () => {
    const page = await chromium().newPage({ viewport: { width: 1920, height: 1080 } });
    try {
      page.on('pageerror', (error) => pageErrors.push(error.message));
      await page.goto(host.lanWallUrls[0]!);
      assert.equal(new URL(page.url()).hostname, '127.0.0.2');
      await page.locator('[data-wall-card-id]').first().waitFor();
      assert.equal(await page.locator(`[data-wall-card-id="${ids[0]}"] .wall-name`).textContent(), 'K.v.D.');
      await advisor.core.handlers.moveCard({ id: ids[8]!, column: 'on_hold', beforeId: null, afterId: null });
      await page.locator(`section[data-wall-column=on_hold] [data-wall-card-id="${ids[8]}"]`).waitFor();
      assert.equal(await page.locator('[data-offline], [data-refused]').count(), 0);
    } finally {
      await page.close();
    }
  });

  it('marks itself offline when the backend stops, keeps the last board, and recovers when it returns', async () => {
    await organisation.stop();
    for (const { size, page } of pages) {
      const mark = page.locator('[data-offline]');
      await mark.waitFor();
      assert.match((await mark.textContent())!, new RegExp(`^${size.offline} \\d\\d:\\d\\d`));
      assert.equal(await page.locator('[data-wall-card-id]').count(), MANY, 'the last known board stays');
      await page.screenshot({ path: join(SHOTS, `wall-${size.name}-offline.png`) });
    }
    await organisation.restart();
    for (const { page } of pages) await page.locator('[data-offline]').waitFor({ state: 'detached', timeout: 30_000 });
    await advisor.core.handlers.moveCard({ id: ids[6]!, column: 'in_service', beforeId: null, afterId: null });
    for (const { page } of pages) await page.locator(`section[data-wall-column=in_service] [data-wall-card-id="${ids[6]}"]`).waitFor({ timeout: 30_000 });
  });

  it('marks itself offline when its own link to the computer’s host is lost, and keeps the board', async () => {
    hostClosed = true;
    await host.close();
    for (const { size, page } of pages) {
      const mark = page.locator('[data-offline]');
      await mark.waitFor();
      assert.match((await mark.textContent())!, new RegExp(`^${size.offline} \\d\\d:\\d\\d`));
      assert.equal(await page.locator('[data-wall-card-id]').count(), MANY);
    }
  });

  it('comes back by itself when the host restarts on the same data folder, at the address it was set up with', async () => {
    const port = host.port;
    wallCore.close();
    wallCore = startCore({ sample: false, dataFile: wallDataFile, backend: wallDevice });
    host = await startHeadlessHost({ core: wallCore, rendererDir: RENDERER_DIR, logger: silentLogger, wall: wallSettings, wallToken: keptWallToken(dirname(wallDataFile)), port });
    hostClosed = false;
    for (const { page } of pages) {
      // The page knocks again after a growing wait: its clock is the test's to move.
      await eventually(async () => {
        await page.clock.runFor(5000);
        return (await page.locator('[data-offline]').count()) === 0;
      }, 30_000);
      assert.equal(await page.locator('[data-refused]').count(), 0);
    }
    await advisor.core.handlers.moveCard({ id: ids[7]!, column: 'ready', beforeId: null, afterId: null });
    for (const { page } of pages) await page.locator(`section[data-wall-column=ready] [data-wall-card-id="${ids[7]}"]`).waitFor({ timeout: 30_000 });
  });

  it('says in words that an address is no longer valid, instead of waiting for it', async () => {
    for (const { size, context } of pages) {
      const page = await context.newPage();
      const wrong = new URL(host.wallUrl!);
      wrong.searchParams.set('token', 'x'.repeat(32));
      await page.goto(wrong.toString());
      const refused = page.locator('[data-refused] strong');
      await refused.waitFor();
      assert.equal(
        await refused.textContent(),
        size.locale === 'nl-NL' ? 'Dit adres is niet meer geldig: open het wandschermadres dat de host toonde' : 'This address is no longer valid: open the wall address the host printed',
      );
      await assertNoBoard(page);
      await page.close();
    }
  });

  it('says on the whole screen that an address without its token needs it, and shows no columns that would read as an empty day', async () => {
    for (const { size, context } of pages) {
      for (const search of ['?token=', '']) {
        const page = await context.newPage();
        const bare = new URL(host.wallUrl!);
        bare.search = search;
        await page.goto(bare.toString());
        const missing = page.locator('[data-wall-message=missing] strong');
        await missing.waitFor();
        assert.equal(
          await missing.textContent(),
          size.locale === 'nl-NL'
            ? 'Deze pagina heeft het adres van het wandscherm met zijn token nodig, zoals de host het toonde'
            : 'This page needs the wall’s address with its token, as the host printed it',
        );
        await assertNoBoard(page);
        await page.close();
      }
    }
  });
});

/** A page without a board shows one message: no columns counting 0, no "Connecting…" title. */
async function assertNoBoard(page: Page): Promise<void> {
  assert.equal(await page.locator('[data-wall-column]').count(), 0);
  assert.equal(await page.locator('.wall-inbox').count(), 0);
  const text = (await page.locator('body').textContent()) ?? '';
  assert.doesNotMatch(text, /Connecting|Verbinden/);
  const box = (await page.locator('[data-wall-message]').boundingBox())!;
  assert.equal(box.height, page.viewportSize()!.height, 'the message is the whole screen');
}

describe('the wall with full names, at 1920×1080 and 3840×2160 in English and Dutch', () => {
  const chromium = chromiumForSuite();
  let core: DesktopCore;
  const hosts: RunningHost[] = [];
  const LONG = 'Maximiliaan van den Heuvel-Oosterhout';

  before(async () => {
    // The sample board: advisors, work orders and held-over cards, plus a name longer than a column.
    core = startCore();
    await core.handlers.createManualAppointment({ date: localDateAt(Date.now(), DEALERSHIP.zone), customerName: LONG });
  });
  after(async () => {
    for (const running of hosts) await running.close();
    core?.close();
  });

  it('keeps every card to its two lines: the advisor’s badge beside the plate, a long name cut with an ellipsis, headers and held-over marks on one line', async () => {
    for (const locale of ['en', 'nl'] as const) {
      const running = await startHeadlessHost({ core, rendererDir: RENDERER_DIR, logger: silentLogger, wall: WallSettingsSchema.parse({ names: 'full', locale }) });
      hosts.push(running);
      for (const size of SIZES) {
        const context = await chromium().newContext({ viewport: { width: size.width, height: size.height } });
        const page = await context.newPage();
        page.on('pageerror', (error) => pageErrors.push(error.message));
        await page.goto(running.wallUrl!);
        await page.locator('.wall-advisor').first().waitFor();
        await page.locator('.wall-held').first().waitFor();
        const where = `${locale} at ${size.width}×${size.height}`;
        const problems = await page.evaluate(() => {
          const found: string[] = [];
          // No helper functions in here: the test's compiler would name them with a function the page does not have.
          for (const card of document.querySelectorAll('.wall-card')) {
            const first = card.querySelector('.wall-card-line')!;
            const time = first.querySelector('.wall-time')!.getBoundingClientRect();
            for (const el of first.children) {
              const box = el.getBoundingClientRect();
              if (box.top >= time.bottom) found.push(`${el.textContent} is below the time`);
              if (box.right > card.getBoundingClientRect().right) found.push(`${el.textContent} sticks out of its card`);
            }
            for (const el of card.querySelectorAll('.wall-name, .wall-order, .wall-held')) {
              if (el.getBoundingClientRect().height >= parseFloat(getComputedStyle(el).fontSize) * 1.8) found.push(`${el.textContent} takes more than a line`);
              if (el.getBoundingClientRect().right > card.getBoundingClientRect().right) found.push(`${el.textContent} sticks out of its card`);
            }
          }
          for (const header of document.querySelectorAll('.wall-column h2 > span:first-child')) {
            if (header.getBoundingClientRect().height >= parseFloat(getComputedStyle(header).fontSize) * 1.8 || header.scrollWidth > header.clientWidth) found.push(`the header ${header.textContent} does not fit one line`);
          }
          return found;
        });
        assert.deepEqual(problems, [], where);
        const long = page.locator('.wall-name', { hasText: 'Maximiliaan' });
        assert.ok(await long.evaluate((el) => el.scrollWidth > el.clientWidth && getComputedStyle(el).textOverflow === 'ellipsis'), `${where}: the long name ends in an ellipsis`);
        await context.close();
      }
    }
  });
});
