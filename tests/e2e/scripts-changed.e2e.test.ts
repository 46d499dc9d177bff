import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { startHeadlessHost } from '../../src/desktop/host/headless-host';
import { launchChromium } from '../support/browser';
import { openBoard, pageErrors } from '../support/board-page';
import { RENDERER_DIR, silentLogger, startCore } from '../support/desktop';

/**
 * The page reads the events' schema after its first paint. When that script is gone (the host was
 * updated and its bundle built anew while the page stayed open), a failed import stays failed for
 * the page's life: the page is read again once, and then says in words that it no longer follows
 * the board, instead of dropping every event unheard.
 */
describe('a page whose scripts changed under it', () => {
  let browser: Browser;
  before(async () => {
    browser = await launchChromium();
  });
  after(() => browser.close());

  it('reloads once, then says it must be reloaded to follow the board', async (t) => {
    const bundle = mkdtempSync(join(tmpdir(), 'renderer-'));
    t.after(() => rmSync(bundle, { recursive: true, force: true }));
    cpSync(RENDERER_DIR, bundle, { recursive: true });
    const core = startCore();
    const host = await startHeadlessHost({ core, rendererDir: bundle, logger: silentLogger });
    t.after(async () => {
      await host.close();
      core.close();
    });
    const page = await openBoard(browser, host.url);
    // The board's first paint never needs it; its later reading (of a build that is gone) fails.
    const schemaScript = readdirSync(join(bundle, 'assets')).filter((name) => /^board-api-.*\.js$/.test(name));
    assert.equal(schemaScript.length, 1, 'the events\' schema is a script of its own');
    rmSync(join(bundle, 'assets', schemaScript[0]!));
    let loads = 0;
    page.on('load', () => loads++);

    await core.dispatch('setLocale', { locale: 'en' });
    await page.waitForEvent('load');
    await page.locator('[data-card-id]').first().waitFor();
    await core.dispatch('setLocale', { locale: 'en' });
    await page.getByRole('alert').filter({ hasText: 'This page’s scripts changed (the app was updated): reload the page' }).waitFor();
    assert.equal(loads, 1, 'read again once, not in a loop');
    pageErrors.splice(0);
  });
});
