import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatters } from '../../renderer/i18n';
import { en } from '../../renderer/i18n/en';
import { nl } from '../../renderer/i18n/nl';
import { updateLine, updateRefusalText, updateSummary } from '../../renderer/shell/update-status-text';
import { ApiCallError } from '../../renderer/api/api-call-error';
import type { UpdateStatus } from '../../src/api/shell-api';

const ZONE = 'Europe/Amsterdam';
const EN = formatters('en', ZONE);
const NL = formatters('nl', ZONE);
const base = { currentVersion: '1.2.0', channel: 'stable' } as const;

describe('the update line in the top bar', () => {
  it('says nothing when all is quiet', () => {
    assert.equal(updateLine({ state: 'idle', ...base, lastCheckedAt: null, heldBack: null }, EN), null);
  });

  it('shows the download\'s progress in whole percent', () => {
    const downloading: UpdateStatus = { state: 'downloading', ...base, version: '1.3.0', percent: 45.9 };
    assert.deepEqual(updateLine(downloading, EN), { text: 'Update 1.3.0 downloading 45%', short: 'Update 45%', tone: 'busy' });
    assert.deepEqual(updateLine(downloading, NL), { text: 'Update 1.3.0 downloaden 45%', short: 'Update 45%', tone: 'busy' });
    assert.deepEqual(updateLine({ state: 'checking', ...base }, EN), { text: 'Checking for updates…', short: 'Checking for updates…', tone: 'busy' });
  });

  it('says when a ready update installs: at the manager\'s time or on quit', () => {
    assert.deepEqual(updateLine({ state: 'ready', ...base, version: '1.3.0', installTime: '19:00' }, EN), {
      text: 'Update 1.3.0 ready: installs at 19:00 or when you quit',
      short: 'Update ready',
      tone: 'ready',
    });
    assert.equal(updateLine({ state: 'ready', ...base, version: '1.3.0', installTime: null }, EN)?.text, 'Update 1.3.0 ready: installs when you quit');
    assert.equal(
      updateLine({ state: 'ready', ...base, version: '1.3.0', installTime: '19:00' }, NL)?.text,
      'Update 1.3.0 klaar: wordt geïnstalleerd om 19:00 of als u afsluit',
    );
  });

  it('words a failure with its reason, the version that keeps working and the next try on the dealership\'s clock', () => {
    const failed: UpdateStatus = {
      state: 'failed',
      ...base,
      failure: { code: 'offline', message: 'getaddrinfo ENOTFOUND updates.dealer.example' },
      retryAt: Date.parse('2026-11-30T13:20:00Z'),
    };
    assert.deepEqual(updateLine(failed, EN), {
      text: 'Update failed: the update server cannot be reached. Version 1.2.0 keeps working; next try at 14:20.',
      short: 'Update failed',
      tone: 'failed',
    });
    assert.equal(updateLine(failed, NL)?.short, 'Update mislukt');
    assert.equal(
      updateLine(failed, NL)?.text,
      'Update mislukt: de updateserver is niet bereikbaar. Versie 1.2.0 blijft werken; volgende poging om 14:20.',
    );
    // A reason the app has no words for keeps the updater's own, never nothing.
    const other: UpdateStatus = { ...failed, failure: { code: 'other', message: 'EPERM: operation not permitted' } };
    assert.match(updateLine(other, EN)?.text ?? '', /^Update failed: EPERM: operation not permitted\. /);
  });

  it('has a reason in both languages for every kind of failure', () => {
    for (const code of ['offline', 'feed', 'download', 'integrity', 'install'] as const) {
      const status: UpdateStatus = { state: 'failed', ...base, failure: { code, message: 'internal words' }, retryAt: 0 };
      for (const f of [EN, NL]) assert.doesNotMatch(updateLine(status, f)?.text ?? '', /internal words|\{/);
    }
  });
});

describe('the update dialog\'s summary', () => {
  it('says the version, the last check and a rollout that has not reached this workstation', () => {
    const status: UpdateStatus = {
      state: 'idle',
      ...base,
      lastCheckedAt: Date.parse('2026-11-30T13:05:00Z'),
      heldBack: { version: '1.3.0', percentage: 20 },
    };
    assert.equal(
      updateSummary(status, EN),
      'Version 1.2.0 is up to date (checked 30 Nov, 14:05). Version 1.3.0 is being rolled out to 20% of the workstations; this one follows later.',
    );
    assert.equal(updateSummary({ ...status, lastCheckedAt: null, heldBack: null }, NL), 'Versie 1.2.0; nog niet op updates gecontroleerd.');
  });
});

describe('a refused update', () => {
  it('says a refused AFTERSALES_UPDATE_URL as updates off, in English and Dutch', () => {
    const stopped: UpdateStatus = { state: 'stopped', ...base, failure: { code: 'feedRefused', message: 'AFTERSALES_UPDATE_URL is refused (must start with https://)' } };
    const line = updateLine(stopped, EN);
    assert.equal(line?.tone, 'failed');
    assert.match(line?.text ?? '', /^Updates are off: the update server your IT department set \(AFTERSALES_UPDATE_URL\) was refused/);
    assert.match(updateLine(stopped, NL)?.text ?? '', /^Updates staan uit: de updateserver die uw IT-afdeling/);
  });

  it('words the shell\'s refusal of "Restart now" as the dialog does, not in the shell\'s English', () => {
    const none = new ApiCallError({ code: 'NO_UPDATE_READY', message: 'No update has been downloaded yet; the app keeps running this version.' });
    assert.equal(updateRefusalText(none, NL.t), 'Er is nog geen update gedownload; deze versie blijft draaien.');
    assert.equal(updateRefusalText(new ApiCallError({ code: 'MANAGER_ONLY', message: 'Only a manager…' }), NL.t), 'Alleen een manager kan wijzigen hoe deze werkplek wordt bijgewerkt.');
    assert.equal(updateRefusalText(new ApiCallError({ code: 'INTERNAL', message: 'Something went wrong on this computer; the details are in the log.' }), NL.t), 'Er ging iets mis op deze computer; de details staan in het logboek.');
    assert.equal(updateRefusalText(new ApiCallError({ code: 'FORBIDDEN', message: 'x' }), EN.t), 'This window may not change how the app updates.');
  });
});

describe('the update words', () => {
  it('exist in English and Dutch with the same placeholders', () => {
    const keys = Object.keys(en).filter((key) => key.startsWith('update.')) as Array<keyof typeof en>;
    assert.ok(keys.length > 20);
    const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const key of keys) assert.deepEqual(placeholders(nl[key]), placeholders(en[key]), key);
  });
});
