import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { createDesktopCore } from '../../src/desktop/core';
import { startHeadlessHost } from '../../src/desktop/host/headless-host';
import { systemClock } from '../../src/ports/clock';
import { localDateAt, zonedToUtc } from '../../src/domain/zoned-time';
import { launchChromium } from '../support/browser';
import { DEALERSHIP, RENDERER_DIR, silentLogger } from '../support/desktop';
import { benchCache } from './fixtures';
import { median, report } from './report';

const CARDS = 300;
const RUNS = 5;
const COLUMNS = ['new', 'in_service', 'on_hold', 'ready', 'finished'];

function cacheWithTodaysCards(): string {
  const db = benchCache();
  const dataFile = db.name;
  const today = localDateAt(Date.now(), DEALERSHIP.zone);
  const contact = db.prepare('INSERT INTO contacts (id, name, phone, created_at) VALUES (?, ?, ?, 0)');
  const insert = db.prepare(`
    INSERT INTO appointments (id, source, branch, source_id, inbox_id, contact_id, local_date, local_time, zone,
      starts_at, plate, work_order, owner, column_id, position, search_text, created_at, updated_at)
    VALUES (?, 'bench', '', ?, 'i', ?, ?, ?, ?, ?, ?, ?, 'Sanne de Vries', ?, ?, '', 0, 0)`);
  db.transaction(() => {
    for (let i = 0; i < CARDS; i++) {
      const time = `${String(7 + Math.floor(i / 30)).padStart(2, '0')}:${String((i % 4) * 15).padStart(2, '0')}`;
      const startsAt = zonedToUtc(today, time, DEALERSHIP.zone);
      contact.run(`c${i}`, `Klant ${i}`, `+3161234${String(i).padStart(4, '0')}`);
      insert.run(`a${i}`, String(i), `c${i}`, today, time, DEALERSHIP.zone, startsAt, `${i}-XYZ-1`, `WO-${i}`, COLUMNS[i % 5], startsAt);
    }
  })();
  db.close();
  return dataFile;
}

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
  const dataFile = cacheWithTodaysCards();
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
