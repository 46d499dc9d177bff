import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { localDateAt } from '../../src/domain/zoned-time';
import { systemClock } from '../../src/ports/clock';
import { startWhatsAppSimulator, type WhatsAppSimulator } from '../../src/simulators/whatsapp-cloud-api-simulator';
import { card, chromiumForSuite, pageErrors, receptionPage, SHOTS } from '../support/board-page';
import { call, eventually, startSystem, WHATSAPP } from '../support/backend';
import { DEALERSHIP, manualClock, startDesktop } from '../support/desktop';

const HOUR = 3_600_000;
const PHONE = '+31613572468';
const pane = (page: Page) => page.getByRole('complementary', { name: 'Conversation' });

describe('Content Library in Chromium', () => {
  const chromium = chromiumForSuite();
  // Meta's review takes its time on the simulator's own clock, which the test moves.
  const review = manualClock(Date.now());
  let simulator: WhatsAppSimulator;
  let system: Awaited<ReturnType<typeof startSystem>>;
  before(async () => {
    simulator = await startWhatsAppSimulator({ ...WHATSAPP, templates: [], clock: review, approveAfterMs: HOUR });
    system = await startSystem({ clock: systemClock, simulator });
  });
  after(async () => {
    await system.backend.close();
    await simulator.close();
  });
  const api = (method: string, path: string, body?: unknown) => call(system.backend.url, system.org.token, method, path, body);
  /** Today's appointment in the organisation's inbox, as a planning system sends it. */
  async function todaysAppointment(fields: { sourceId: string; time: string; plate: string; name: string; phone: string }) {
    const inbox = (await api('GET', '/v2/organization')).body.inboxes[0].id as string;
    const stored = await api('POST', '/v2/appointments', {
      inbox,
      source: 'planit',
      sourceId: fields.sourceId,
      date: localDateAt(Date.now(), DEALERSHIP.zone),
      time: fields.time,
      plate: fields.plate,
      contact: { profile: { name: fields.name, telephone: fields.phone } },
    });
    assert.equal(stored.status, 200, JSON.stringify(stored.body));
  }

  it('a manager adds a template, Meta approves it, and an advisor sends it by its title with fields filled from the appointment', async (t) => {
    await todaysAppointment({ sourceId: 'LIB-1', time: '10:30', plate: '12-ABC-3', name: 'Kees Jansen', phone: PHONE });

    const desktop = await startDesktop({ sample: false, backend: { url: system.backend.url, token: system.org.token } });
    t.after(() => desktop.stop());
    const page = await receptionPage(chromium(), desktop.host.url, { locale: 'en-GB', acceptConfirms: true });
    await page.getByRole('banner').getByText('Sanne').waitFor();

    await page.getByRole('button', { name: 'Settings' }).click();
    await page.getByRole('menuitem', { name: 'Content Library' }).click();
    const library = page.getByRole('dialog', { name: 'Content Library' });
    await library.getByRole('button', { name: 'New template' }).click();
    // A rule of Meta's is said at its field before anything is sent.
    await library.getByLabel(/^Text/).fill('{{1}}, uw auto staat klaar.');
    await library.getByRole('button', { name: 'Send to Meta for review' }).click();
    await library.getByText('The text may not start with a value.').waitFor();

    await library.getByLabel('Title').fill('Car is ready');
    await library.getByLabel('Name at Meta').fill('car_ready');
    await library.getByLabel('Language').fill('nl');
    await library.getByLabel(/^Text/).fill('Beste {{1}}, uw {{2}} staat klaar. Tot zo!');
    const labels = library.getByLabel('Label for advisors');
    const sources = library.getByLabel('Filled from');
    const examples = library.getByLabel('Example for Meta');
    await labels.nth(0).fill('Customer name');
    await sources.nth(0).selectOption('customerName');
    await examples.nth(0).fill('Jan');
    await labels.nth(1).fill('Plate');
    await sources.nth(1).selectOption('plate');
    await examples.nth(1).fill('AB-123-C');
    await library.getByRole('figure').getByText('Beste Jan, uw AB-123-C staat klaar. Tot zo!').waitFor();
    await page.screenshot({ path: join(SHOTS, 'content-library-form-en.png') });
    await library.getByRole('button', { name: 'Send to Meta for review' }).click();

    const row = library.locator('tr[data-template="car_ready"]');
    await row.getByText('Pending review').waitFor();
    review.advance(HOUR);
    await simulator.reviewDue();
    await row.getByText('Approved').waitFor();
    await page.screenshot({ path: join(SHOTS, 'content-library-en.png') });
    await page.keyboard.press('Escape');

    await card(page, 'Kees Jansen').click();
    await pane(page).getByRole('button', { name: 'Templates' }).click();
    await pane(page).getByRole('option', { name: /Car is ready/ }).click();
    const picker = pane(page).getByRole('dialog', { name: 'Templates' });
    assert.equal(await picker.getByLabel('Customer name', { exact: true }).inputValue(), 'Kees Jansen');
    assert.equal(await picker.getByLabel('Plate', { exact: true }).inputValue(), '12-ABC-3');
    await pane(page).getByRole('figure').getByText('Beste Kees Jansen, uw 12-ABC-3 staat klaar. Tot zo!').waitFor();
    await page.screenshot({ path: join(SHOTS, 'template-picker-en.png') });
    await pane(page).getByRole('button', { name: 'Send template' }).click();
    await pane(page).locator('.message').getByText('Beste Kees Jansen, uw 12-ABC-3 staat klaar. Tot zo!').waitFor();
    await eventually(() => simulator.delivered().some((m) => m.template === 'car_ready' && m.to === PHONE.slice(1)));

    const dutch = await receptionPage(chromium(), desktop.host.url, { locale: 'nl-NL', acceptConfirms: true });
    await dutch.getByRole('button', { name: 'Instellingen' }).click();
    await dutch.getByRole('menuitem', { name: 'Contentbibliotheek' }).click();
    await dutch.getByRole('dialog', { name: 'Contentbibliotheek' }).locator('tr[data-template="car_ready"]').getByText('Goedgekeurd').waitFor();
    await dutch.screenshot({ path: join(SHOTS, 'content-library-nl.png') });
    assert.deepEqual(pageErrors.splice(0), []);
  });

  it('an advisor fills a template’s header value and the end of its link, told in words when a value is too long', async (t) => {
    const phone = '+31613572469';
    await todaysAppointment({ sourceId: 'LIB-2', time: '11:00', plate: '34-XYZ-5', name: 'Eva de Wit', phone });
    // The link button first: the quick reply after it is button 1 at Meta.
    const created = await api('POST', '/v2/watemplates', {
      name: 'invoice_ready',
      title: 'Invoice ready',
      language: 'nl',
      category: 'UTILITY',
      header: 'Factuur voor {{1}}',
      headerParameter: { label: 'Plate', source: 'plate', example: 'AB-123-C' },
      body: 'Beste {{1}}, uw factuur staat klaar. Tot zo!',
      footer: 'Autobedrijf Test',
      buttons: [
        { type: 'url', text: 'Factuur', url: 'https://example.com/invoice/{{1}}', example: 'W-1001' },
        { type: 'quick_reply', text: 'Betaald', payload: 'PAID' },
      ],
      parameters: [{ label: 'Customer name', source: 'customerName', example: 'Jan' }],
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    review.advance(HOUR);
    await simulator.reviewDue();

    const desktop = await startDesktop({ sample: false, backend: { url: system.backend.url, token: system.org.token } });
    t.after(() => desktop.stop());
    for (const [locale, words] of [
      ['en-GB', { templates: 'Templates', link: 'End of the link “Factuur”', tooLong: 'At most 60 characters; this is 61.', send: 'Send template', conversation: 'Conversation' }],
      ['nl-NL', { templates: 'Sjablonen', link: 'Einde van de link “Factuur”', tooLong: 'Hoogstens 60 tekens; dit zijn er 61.', send: 'Sjabloon versturen', conversation: 'Gesprek' }],
    ] as const) {
      const page = await receptionPage(chromium(), desktop.host.url, { locale, acceptConfirms: true });
      const conversation = page.getByRole('complementary', { name: words.conversation });
      await card(page, 'Eva de Wit').click();
      await conversation.getByRole('button', { name: words.templates }).click();
      await conversation.getByRole('option', { name: /Invoice ready/ }).click();
      const picker = conversation.getByRole('dialog', { name: words.templates });
      const header = picker.getByLabel('Plate', { exact: true });
      assert.equal(await header.inputValue(), '34-XYZ-5', 'the header’s value comes from the appointment');
      const link = picker.getByLabel(words.link);
      const send = conversation.getByRole('button', { name: words.send });
      assert.equal(await send.isDisabled(), true, 'the link’s end is the advisor’s to fill');
      await link.fill('W-2002');
      await header.fill('x'.repeat(61));
      await picker.getByText(words.tooLong).waitFor();
      assert.equal(await send.isDisabled(), true);
      await header.fill('34-XYZ-5');
      await conversation.getByRole('figure').getByText('Factuur voor 34-XYZ-5').waitFor();
      await page.screenshot({ path: join(SHOTS, `template-picker-values-${locale.slice(0, 2)}.png`) });
      if (locale === 'en-GB') {
        await send.click();
        await conversation.locator('.message').getByText(/Factuur voor 34-XYZ-5/).waitFor();
        const delivered = await eventually(() => simulator.delivered().find((m) => m.template === 'invoice_ready' && m.to === phone.slice(1)));
        assert.deepEqual(delivered.values, {
          header: '34-XYZ-5',
          buttons: [
            { index: 0, type: 'url', value: 'W-2002' },
            { index: 1, type: 'quick_reply', value: 'PAID' },
          ],
        });
      }
      await page.close();
    }
    assert.deepEqual(pageErrors.splice(0), []);
  });
});
