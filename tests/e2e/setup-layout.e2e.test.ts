import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Locator, Page } from 'playwright-core';
import { localDateAt } from '../../src/domain/zoned-time';
import { systemClock } from '../../src/ports/clock';
import { startSmsSimulator } from '../../src/simulators/sms-provider-simulator';
import { startWhatsAppSimulator, type WhatsAppSimulator } from '../../src/simulators/whatsapp-cloud-api-simulator';
import { chromiumForSuite, pageErrors, SHOTS } from '../support/board-page';
import { call, createOrganisation, seedApprovedTemplate, startSystem, WHATSAPP } from '../support/backend';
import { SMS_ACCOUNT, startChannelBackend } from '../support/channels';
import { card } from '../support/board-page';
import { DEALERSHIP, startDesktop, tempDataFile } from '../support/desktop';

const WORDS = {
  'en-GB': { settings: 'Settings', library: 'Content Library', add: 'New template', text: /^Text/, example: 'Example for Meta', source: 'Filled from', addUrl: '+ Web address', cancel: 'Cancel' },
  'nl-NL': { settings: 'Instellingen', library: 'Contentbibliotheek', add: 'Nieuw sjabloon', text: /^Tekst \(/, example: 'Voorbeeld voor Meta', source: 'Gevuld met', addUrl: '+ Webadres', cancel: 'Annuleren' },
} as const;

/** Each field that runs past the right edge of the form's fields column, or a select whose chosen words do not fit it. */
async function overflowing(fields: Locator): Promise<string[]> {
  return fields.evaluate((column) => {
    const edge = column.getBoundingClientRect().right + 0.5;
    const found: string[] = [];
    const measure = document.createElement('canvas').getContext('2d')!;
    for (const field of column.querySelectorAll<HTMLInputElement | HTMLSelectElement>('input, select, textarea')) {
      const box = field.getBoundingClientRect();
      if (box.right > edge) found.push(`${field.outerHTML.slice(0, 60)} ends at ${box.right}, past ${edge}`);
      if (field instanceof HTMLSelectElement) {
        const style = getComputedStyle(field);
        measure.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
        const words = field.selectedOptions[0]?.text ?? '';
        // The arrow takes about 20px of a select's inner width.
        const room = field.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight) - 20;
        if (measure.measureText(words).width > room) found.push(`“${words}” cut: ${measure.measureText(words).width} in ${room}`);
      }
    }
    return found;
  });
}

