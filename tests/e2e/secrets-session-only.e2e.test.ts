import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it, type TestContext } from 'node:test';
import type { Page } from 'playwright-core';
import { localDateAt } from '../../src/domain/zoned-time';
import { BACKEND_TOKEN_SECRET } from '../../src/desktop/backend-settings';
import { startHeadlessHost } from '../../src/desktop/host/headless-host';
import { prefixedSecrets } from '../../src/desktop/secrets/prefixed-secrets';
import { startWorkstation } from '../../src/desktop/workstation';
import type { SecretStore } from '../../src/ports/secret-store';
import { card, chromiumForSuite, pageErrors, SHOTS, VIEWPORT } from '../support/board-page';
import { startOrganisation, type Organisation } from '../support/connected';
import { DEALERSHIP, RENDERER_DIR, SAMPLE_DIR, silentLogger } from '../support/desktop';
import { tempSecrets } from '../support/sources';

/**
 * What the Electron shell's store does where no keyring protects a secret (Linux's basic_text,
 * main/safe-storage-secrets.ts): it keeps the secrets in memory for the session and says so.
 */
class SessionOnlySecrets implements SecretStore {
  readonly sessionOnly = true;
  readonly values = new Map<string, string>();
  get(name: string) {
    return this.values.get(name) ?? null;
  }
  set(name: string, value: string) {
    this.values.set(name, value);
  }
  remove(name: string) {
    this.values.delete(name);
  }
}

async function newInstall(t: TestContext, secrets: SecretStore) {
  const folder = mkdtempSync(join(tmpdir(), 'aftersales-session-only-'));
  const station = await startWorkstation({
    dataFile: join(folder, 'board.sqlite'),
    sampleDir: SAMPLE_DIR,
    userId: 'advisor',
    dealership: { ...DEALERSHIP, organisationName: null },
    clock: { now: () => Date.now() },
    logger: silentLogger,
    secrets,
    whenUndecided: 'first-run',
  });
  const host = await startHeadlessHost({ core: station, rendererDir: RENDERER_DIR, logger: silentLogger });
  t.after(async () => {
    await host.close();
    await station.close();
  });
  return { station, host };
}

const notice = (page: Page) => page.getByTestId('secrets-session-only');

describe('a desktop with no keyring tells the person joining it that the token lasts this session only', () => {
  const chromium = chromiumForSuite();
  let organisation: Organisation;
  before(async () => {
    organisation = await startOrganisation();
    await organisation.appointment({ sourceId: 'KEY-1', date: localDateAt(Date.now(), DEALERSHIP.zone), name: 'Sessie Klant' });
  });
  after(() => organisation.close());

  async function open(t: TestContext, url: string, locale: string): Promise<Page> {
    const context = await chromium().newContext({ viewport: VIEWPORT, locale });
    t.after(() => context.close());
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(url);
    return page;
  }

  it('in English, in the connection dialog, with the keyrings and the switch; the token joins the board all the same', async (t) => {
    const secrets = new SessionOnlySecrets();
    const { host } = await newInstall(t, secrets);
    const page = await open(t, host.url, 'en-GB');
    await page.getByRole('button', { name: 'Connect…' }).click();
    await notice(page).waitFor();
    const words = await notice(page).innerText();
    assert.match(words, /no keyring to protect the token, so it is kept only until the app closes/);
    assert.match(words, /GNOME Keyring \(gnome-keyring\) or KDE’s KWallet/);
    assert.match(words, /--password-store=gnome-libsecret/);
    await page.getByText('kept in memory until the app closes, never shown again').waitFor();
    await page.getByLabel('Backend address').fill(organisation.url);
    await page.getByLabel(/Token for this desktop/).fill(organisation.org.token);
    await page.getByRole('button', { name: 'Save and connect' }).click();
    await card(page, 'Sessie Klant').waitFor();
    assert.equal(secrets.get(BACKEND_TOKEN_SECRET), organisation.org.token, 'kept in memory for this session');
    // Joined, the dialog (open over the board now) still says it.
    await page.getByRole('dialog', { name: 'Connection' }).getByText('Connected to the backend of Autobedrijf Test.').waitFor();
    await notice(page).waitFor();
    await page.screenshot({ path: join(SHOTS, 'connection-session-only.png') });
  });

  it('in Dutch', async (t) => {
    const { host } = await newInstall(t, new SessionOnlySecrets());
    const page = await open(t, host.url, 'nl-NL');
    await page.getByRole('button', { name: 'Verbinden…' }).click();
    const words = await notice(page).innerText();
    assert.match(words, /alleen bewaard tot de app sluit/);
    assert.match(words, /--password-store=gnome-libsecret/);
  });

  it('says nothing of the kind where the secrets are kept (the headless host’s private file)', async (t) => {
    const { host } = await newInstall(t, tempSecrets());
    const page = await open(t, host.url, 'en-GB');
    await page.getByRole('button', { name: 'Connect…' }).click();
    await page.getByLabel('Backend address').waitFor();
    await page.getByText('kept in the computer’s secure storage, never shown again').waitFor();
    assert.equal(await notice(page).count(), 0);
  });

  it("the demo's secrets, kept apart under a prefix, are as short-lived as the store under them", () => {
    assert.equal(prefixedSecrets(new SessionOnlySecrets(), 'demo.').sessionOnly, true);
    assert.equal(prefixedSecrets(tempSecrets(), 'demo.').sessionOnly, undefined);
  });
});
