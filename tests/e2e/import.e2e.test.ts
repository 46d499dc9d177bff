import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { localDateAt } from '../../src/domain/zoned-time';
import { launchChromium } from '../support/browser';
import { pageErrors, SHOTS } from '../support/board-page';
import { cacheConnection } from '../support/cache-connection';
import { csv, SAMPLE_HEADER } from '../support/csv';
import { DEALERSHIP, startDesktop } from '../support/desktop';
import { showCard } from './board-scroll';

/** A reception screen: 1366 × 768. */
const RECEPTION = { width: 1366, height: 768 };

describe('importing a file with problems, worded in the user’s language', () => {
  let browser: Browser;
  before(async () => {
    mkdirSync(SHOTS, { recursive: true });
    browser = await launchChromium();
  });
  after(() => browser.close());

  const today = localDateAt(Date.now(), DEALERSHIP.zone).split('-').reverse().join('-');
  const file = csv(
    [
      `${SAMPLE_HEADER};;`,
      `IMP-1;AMS;${today};11:45;Gerrit Müller;06 13572460;;AB-123-C;Opel;Corsa;APK;WO-9001;Sanne de Vries;;`,
      `IMP-2;AMS;31-02-2026;12:00;Foute Datum;;;;;;;;`,
      `IMP-3;AMS;${today};12:15;Te lang merk;;;;${'Mercedes-Benz '.repeat(11).slice(0, 150)};Sprinter;;;`,
      `IMP-4;AMS;${today};25:00;Alles fout;bel me;jan@;;;;;;`,
      `IMP-5;AMS;${today};13:00;Te kort`,
      `IMP-1;AMS;${today};14:30;Gerrit Müller;06 13572460;;AB-123-C;Opel;Corsa;APK + remmen;WO-9001;Sanne de Vries;;`,
    ],
    { windows1252: false },
  );

  async function openImport(locale: 'nl-NL' | 'en-GB', url: string) {
    const context = await browser.newContext({ viewport: RECEPTION, locale });
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(url);
    await page.locator('[data-card-id]').first().waitFor();
    return { context, page };
  }

  it('in Dutch: the report names every problem of each row, with plural forms, and the revised row', async (t) => {
    const desktop = await startDesktop();
    t.after(() => desktop.stop());
    const { context, page } = await openImport('nl-NL', desktop.host.url);
    t.after(() => context.close());
    await page.getByRole('button', { name: 'Bestand importeren' }).click();
    const dialog = page.getByRole('dialog', { name: 'Afspraken importeren' });
    await dialog.locator('input[type=file]').setInputFiles({ name: 'planit-export.csv', mimeType: 'text/csv', buffer: file });
    await dialog.getByText('planit-export.csv: 6 rijen · UTF-8 · gescheiden door ;').waitFor();
    await dialog.getByRole('button', { name: '6 rijen importeren' }).click();
    const report = page.getByRole('dialog', { name: 'Importrapport' });
    await report.locator('.quarantine-table').waitFor();
    const stat = (kind: string) => report.locator(`[data-stat=${kind}] .stat-value`).textContent();
    assert.deepEqual([await stat('created'), await stat('quarantined'), await stat('revised')], ['1', '4', '1']);
    await report.getByText('Deze 4 rijen zijn niet geïmporteerd.', { exact: false }).waitFor();
    await report.getByText('1 rij gaf een afspraak die een eerdere rij van het bestand ook gaf.', { exact: false }).waitFor();
    const rows = report.locator('.quarantine-table tbody tr');
    assert.deepEqual(await rows.locator('td:first-child').allTextContents(), ['3', '4', '5', '6']);
    const problems = async (row: number) => (await rows.nth(row).locator('li').allTextContents()).map((text) => text.replace(/\s+/g, ' ').trim());
    assert.deepEqual(await problems(0), ['Datum “31-02-2026” bestaat niet.']);
    assert.deepEqual(await problems(1), ['Merk is 150 tekens lang; er passen er hoogstens 100.']);
    assert.deepEqual(await problems(2), [
      'Tijd “25:00” bestaat niet.',
      'Telefoon “bel me” is geen telefoonnummer.',
      'E-mail “jan@” is geen e-mailadres.',
    ]);
    assert.deepEqual(await problems(3), ['De rij heeft 5 cellen waar de kopregel 13 kolommen heeft.']);
    const revised = report.locator('.revised-table tbody tr');
    assert.deepEqual(await revised.locator('td').allTextContents(), ['7', '2', 'AMS · IMP-1']);
    await report.locator('[data-progress=sent]', { hasText: 'Zelfstandig: blijft op deze computer' }).waitFor();
    await page.screenshot({ path: join(SHOTS, 'import-report-nl-1366.png') });
    await report.getByRole('button', { name: 'Sluiten' }).last().click();
    // The later row of IMP-1 is what was stored (its card may be below the column's view).
    await showCard(page, 'Gerrit Müller');
    const cache = cacheConnection(desktop.core);
    t.after(() => cache.close());
    const stored = cache.prepare("SELECT local_time AS time, work FROM appointments WHERE source_id = 'IMP-1'").get();
    assert.deepEqual(stored, { time: '14:30', work: 'APK + remmen' });
  });

  it('in Dutch: an unmapped required column is named in words above the fold, and the import waits for it', async (t) => {
    const desktop = await startDesktop();
    t.after(() => desktop.stop());
    const { context, page } = await openImport('nl-NL', desktop.host.url);
    t.after(() => context.close());
    await page.getByRole('button', { name: 'Bestand importeren' }).click();
    const dialog = page.getByRole('dialog', { name: 'Afspraken importeren' });
    const withoutDate = csv(['Nummer;Klant;Kenteken', 'N-1;Jan;12-ABC-3']);
    await dialog.locator('input[type=file]').setInputFiles({ name: 'zonder-datum.csv', mimeType: 'text/csv', buffer: withoutDate });
    const alert = dialog.getByRole('alert').filter({ hasText: 'Koppel deze kolommen voor het importeren:' });
    await alert.getByText('Er is geen kolom gekoppeld aan “Afspraak-id”, en elke rij heeft dat nodig.').waitFor();
    await alert.getByText('Er is geen kolom gekoppeld aan “Datum”, en elke rij heeft dat nodig.').waitFor();
    const box = (await alert.boundingBox())!;
    assert.ok(box.y + box.height <= RECEPTION.height, `the problems are above the fold (${box.y + box.height} px)`);
    const run = dialog.getByRole('button', { name: '1 rij importeren' });
    assert.equal(await run.isDisabled(), true);
    await dialog.getByRole('combobox', { name: 'Afspraak-id' }).selectOption('Nummer');
    await dialog.getByRole('alert').getByText('Er is geen kolom gekoppeld aan “Afspraak-id”').waitFor({ state: 'detached' });
    assert.equal(await run.isDisabled(), true, 'the date is still missing');
    await page.screenshot({ path: join(SHOTS, 'import-mapping-problem-nl-1366.png') });
  });

  it('in English: the same report, with the rows read of the file', async (t) => {
    const desktop = await startDesktop();
    t.after(() => desktop.stop());
    const { context, page } = await openImport('en-GB', desktop.host.url);
    t.after(() => context.close());
    await page.getByRole('button', { name: 'Import file' }).click();
    const dialog = page.getByRole('dialog', { name: 'Import appointments' });
    await dialog.locator('input[type=file]').setInputFiles({ name: 'planit-export.csv', mimeType: 'text/csv', buffer: file });
    await dialog.getByRole('button', { name: 'Import 6 rows' }).click();
    const report = page.getByRole('dialog', { name: 'Import report' });
    await report.locator('.quarantine-table').waitFor();
    await report.getByText('These 4 rows were not imported.', { exact: false }).waitFor();
    await report.getByText('1 row gave an appointment that an earlier row of the file gave too.', { exact: false }).waitFor();
    const last = report.locator('.quarantine-table tbody tr').last();
    assert.equal((await last.locator('li').textContent())!.replace(/\s+/g, ' ').trim(), 'The row has 5 cells where the header has 13 columns.');
    await report.locator('[data-progress=read]', { hasText: '6 of 6' }).waitFor();
    await page.screenshot({ path: join(SHOTS, 'import-report-en-1366.png') });
  });
});
