import type { Page } from 'playwright-core';
import { WallSettingsSchema } from '../../src/api/wall';
import { COLUMNS } from '../../src/domain/columns';
import { localDateAt } from '../../src/domain/zoned-time';
import { startHeadlessHost } from '../../src/desktop/host/headless-host';
import { launchChromium } from '../support/browser';
import { call, eventually } from '../support/backend';
import { connectedCore, settled, startOrganisation } from '../support/connected';
import { DEALERSHIP, RENDERER_DIR, silentLogger, startCore } from '../support/desktop';
import { createWorkshopInbox } from '../support/inboxes';
import { cacheWithTodaysCards } from './fixtures';
import { paintedWith } from './painted';
import { median, p95, report } from './report';

const CARDS = 150;
const MOVES = 100;
const WARM_UP_MS = 120_000;

/** Wall-clock milliseconds with sub-millisecond precision, comparable between Node and the page. */
const wallClock = () => performance.timeOrigin + performance.now();

/**
 * A wall at 3840×2160 showing 150 cards: from the core's event (a card moved on this desktop's
 * core) until the first frame with the card in its new column — the event over the wall's
 * socket, the wall's read of its board, React's update and the frame.
 */
async function benchEventToPaint(): Promise<void> {
  const core = startCore({ dataFile: cacheWithTodaysCards(CARDS), sample: false });
  const host = await startHeadlessHost({ core, rendererDir: RENDERER_DIR, logger: silentLogger, wall: WallSettingsSchema.parse({}) });
  let emittedAt = 0;
  const unsubscribe = core.subscribe((event) => {
    if (event.type === 'appointments.changed') emittedAt = wallClock();
  });
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 3840, height: 2160 } });
    await page.goto(host.wallUrl!);
    await page.waitForFunction((n) => document.querySelectorAll('[data-wall-card-id]').length === n, CARDS);
    const samples: number[] = [];
    for (let i = 0; i < MOVES; i++) {
      const id = `a${(i * 7) % CARDS}`;
      const from = (await core.handlers.getAppointment({ id })).column;
      const to = COLUMNS[(COLUMNS.indexOf(from) + 1) % COLUMNS.length]!;
      const painted = paintedWith(page, `section[data-wall-column="${to}"] [data-wall-card-id="${id}"]`);
      await core.handlers.moveCard({ id, column: to, beforeId: null, afterId: null });
      samples.push((await painted) - emittedAt);
    }
    report('wall_event_to_paint_150_cards_ms', median(samples), 'ms');
    report('wall_event_to_paint_150_cards_p95_ms', p95(samples), 'ms');
  } finally {
    unsubscribe();
    await browser.close();
    await host.close();
    core.close();
  }
}

/**
 * The page's JavaScript heap after a forced collection, in bytes, taken while `inbox` shows:
 * the two inboxes hold different numbers of cards, so a measure in one against a measure in
 * the other would be a difference of inbox, not of time.
 */
async function heapAfterGc(page: Page, inbox: string): Promise<number> {
  await page.waitForFunction((name) => document.querySelector('.wall-inbox')?.textContent === name, inbox, { timeout: 30_000 });
  const cdp = await page.context().newCDPSession(page);
  try {
    await cdp.send('HeapProfiler.collectGarbage');
    await cdp.send('HeapProfiler.collectGarbage');
    return (await cdp.send('Runtime.getHeapUsage')).usedSize;
  } finally {
    await cdp.detach();
  }
}

/**
 * A workshop day on a wall compressed into a couple of minutes: 150 cards in two inboxes that
 * rotate every 5 seconds (the fastest a wall may), columns scrolling, and a day's events sent
 * through the real backend — moves, colour changes, customers' replies (each lighting a red
 * line) and the backend lost and back four times. The page's heap after a forced collection is
 * taken every two rounds; the figure is the least-squares slope through those points, per hour
 * of the run (one pair of points swings by a few hundred KB with what is in flight; the slope
 * does not). The run is denser than a real hour by its compression, so a real wall grows less.
 */
