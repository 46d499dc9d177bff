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

/** Browser start, page load and 300 painted cards, measured from before anything started. */
async function timeToCards(url: () => Promise<string>, selector: string): Promise<number> {
  const t0 = performance.now();
  const target = await url();
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1500, height: 900 } });
    await page.goto(target);
    await page.waitForFunction(
      ([sel, n]) => document.querySelectorAll(sel as string).length === n,
      [selector, CARDS] as const,
      { polling: 'raf' },
    );
    return performance.now() - t0;
  } finally {
    await browser.close();
  }
}

/** The app's cold start beside the floor: the same browser showing 300 plain cards from a bare server. */
export async function benchColdStart(): Promise<void> {
  const dataFile = cacheWithTodaysCards(CARDS);
  const page = `<!doctype html><html><body>${Array.from({ length: CARDS }, (_, i) => `<div class="card">Card ${i}</div>`).join('')}</body></html>`;
  const app: number[] = [];
  const floor: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    let stop: () => Promise<void> = async () => {};
    app.push(
      await timeToCards(async () => {
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
      }, '[data-card-id]'),
    );
    await stop();

    const server = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end(page));
    floor.push(
      await timeToCards(async () => {
        await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
        return `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
      }, '.card'),
    );
    server.close();
  }
  report('cold_start_300_cards_ms', median(app), 'ms');
  report('cold_start_floor_ms', median(floor), 'ms');
  report('cold_start_over_floor', median(app) / median(floor), 'x');
}