describe('the set-up screens’ layout in Chromium, at 1366 and 1920 px, in English and Dutch', () => {
  const chromium = chromiumForSuite();
  let simulator: WhatsAppSimulator;
  let system: Awaited<ReturnType<typeof startSystem>>;
  before(async () => {
    simulator = await startWhatsAppSimulator({ ...WHATSAPP, templates: [], clock: systemClock });
    system = await startSystem({ clock: systemClock, simulator });
    await seedApprovedTemplate(
      system.backend.store,
      system.org.organizationId,
      {
        name: 'car_ready',
        language: 'nl',
        category: 'UTILITY',
        body: 'Beste {{1}}, uw auto staat klaar.',
      },
      Date.now(),
    );
  });
  after(async () => {
    await system.backend.close();
    await simulator.close();
  });

  it('the Content Library’s form keeps every field inside its frame, no source cut, a long text’s preview scrolling in its own box, and the row lines level', async (t) => {
    const desktop = await startDesktop({ sample: false, backend: { url: system.backend.url, token: system.org.token } });
    t.after(() => desktop.stop());
    for (const locale of ['en-GB', 'nl-NL'] as const) {
      for (const width of [1366, 1920]) {
        const words = WORDS[locale];
        const page: Page = await chromium().newPage({ viewport: { width, height: 768 }, locale });
        page.setDefaultTimeout(10_000);
        page.on('pageerror', (error) => pageErrors.push(error.message));
        await page.goto(desktop.host.url);
        await page.getByRole('button', { name: words.settings }).click();
        await page.getByRole('menuitem', { name: words.library }).click();
        const library = page.getByRole('dialog', { name: words.library });

        // The list: the Edit and Delete cell is as tall as the row's other cells, so its line is theirs.
        const row = library.locator('tr[data-template="car_ready"]');
        await row.waitFor();
        const heights = await row.locator('td').evaluateAll((cells) => cells.map((cell) => Math.round(cell.getBoundingClientRect().bottom)));
        assert.equal(new Set(heights).size, 1, `cell bottoms ${heights.join(', ')}`);
        await page.screenshot({ path: join(SHOTS, `layout-library-${locale.slice(0, 2)}-${width}.png`) });

        await library.getByRole('button', { name: words.add }).click();
        // 2000 characters: more than Meta takes, still shown whole while the manager shortens it.
        await library.getByLabel(words.text).fill(`Beste {{1}}, ${'uw auto staat klaar. '.repeat(95)}Kenteken {{2}}.`);
        await library.getByLabel(words.source).nth(0).selectOption('none');
        await library.getByLabel(words.example).nth(0).fill('Jan');
        await library.getByRole('button', { name: words.addUrl }).click();
        const form = library.locator('.library-form');
        assert.deepEqual(await overflowing(form.locator('.fields')), []);
        const preview = form.getByRole('figure');
        const box = (await preview.boundingBox())!;
        const formBox = (await form.locator('.fields').boundingBox())!;
        assert.ok(box.height <= 520 && box.y + box.height <= formBox.y + formBox.height, `preview ${JSON.stringify(box)} beside fields ${JSON.stringify(formBox)}`);
        assert.ok(await preview.evaluate((figure) => figure.scrollHeight > figure.clientHeight), 'the long text scrolls inside the preview');
        await page.screenshot({ path: join(SHOTS, `layout-library-form-${locale.slice(0, 2)}-${width}.png`) });
        await library.getByRole('button', { name: words.cancel }).click();
        await page.close();
      }
    }
    assert.deepEqual(pageErrors.splice(0), []);
  });

  it('the composer keeps SMS, as the advisor chose it, after the appointment form is submitted from the conversation', async (t) => {
    const whatsapp = await startWhatsAppSimulator({ ...WHATSAPP, templates: [], clock: systemClock });
    const sms = await startSmsSimulator({ ...SMS_ACCOUNT, phoneNumbers: ['+3197000000000'] });
    const dataFile = tempDataFile();
    const org = await createOrganisation(dataFile, 'Autobedrijf Test', Date.now());
    const { backend, base } = await startChannelBackend({ dataFile, clock: systemClock, organizationId: org.organizationId, whatsapp, sms, pollMs: 50 });
    t.after(async () => {
      await backend.close();
      await whatsapp.close();
      await sms.close();
    });
    const inbox = (await call(base, org.token, 'GET', '/v2/organization')).body.inboxes[0].id;
    const stored = await call(base, org.token, 'POST', '/v2/appointments', {
      inbox,
      source: 'planit',
      sourceId: 'TOUCH-1',
      date: localDateAt(Date.now(), DEALERSHIP.zone),
      time: '10:30',
      contact: { profile: { name: 'Noor Visser', telephone: '+31612121212' } },
    });
    assert.equal(stored.status, 200, JSON.stringify(stored.body));
    const desktop = await startDesktop({ sample: false, backend: { url: base, token: org.token } });
    t.after(() => desktop.stop());
    const page = await chromium().newPage({ viewport: { width: 1366, height: 768 }, locale: 'en-GB' });
    page.setDefaultTimeout(10_000);
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(desktop.host.url);
    await card(page, 'Noor Visser').click();
    const pane = page.getByRole('complementary', { name: 'Conversation' });
    const channel = pane.getByRole('combobox', { name: 'Channel' });
    await channel.selectOption('sms');
    await pane.getByRole('button', { name: 'New appointment form for this customer' }).click();
    const form = page.getByRole('dialog', { name: 'New appointment' });
    await form.locator('input[name="work"]').fill('Ruitschade');
    await form.getByRole('button', { name: 'Add to board' }).click();
    await form.waitFor({ state: 'detached' });
    await pane.locator('.form-card').getByText('Ruitschade').waitFor();
    assert.equal(await channel.inputValue(), 'sms');
    await page.close();
    assert.deepEqual(pageErrors.splice(0), []);
  });
});
