import { join } from 'node:path';
import { describe, it } from 'node:test';
import { card, chromiumForSuite, openBoard, SHOTS } from '../support/board-page';
import { startDesktop } from '../support/desktop';

describe('internal comments in Chromium', () => {
  const chromium = chromiumForSuite();

  it('a standalone desktop keeps a comment on the card, in Dutch too, and after a reload', async (t) => {
    const desktop = await startDesktop();
    t.after(() => desktop.stop());
    const page = await openBoard(chromium(), desktop.host.url);
    await card(page, 'Noor Dekker').click();
    const comments = page.getByRole('region', { name: 'Internal comments' });
    await comments.getByLabel('Internal comment').fill('Klant wacht in de kantine');
    await comments.getByLabel('Internal comment').press('Enter');
    await comments.getByText('Klant wacht in de kantine').waitFor();
    await card(page, 'Noor Dekker').getByLabel('1 internal comment', { exact: true }).waitFor();
    await page.screenshot({ path: join(SHOTS, 'comment-standalone.png') });
    await page.reload();
    await card(page, 'Noor Dekker').getByLabel('1 internal comment', { exact: true }).waitFor();
    const dutch = await chromium().newPage({ locale: 'nl-NL' });
    await dutch.goto(desktop.host.url);
    await card(dutch, 'Noor Dekker').getByLabel('1 interne opmerking', { exact: true }).waitFor();
    await Promise.all([page.close(), dutch.close()]);
  });
});
