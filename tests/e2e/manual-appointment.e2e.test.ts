import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { chromiumForSuite, pageErrors, SHOTS } from '../support/board-page';
import { showCard } from './board-scroll';
import { startDesktop } from '../support/desktop';

describe('the Manual Appointment form with values over the limits', () => {
  const chromium = chromiumForSuite();

  it('in Dutch: each problem beside its field, the same rules as an import, and nothing saved until they are fixed', async (t) => {
    const desktop = await startDesktop();
    t.after(() => desktop.stop());
    const page = await chromium().newPage({ viewport: { width: 1366, height: 768 }, locale: 'nl-NL' });
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(desktop.host.url);
    await page.locator('[data-card-id]').first().waitFor();
    await page.getByRole('button', { name: 'Nieuwe afspraak' }).click();
    const form = page.getByRole('dialog', { name: 'Nieuwe afspraak' });
    await form.locator('input[name=customerName]').fill('Olga Overlang');
    await form.locator('input[name=phone]').fill('bel me');
    await form.locator('input[name=email]').fill('jan@');
    await form.locator('input[name=date]').fill('1850-05-05');
    await form.locator('input[name=make]').fill('M'.repeat(150));
    await form.getByText('“bel me” is geen telefoonnummer.').waitFor();
    await form.getByText('“jan@” is geen e-mailadres.').waitFor();
    await form.getByText('“1850-05-05” ligt niet tussen 1900 en 2100.').waitFor();
    await form.getByText('is 150 tekens lang; er passen er hoogstens 100.').waitFor();
    assert.equal(await form.getByRole('button', { name: 'Op het bord zetten' }).isDisabled(), true);
    await page.screenshot({ path: join(SHOTS, 'manual-over-limits-nl-1366.png') });

    await form.locator('input[name=phone]').fill('06 12345678');
    await form.locator('input[name=email]').fill('olga@example.nl');
    await form.locator('input[name=date]').fill(await page.evaluate(() => new Date().toISOString().slice(0, 10)));
    await form.locator('input[name=make]').fill('M'.repeat(100));
    await form.getByRole('button', { name: 'Op het bord zetten' }).click();
    await showCard(page, 'Olga Overlang');
    const answer = await desktop.core.dispatch('listAppointments', { from: '1900-01-01', to: '2100-12-31', text: 'Olga' });
    assert.ok(answer.ok);
    assert.equal((answer.value as { rows: Array<{ make: string }> }).rows[0]!.make, 'M'.repeat(100), 'kept whole');
    await page.close();
  });
});
