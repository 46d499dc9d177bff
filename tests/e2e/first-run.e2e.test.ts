import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it, type TestContext } from 'node:test';
import type { Page } from 'playwright-core';
import { localDateAt } from '../../src/domain/zoned-time';
import { startHeadlessHost } from '../../src/desktop/host/headless-host';
import { startWorkstation } from '../../src/desktop/workstation';
import { card, chromiumForSuite, pageErrors, SHOTS, VIEWPORT } from '../support/board-page';
import { startOrganisation, type Organisation } from '../support/connected';
import { DEALERSHIP, RENDERER_DIR, SAMPLE_DIR, silentLogger } from '../support/desktop';
import { tempSecrets } from '../support/sources';

const today = () => localDateAt(Date.now(), DEALERSHIP.zone);

/** A new install in the headless host, as a workstation starts it: the first-run screen. */
async function newInstall(t: TestContext) {
  const folder = mkdtempSync(join(tmpdir(), 'aftersales-first-run-'));
  const station = await startWorkstation({
    dataFile: join(folder, 'board.sqlite'),
    sampleDir: SAMPLE_DIR,
    userId: 'advisor',
    dealership: { ...DEALERSHIP, organisationName: null },
    clock: { now: () => Date.now() },
    logger: silentLogger,
    secrets: tempSecrets(),
    whenUndecided: 'first-run',
  });
  const host = await startHeadlessHost({ core: station, rendererDir: RENDERER_DIR, logger: silentLogger });
  t.after(async () => {
    await host.close();
    await station.close();
  });
  return { station, host, folder };
}

const firstRun = (page: Page) => page.getByRole('heading', { name: 'Welcome to Aftersales Board' });
const boardColumn = (page: Page) => page.locator('section[data-column="new"]');

describe('the first-run screen in Chromium', () => {
  const chromium = chromiumForSuite();
  let organisation: Organisation;
  before(async () => {
    organisation = await startOrganisation();
    await organisation.appointment({ sourceId: 'ORG-7', date: today(), name: 'Organisatie Klant', phone: '+31622222222' });
  });
  after(() => organisation.close());

  async function open(t: TestContext, url: string): Promise<Page> {
    const context = await chromium().newContext({ viewport: VIEWPORT, locale: 'en-GB', acceptDownloads: true });
    t.after(() => context.close());
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(url);
    return page;
  }

  it('works standalone: an empty board in inboxes of its own, still there after a reload, with no sample dealership', async (t) => {
    const { host } = await newInstall(t);
    const page = await open(t, host.url);
    await firstRun(page).waitFor();
    await page.screenshot({ path: join(SHOTS, 'first-run.png') });
    assert.doesNotMatch(await page.locator('body').innerText(), /Van der Meer/);
    await page.getByRole('button', { name: 'Work standalone' }).click();
    await boardColumn(page).waitFor();
    assert.equal(await page.locator('[data-card-id]').count(), 0);
    assert.equal(await page.locator('.brand-name').innerText(), 'Aftersales Board');
    await page.reload();
    await boardColumn(page).waitFor();
    assert.equal(await firstRun(page).count(), 0, 'the choice is remembered');
    assert.doesNotMatch(await page.locator('body').innerText(), /Van der Meer/);
  });

  it('tries the demo in its own file and leaves it for the first-run screen again', async (t) => {
    const { host, station, folder } = await newInstall(t);
    const page = await open(t, host.url);
    await page.getByRole('button', { name: 'Try the demo' }).click();
    await card(page, 'Finn de Wit').waitFor();
    await page.getByText('You are trying the demo').waitFor();
    assert.equal((await station.handlers.getSettings({})).dataFile, join(folder, 'board-demo.sqlite'));
    await page.screenshot({ path: join(SHOTS, 'demo.png') });
    await card(page, 'Finn de Wit').click();
    await page.getByRole('complementary', { name: 'Conversation' }).waitFor();
    await page.getByRole('button', { name: 'Leave the demo' }).click();
    await firstRun(page).waitFor();
    assert.equal(await page.getByRole('complementary', { name: 'Conversation' }).count(), 0, 'the demo’s card closed with it');
    assert.equal(await card(page, 'Finn de Wit').count(), 0);
  });

  it('connects to the dealership’s backend from the first-run screen', async (t) => {
    const { host } = await newInstall(t);
    const page = await open(t, host.url);
    await page.getByRole('button', { name: 'Connect…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Connection' });
    await dialog.getByText('This computer has no board yet').waitFor();
    await dialog.getByLabel('Backend address').fill(organisation.url);
    await dialog.getByLabel(/Token for this desktop/).fill(organisation.org.token);
    await dialog.getByRole('button', { name: 'Test connection' }).click();
    await dialog.getByText('Found Autobedrijf Test').waitFor();
    await dialog.getByRole('button', { name: 'Save and connect' }).click();
    await card(page, 'Organisatie Klant').waitFor();
    assert.equal(await firstRun(page).count(), 0);
    await page.locator('.brand-name', { hasText: 'Autobedrijf Test' }).waitFor();
  });

  it('offers a copy of the standalone work before joining, and keeps the work when it joins', async (t) => {
    const { host, station } = await newInstall(t);
    await station.handlers.chooseStart({ choice: 'standalone', inboxNames: { dealership: 'Dealership', workshop: 'Workshop' } });
    await station.handlers.createManualAppointment({ date: today(), customerName: 'Sanne Standalone' });
    const page = await open(t, host.url);
    await card(page, 'Sanne Standalone').waitFor();
    await page.getByRole('button', { name: 'Settings' }).click();
    await page.getByRole('menuitem', { name: 'Connection' }).click();
    const dialog = page.getByRole('dialog', { name: 'Connection' });
    await dialog.getByText('Made on this desktop: 1 appointment.').waitFor();
    await page.screenshot({ path: join(SHOTS, 'join-standalone.png') });
    const [download] = await Promise.all([page.waitForEvent('download'), dialog.getByRole('button', { name: 'Save a copy to a file' }).click()]);
    const copy = JSON.parse(readFileSync((await download.path())!, 'utf8'));
    assert.deepEqual(copy.appointments.map((a: any) => a.customer.name), ['Sanne Standalone']);
    assert.match(download.suggestedFilename(), /^aftersales-board-\d{4}-\d{2}-\d{2}\.json$/);
    await dialog.getByLabel('Backend address').fill(organisation.url);
    await dialog.getByLabel(/Token for this desktop/).fill(organisation.org.token);
    await dialog.getByRole('button', { name: 'Save and connect' }).click();
    await dialog.getByText('Saved.').waitFor();
    await card(page, 'Organisatie Klant').waitFor();
    assert.equal(await card(page, 'Sanne Standalone').count(), 1, 'joining deleted nothing');
  });
});
