import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { startHeadlessHost } from '../../src/desktop/host/headless-host';
import { launchChromium } from '../support/browser';
import { pageErrors } from '../support/board-page';
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
    // Gone before the page is opened: its first paint never needs it, and the page reads it ahead
    // only when idle after that paint, so a script taken away after the paint may already be read.
    const schemaScript = readdirSync(join(bundle, 'assets')).filter((name) => /^board-api-.*\.js$/.test(name));
    assert.equal(schemaScript.length, 1, 'the events\' schema is a script of its own');
    rmSync(join(bundle, 'assets', schemaScript[0]!));
    const page = await browser.newPage();
    page.setDefaultTimeout(10_000);
    page.on('pageerror', (error) => pageErrors.push(error.message));
    let loads = 0;
    page.on('load', () => loads++);
    await page.goto(host.url);
    await page.locator('[data-card-id]').first().waitFor();
    assert.equal(loads, 1, 'the board is drawn without the events\' schema');

    const reloaded = page.waitForEvent('load');
    await core.dispatch('setLocale', { locale: 'en' });
    await reloaded;
    await page.locator('[data-card-id]').first().waitFor();
    await core.dispatch('setLocale', { locale: 'en' });
    await page.getByRole('alert').filter({ hasText: 'This page’s scripts changed (the app was updated): reload the page' }).waitFor();
    assert.equal(loads, 2, 'read again once, not in a loop');
    pageErrors.splice(0);
  });
});
