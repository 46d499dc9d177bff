import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { localDateAt } from '../../src/domain/zoned-time';
import { chromiumForSuite, pageErrors, SHOTS } from '../support/board-page';
import { allCardTexts, showCard } from './board-scroll';
import { startOrganisation, type Organisation } from '../support/connected';
import { csv, SAMPLE_HEADER } from '../support/csv';
import { DEALERSHIP, startDesktop } from '../support/desktop';

const GOOD = ['Anna Bos', 'Bram Kok', 'Cato Vos', 'Dirk Smit', 'Eva Mol', 'Fleur Wit', 'Gijs Ros', 'Hugo Lam', 'Iris Ek', 'Joris Dam'];

describe('an import on one desktop, seen on another', () => {
  const chromium = chromiumForSuite();
  let organisation: Organisation;
  before(async () => {
    organisation = await startOrganisation();
  });
  after(() => organisation.close());

  it('the good rows reach desktop B; the bad one is explained on desktop A, and never reaches B', async (t) => {
    const backend = { url: organisation.url, token: organisation.org.token };
    const a = await startDesktop({ sample: false, backend });
    const b = await startDesktop({ sample: false, backend });
    t.after(() => Promise.all([a.stop(), b.stop()]));
    const today = localDateAt(Date.now(), DEALERSHIP.zone).split('-').reverse().join('-');
    const rows = GOOD.map((name, i) => `TWO-${i};AMS;${today};${10 + (i % 8)}:00;${name};06 2000000${i};;;Volvo;V60;APK;;Sanne de Vries`);
    rows.splice(5, 0, `TWO-BAD;AMS;${today};12:30;Te Lang Merk;06 20000099;;;${'M'.repeat(150)};V60;APK;;`);
    const file = csv([SAMPLE_HEADER, ...rows]);

    const pageA = await chromium().newPage({ viewport: { width: 1366, height: 768 }, locale: 'en-GB' });
    pageA.on('pageerror', (error) => pageErrors.push(error.message));
    await pageA.goto(a.host.url);
    await pageA.getByRole('button', { name: 'Import file' }).click();
    const dialog = pageA.getByRole('dialog', { name: 'Import appointments' });
    await dialog.locator('input[type=file]').setInputFiles({ name: 'dms-export.csv', mimeType: 'text/csv', buffer: file });
    await dialog.getByRole('button', { name: 'Import 11 rows' }).click();
    const report = pageA.getByRole('dialog', { name: 'Import report' });
    const stat = (kind: string) => report.locator(`[data-stat=${kind}] .stat-value`).textContent();
    await report.locator('.quarantine-table').waitFor();
    assert.deepEqual([await stat('created'), await stat('quarantined')], ['10', '1']);
    assert.deepEqual(
      (await report.locator('.quarantine-table tbody tr li').allTextContents()).map((text) => text.replace(/\s+/g, ' ').trim()),
      ['Make is 150 characters long; at most 100 fit.'],
    );
    await report.locator('[data-progress=sent]').getByText('10 of 10').waitFor();
    await pageA.screenshot({ path: join(SHOTS, 'import-two-desktops-a.png') });

    const pageB = await chromium().newPage({ viewport: { width: 1366, height: 768 }, locale: 'en-GB' });
    pageB.on('pageerror', (error) => pageErrors.push(error.message));
    await pageB.goto(b.host.url);
    for (const name of GOOD) await showCard(pageB, name);
    // A column draws only the cards in its view: each is read from its top to its end.
    for (const page of [pageA, pageB]) {
      assert.ok(!(await allCardTexts(page)).some((text) => text.includes('Te Lang Merk')), 'the quarantined row is nowhere');
    }
    await Promise.all([pageA.close(), pageB.close()]);
  });
});
