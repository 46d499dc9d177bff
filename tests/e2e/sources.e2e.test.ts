import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { localDateAt } from '../../src/domain/zoned-time';
import { generateAppointments, PlanningBook } from '../../src/simulators/planning/planning-book';
import { startPlanItSimulator } from '../../src/simulators/planning/planit-simulator';
import { launchChromium } from '../support/browser';
import { card, openBoard, pageErrors, SHOTS } from '../support/board-page';
import { cacheConnection } from '../support/cache-connection';
import { DEALERSHIP, startDesktop } from '../support/desktop';
import { planItSource, QUICK_SOURCES, tempSecrets } from '../support/sources';
import { fingerprintOf, selfSigned } from '../support/certificates';
import { settled, startOrganisation } from '../support/connected';

describe('Sources in Settings: add, test, sync, import health, and the board warning', () => {
  let browser: Browser;
  before(async () => {
    mkdirSync(SHOTS, { recursive: true });
    browser = await launchChromium();
  });
  after(() => browser.close());

  /** Opens Sources on the board, fills in a new PlanIT source for branch Utrecht, and tests it. */
  async function newPlanItSource(url: string, source: { name: string; url: string; key: string }) {
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, locale: 'en-GB' });
    const page = await openBoard(context, url);
    await page.getByRole('button', { name: 'Settings' }).click();
    await page.getByRole('menuitem', { name: 'Sources' }).click();
    const dialog = page.getByRole('dialog', { name: 'Sources and import health' });
    await dialog.locator('.add-source select').selectOption('planit');
    await dialog.locator('input[name="name"]').fill(source.name);
    await dialog.locator('input[name="baseUrl"]').fill(source.url);
    await dialog.locator('input[name="branches"]').fill('Utrecht');
    await dialog.locator('input[name="secret"]').fill(source.key);
    await dialog.getByRole('button', { name: 'Test connection' }).click();
    return { context, page, dialog };
  }

  it('a service manager adds PlanIT, tests it, syncs it, sees a quarantined row, and the board warns after three failed runs', async (t) => {
    const today = localDateAt(Date.now(), DEALERSHIP.zone);
    const book = new PlanningBook();
    for (const a of generateAppointments(3, 'Utrecht', today, 'P')) book.add({ ...a, customerName: `PlanIT klant ${a.id}` });
    book.add({ ...generateAppointments(1, 'Utrecht', today, 'Q')[0]!, customerName: 'Onbekend nummer', mobile: 'onbekend' });
    const planit = await startPlanItSimulator(book, { apiKey: 'planit-key-1' });
    const desktop = await startDesktop({ secrets: tempSecrets(), sources: QUICK_SOURCES });
    t.after(async () => {
      await desktop.stop();
      await planit.close().catch(() => undefined);
    });
    const { context, page, dialog } = await newPlanItSource(desktop.host.url, { name: 'PlanIT Utrecht', url: planit.url, key: 'wrong-key' });
    await dialog.getByRole('alert').filter({ hasText: 'PlanIT refused the credentials' }).waitFor();
    await dialog.locator('input[name="secret"]').fill('planit-key-1');
    await dialog.getByRole('button', { name: 'Test connection' }).click();
    await dialog.getByRole('status').filter({ hasText: 'Connected to PlanIT: 4 appointment(s) today (Utrecht).' }).waitFor();
    await dialog.locator('details.mapping summary').click();
    assert.equal(await dialog.locator('input[name="mapping-phone"]').getAttribute('placeholder'), 'klant.mobiel');
    await page.screenshot({ path: join(SHOTS, 'sources-new.png') });
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
    const cache = cacheConnection(desktop.core);
    t.after(() => cache.close());
    const stored = JSON.stringify(cache.prepare('SELECT * FROM sources').all());
    assert.equal(stored.includes('planit-key-1'), false, 'the key is not in the cache');

    await dialog.getByRole('button', { name: 'Import health' }).click();
    await dialog.getByRole('button', { name: 'Sync now' }).click();
    await dialog.getByRole('status').filter({ hasText: 'Done: 3 new, 0 updated.' }).waitFor();
    await dialog.locator('.quarantine-table li[data-field=phone]', { hasText: '“onbekend” is not a phone number.' }).first().waitFor();
    await dialog.locator('.quarantine-table tr', { hasText: 'onbekend' }).locator('.field', { hasText: 'Phone' }).first().waitFor();
    await page.screenshot({ path: join(SHOTS, 'sources-health.png') });
    await page.keyboard.press('Escape');
    await card(page, 'PlanIT klant P000001').waitFor();

    await planit.close();
    for (let i = 0; i < 3; i++) await desktop.core.handlers.syncSource({ id: desktop.core.context.sources.list()[0]!.id });
    const warning = page.getByTestId('source-warning');
    await warning.filter({ hasText: 'Appointments from PlanIT Utrecht are not coming in: 3 failed runs in a row.' }).waitFor();
    await page.screenshot({ path: join(SHOTS, 'sources-warning.png') });
    await warning.getByRole('button', { name: 'Open import health' }).click();
    await dialog.locator('.health-facts dd.error-text', { hasText: 'Host unreachable' }).waitFor();
    await dialog.locator('.health-facts dd', { hasText: 'Nothing: it failed (see the last error)' }).waitFor();
    await page.screenshot({ path: join(SHOTS, 'sources-failing.png') });
    assert.deepEqual(pageErrors.splice(0), []);
    await context.close();
  });

  it('the IT person trusts a self-signed planning server for one source after comparing its fingerprint', async (t) => {
    const book = new PlanningBook();
    for (const a of generateAppointments(2, 'Utrecht', localDateAt(Date.now(), DEALERSHIP.zone), 'S')) book.add(a);
    const tls = await selfSigned();
    const planit = await startPlanItSimulator(book, { apiKey: 'planit-key-2', tls });
    const desktop = await startDesktop({ secrets: tempSecrets(), sources: QUICK_SOURCES });
    t.after(async () => {
      await desktop.stop();
      await planit.close();
    });
    const { context, page, dialog } = await newPlanItSource(desktop.host.url, { name: 'PlanIT in house', url: planit.url, key: 'planit-key-2' });
    await dialog.getByRole('alert').filter({ hasText: 'self-signed and not trusted' }).waitFor();
    const shown = dialog.getByTestId('certificate-shown');
    const fingerprint = fingerprintOf(tls.cert);
    // Shown on two lines of 16 bytes each.
    await shown.filter({ hasText: fingerprint.slice(0, 47) }).filter({ hasText: fingerprint.slice(48) }).waitFor();
    await page.screenshot({ path: join(SHOTS, 'sources-certificate.png') });
    await shown.getByRole('button', { name: 'Trust this certificate' }).click();
    await dialog.getByRole('status').filter({ hasText: 'Connected to PlanIT: 2 appointment(s) today (Utrecht).' }).waitFor();
    await dialog.getByTestId('certificate-trusted').filter({ hasText: fingerprint.slice(48) }).waitFor();
    await page.screenshot({ path: join(SHOTS, 'sources-certificate-trusted.png') });
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
    await dialog.getByRole('button', { name: 'Import health' }).click();
    await dialog.getByRole('button', { name: 'Sync now' }).click();
    await dialog.getByRole('status').filter({ hasText: 'Done: 2 new, 0 updated.' }).waitFor();
    assert.deepEqual(pageErrors.splice(0), []);
    await context.close();
  });

  it('a manager at another desktop sees the warning and the health of a source this desktop pulls', async (t) => {
    const organisation = await startOrganisation();
    const book = new PlanningBook();
    book.add(generateAppointments(1, 'Utrecht', localDateAt(Date.now(), DEALERSHIP.zone), 'M')[0]!);
    const planit = await startPlanItSimulator(book, { apiKey: 'planit-key-3' });
    const backend = { url: organisation.url, token: organisation.org.token };
    const puller = await startDesktop({ sample: false, backend, secrets: tempSecrets(), sources: QUICK_SOURCES, desktopName: 'RECEPTIE-1' });
    const manager = await startDesktop({ sample: false, backend, secrets: tempSecrets(), sources: QUICK_SOURCES });
    t.after(async () => {
      await manager.stop();
      await puller.stop();
      await organisation.close();
    });
    await Promise.all([settled(puller.core), settled(manager.core)]);
    const source = await puller.core.handlers.saveSource(planItSource({ name: 'PlanIT Utrecht', inboxId: organisation.inbox, baseUrl: planit.url, key: 'planit-key-3' }));
    await puller.core.handlers.syncSource({ id: source.id });
    await planit.close();
    for (let i = 0; i < 3; i++) await puller.core.handlers.syncSource({ id: source.id });

    const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, locale: 'en-GB' });
    const page = await openBoard(context, manager.host.url);
    const warning = page.getByTestId('source-warning');
    await warning.filter({ hasText: 'Appointments from PlanIT Utrecht are not coming in: 3 failed runs in a row.' }).waitFor();
    await warning.getByRole('button', { name: 'Open import health' }).click();
    const dialog = page.getByRole('dialog', { name: 'Sources and import health' });
    await dialog.getByText('Pulled by other desktops').waitFor();
    await dialog.locator('.health-facts dd.error-text', { hasText: 'Host unreachable' }).waitFor();
    await dialog.getByText('Set up and pulled on RECEPTIE-1, another desktop of the dealership').waitFor();
    await page.screenshot({ path: join(SHOTS, 'sources-shared.png') });
    await dialog.getByRole('button', { name: 'Sync now' }).click();
    await dialog.getByRole('status').filter({ hasText: 'Asked the desktop that pulls it to sync now' }).waitFor();
    await dialog.locator('.source-detail .source-status', { hasText: 'Failed 4× in a row' }).waitFor();
    assert.deepEqual(pageErrors.splice(0), []);
    await context.close();
  });
});