async function benchHeapGrowth(): Promise<void> {
  const organisation = await startOrganisation();
  const token = organisation.org.token;
  const today = localDateAt(Date.now(), DEALERSHIP.zone);
  const second = await createWorkshopInbox(organisation, 'Schadeherstel');
  const ids: string[] = [];
  const phones: string[] = [];
  for (let i = 0; i < CARDS; i++) {
    const phone = `+316400${String(i).padStart(5, '0')}`;
    const created = await call(organisation.url, token, 'POST', '/v2/appointments', {
      inbox: i % 3 === 0 ? second.id : organisation.inbox,
      source: 'planit',
      sourceId: `DAY-${i}`,
      date: today,
      time: `${String(7 + (i % 10)).padStart(2, '0')}:${String((i % 4) * 15).padStart(2, '0')}`,
      plate: `DY-${String(i).padStart(3, '0')}-K`,
      contact: { profile: { name: `Klant ${i} de Graaf`, telephone: phone } },
    });
    ids.push(created.body.id);
    phones.push(phone);
  }
  const device = await call(organisation.url, token, 'POST', '/v2/devices', { name: 'Werkplaatsscherm', role: 'wall' });
  const wallCore = startCore({ sample: false, backend: { url: organisation.url, token: device.body.token } });
  await eventually(async () => (await wallCore.handlers.getWall(WallSettingsSchema.parse({}))).cards.length === CARDS, 30_000);
  const host = await startHeadlessHost({ core: wallCore, rendererDir: RENDERER_DIR, logger: silentLogger, wall: WallSettingsSchema.parse({ rotateSeconds: 5 }) });
  const advisor = connectedCore(organisation);
  await settled(advisor.core, 30_000);
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    await page.goto(host.wallUrl!);
    await page.locator('[data-wall-card-id]').first().waitFor({ timeout: 30_000 });
    // Each round: 15 moves, 5 colour changes, 3 replies; every fifth round the backend is lost and comes back.
    let round = 0;
    const day = async (rounds: number) => {
      for (const end = round + rounds; round < end; round++) {
        for (let i = 0; i < 15; i++) {
          const id = ids[(round * 15 + i) % CARDS]!;
          const from = (await advisor.core.handlers.getAppointment({ id })).column;
          await advisor.core.handlers.moveCard({ id, column: COLUMNS[(COLUMNS.indexOf(from) + 1) % 4]!, beforeId: null, afterId: null });
          if (i % 3 === 0) await advisor.core.handlers.setColour({ id, colour: (['red', 'green', 'blue', 'none'] as const)[round % 4]! });
          if (i % 5 === 0) await organisation.reply(`Antwoord ${round}-${i}`, phones[(round * 15 + i) % CARDS]);
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
        if (round % 5 === 4) {
          await organisation.stop();
          await page.locator('[data-offline]').waitFor({ timeout: 30_000 });
          await organisation.restart();
          await page.locator('[data-offline]').waitFor({ state: 'detached', timeout: 30_000 });
        }
      }
    };
    // Two minutes of rounds first: the page's compiled code grows while V8 tiers the wall's
    // functions up (a heap snapshot's difference is InstructionStream and FeedbackVector, not
    // objects); measured here, it levels off after about a minute and a half.
    const warmUntil = Date.now() + WARM_UP_MS;
    while (Date.now() < warmUntil) await day(1);
    const measuredInbox = (await page.locator('.wall-inbox').textContent())!;
    const startedAt = Date.now();
    const samples: Array<[hours: number, mb: number]> = [];
    const sample = async () => samples.push([(Date.now() - startedAt) / 3_600_000, (await heapAfterGc(page, measuredInbox)) / 1024 / 1024]);
    await sample();
    // 20 rounds: 300 moves, 100 colour changes, 60 replies, 4 losses of the backend.
    for (let i = 0; i < 10; i++) {
      await day(2);
      await sample();
    }
    report('wall_heap_growth_mb_per_h', slope(samples), 'MB/h');
    report('wall_heap_mb', samples.at(-1)![1], 'MB');
  } finally {
    await browser.close();
    await host.close();
    wallCore.close();
    advisor.core.close();
    await organisation.close();
  }
}

/** The least-squares slope of y over x. */
function slope(points: Array<[number, number]>): number {
  const n = points.length;
  const mx = points.reduce((s, [x]) => s + x, 0) / n;
  const my = points.reduce((s, [, y]) => s + y, 0) / n;
  const sxy = points.reduce((s, [x, y]) => s + (x - mx) * (y - my), 0);
  const sxx = points.reduce((s, [x]) => s + (x - mx) ** 2, 0);
  return sxy / sxx;
}

export async function benchWall(): Promise<void> {
  await benchEventToPaint();
  await benchHeapGrowth();
}
