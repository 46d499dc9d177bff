import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { localDateAt } from '../../src/domain/zoned-time';
import { card, chromiumForSuite, openBoard, SHOTS } from '../support/board-page';
import { eventually } from '../support/backend';
import { startOrganisation, type Organisation } from '../support/connected';
import { DEALERSHIP, startDesktop } from '../support/desktop';

const today = () => localDateAt(Date.now(), DEALERSHIP.zone);
const SCREEN = { width: 1366, height: 800 };

describe('the appointment form in the conversation, and an opted-out customer, in Chromium', () => {
  const chromium = chromiumForSuite();
  let organisation: Organisation;
  before(async () => {
    organisation = await startOrganisation();
  });
  after(() => organisation.close());

  async function pageIn(locale: 'en-GB' | 'nl-NL', url: string): Promise<Page> {
    const context = await chromium().newContext({ viewport: SCREEN, locale });
    return openBoard(context, url);
  }

  it('an advisor opens the form from a card’s conversation, submits it, and the form card shows in the stream; the composer says the customer opted out, in English and Dutch', async (t) => {
    const phone = '+31687600011';
    await organisation.appointment({ sourceId: 'FORM-E2E', date: today(), time: '09:15', name: 'Iris Mulder', phone, plate: 'GZ-318-K' });
    const desktop = await startDesktop({ sample: false, backend: { url: organisation.url, token: organisation.org.token } });
    t.after(() => desktop.stop());
    await organisation.reply('STOP', phone);

    const page = await pageIn('en-GB', desktop.host.url);
    await card(page, 'Iris Mulder').getByText('Opted out', { exact: true }).waitFor();
    await card(page, 'Iris Mulder').click();
    const pane = page.getByRole('complementary', { name: 'Conversation' });
    await pane.getByText('Customer opted out (STOP)').waitFor();
    await pane.getByRole('note').filter({ hasText: /^Opted out of reminders and marketing since \d\d:\d\d \(STOP\)$/ }).waitFor();

    await pane.getByRole('button', { name: 'New appointment form for this customer' }).click();
    const form = page.getByRole('dialog', { name: 'New appointment' });
    await form.getByText('Iris Mulder').waitFor();
    await form.locator('input[name="time"]').fill('15:45');
    await form.locator('input[name="plate"]').fill('GZ-318-K');
    await form.locator('input[name="work"]').fill('Schade achterbumper');
    await page.screenshot({ path: join(SHOTS, 'conversation-form-dialog-en.png') });
    await form.getByRole('button', { name: 'Add to board' }).click();
    await form.waitFor({ state: 'detached' });
    const formCard = pane.locator('.form-card');
    await formCard.getByText('Appointment form').waitFor();
    await formCard.getByText('Schade achterbumper').waitFor();
    assert.equal(await formCard.locator('dt', { hasText: 'Work to be done' }).count(), 1);
    assert.equal(await formCard.locator('dd', { hasText: '15:45' }).count(), 1);
    // The date in the reader's words (as the pane's header says it), not as stored.
    const header = (await pane.locator('.conversation-sub').textContent())!.split(' · ')[0]!;
    assert.equal(await formCard.locator('dd', { hasText: header }).count(), 1);
    await eventually(async () => (await page.locator('[data-card-id]', { hasText: 'Iris Mulder' }).count()) === 2);
    await page.screenshot({ path: join(SHOTS, 'conversation-form-en.png') });

    const dutch = await pageIn('nl-NL', desktop.host.url);
    await card(dutch, 'Iris Mulder').first().getByText('Afgemeld', { exact: true }).waitFor();
    await card(dutch, 'Iris Mulder').first().click();
    const paneNl = dutch.getByRole('complementary').filter({ has: dutch.locator('.form-card') });
    await paneNl.getByText('Afspraakformulier').waitFor();
    assert.equal(await paneNl.locator('.form-card dt', { hasText: 'Werkzaamheden' }).count(), 1);
    await paneNl.getByText('Klant heeft zich afgemeld (STOP)').waitFor();
    await paneNl.getByRole('note').filter({ hasText: /^Afgemeld voor herinneringen en marketing sinds \d\d:\d\d \(STOP\)$/ }).waitFor();
    await dutch.screenshot({ path: join(SHOTS, 'conversation-form-nl.png') });
  });
});
