import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { createDesktopCore } from '../../src/desktop/core';
import { startHeadlessHost } from '../../src/desktop/host/headless-host';
import { systemClock } from '../../src/ports/clock';
import { launchChromium } from '../support/browser';
import { DEALERSHIP, RENDERER_DIR, silentLogger } from '../support/desktop';
import { cacheWithTodaysCards } from './fixtures';
import { median, report } from './report';

const CARDS = 300;
const RUNS = 5;
const COLUMN_IDS = ['new', 'in_service', 'on_hold', 'ready', 'finished'];

/**
 * In the page: the board is painted — its column counts sum to 300, and each column has drawn
 * the cards that fill its view (all of them when they fit). A column draws only the cards in
 * its view (renderer/board/BoardColumn.tsx), so "300 cards in the page" is no longer what a
 * person sees first. Answers the number of cards drawn in each column, or false.
 */
function boardPainted(cards: number): number[] | false {
  const lists = [...document.querySelectorAll('section[data-column]')];
  const counts = lists.map((section) => Number(section.querySelector('.column-count')?.textContent));
  if (lists.length === 0 || counts.reduce((a, b) => a + b, 0) !== cards) return false;
  const drawn: number[] = [];
  for (let i = 0; i < lists.length; i++) {
    const list = lists[i]!.querySelector('.column-cards')!;
    const shown = list.querySelectorAll('[data-card-id]');
    drawn.push(shown.length);
    if (shown.length === counts[i]) continue;
    const last = shown[shown.length - 1];
    if (!last || last.getBoundingClientRect().bottom < list.getBoundingClientRect().bottom) return false;
  }
  return drawn;
}

/** Browser start, page load and the painted board, measured from before anything started; and the cards drawn per column. */
async function timeToBoard(url: () => Promise<string>): Promise<{ ms: number; drawn: number[] }> {
  const t0 = performance.now();
  const target = await url();
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1500, height: 900 } });
    await page.goto(target);
    const painted = await page.waitForFunction(boardPainted, CARDS, { polling: 'raf' });
    const ms = performance.now() - t0;
    return { ms, drawn: (await painted.jsonValue()) as number[] };
  } finally {
    await browser.close();
  }
}

/**
 * The floor: the same browser showing a bare server's static page with the same five counts
 * and as many plain cards in each column as the app drew there, judged by the same test.
 */
function floorPage(drawn: number[]): string {
  const share = CARDS / COLUMN_IDS.length;
  const columns = COLUMN_IDS.map(
    (id, c) =>
      `<section data-column="${id}"><h2>${id}</h2><span class="column-count">${share}</span><div class="column-cards">${Array.from(
        { length: drawn[c] ?? 0 },
        (_, i) => `<div data-card-id="${id}-${i}">Card ${i}</div>`,
      ).join('')}</div></section>`,
  );
  return `<!doctype html><html><body style="display:grid;grid-template-columns:repeat(5,1fr)">${columns.join('')}</body></html>`;
}

/** The app's cold start beside the floor. */
export async function benchColdStart(): Promise<void> {
  const dataFile = cacheWithTodaysCards(CARDS);
  const app: number[] = [];
  const floor: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    let stop: () => Promise<void> = async () => {};
    const shown = await timeToBoard(async () => {
      const core = createDesktopCore({
        dataFile,
        userId: 'bench',
        dealership: DEALERSHIP,
        clock: systemClock,
        logger: silentLogger,
      });
      const host = await startHeadlessHost({ core, rendererDir: RENDERER_DIR, logger: silentLogger });
      stop = async () => {
        await host.close();
        core.close();
      };
      return host.url;
    });
    app.push(shown.ms);
    await stop();

    const page = floorPage(shown.drawn);
    const server = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end(page));
    floor.push(
      (
        await timeToBoard(async () => {
          await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
          return `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
        })
      ).ms,
    );
    server.close();
  }
  report('cold_start_300_cards_ms', median(app), 'ms');
  report('cold_start_floor_ms', median(floor), 'ms');
  report('cold_start_over_floor', median(app) / median(floor), 'x');
}
