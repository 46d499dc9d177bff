import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import type { SessionState } from '../../src/api/people';
import { DEFAULT_UPDATE_SETTINGS, type UpdateStatus } from '../../src/api/shell-api';
import { createShellDispatcher, updateHandlers } from '../../src/shell/update-dispatch';
import { UpdateScheduler } from '../../src/shell/update-scheduler';
import { assertMayChangeUpdateSettings, loadUpdateSettings, saveUpdateSettings, UPDATE_SETTINGS_FILE } from '../../src/shell/update-settings';
import { manualTime } from '../support/time';

const folders: string[] = [];
function folder(): string {
  const made = mkdtempSync(join(tmpdir(), 'update-settings-'));
  folders.push(made);
  return made;
}
after(() => {
  for (const made of folders) rmSync(made, { recursive: true, force: true });
});

function session(overrides: Partial<SessionState>): SessionState {
  return {
    mode: 'device',
    device: { name: 'Reception 1', role: 'desktop' },
    user: { id: 'u1', name: 'Mila', email: 'mila@dealer.example', role: 'manager', inboxes: [] },
    recent: [],
    locked: false,
    idleLockMinutes: 15,
    oidc: null,
    signedOut: null,
    ...overrides,
  };
}

const ADVISOR = session({ user: { id: 'u2', name: 'Sam', email: 'sam@dealer.example', role: 'advisor', inboxes: [] } });

describe('the update settings file', () => {
  it('holds the defaults until something is saved, and what was saved after', () => {
    const dir = folder();
    assert.deepEqual(loadUpdateSettings(dir), { settings: DEFAULT_UPDATE_SETTINGS, problem: null });
    const saved = saveUpdateSettings(dir, { channel: 'beta', installTime: '19:00' });
    assert.deepEqual(loadUpdateSettings(dir), { settings: saved, problem: null });
    assert.deepEqual(JSON.parse(readFileSync(join(dir, UPDATE_SETTINGS_FILE), 'utf8')), saved);
  });

  it('no longer takes a feed address from the file (an earlier version let a manager set one), and says so for the log', () => {
    const dir = folder();
    writeFileSync(join(dir, UPDATE_SETTINGS_FILE), JSON.stringify({ channel: 'beta', installTime: null, feedUrl: 'https://elsewhere.example/' }));
    const loaded = loadUpdateSettings(dir);
    assert.deepEqual(loaded.settings, { channel: 'beta', installTime: null });
    assert.match(loaded.problem ?? '', /feedUrl\), which is no longer read/);
  });

  it('is not taken in part when it is damaged or invalid: the defaults apply and the problem is named', () => {
    const dir = folder();
    writeFileSync(join(dir, UPDATE_SETTINGS_FILE), '{"channel": "beta", ');
    const damaged = loadUpdateSettings(dir);
    assert.deepEqual(damaged.settings, DEFAULT_UPDATE_SETTINGS);
    assert.match(damaged.problem ?? '', /is not readable JSON/);
    writeFileSync(join(dir, UPDATE_SETTINGS_FILE), JSON.stringify({ channel: 'beta', installTime: '25:00' }));
    const invalid = loadUpdateSettings(dir);
    assert.deepEqual(invalid.settings, DEFAULT_UPDATE_SETTINGS);
    assert.match(invalid.problem ?? '', /installTime: must be a time HH:MM/);
  });

  it('never writes invalid settings', () => {
    const dir = folder();
    assert.throws(() => saveUpdateSettings(dir, { channel: 'stable', installTime: '7pm' }));
    assert.equal(existsSync(join(dir, UPDATE_SETTINGS_FILE)), false);
  });
});

describe('who may change how a workstation updates', () => {
  it('a manager who is signed in and not locked out; on a standalone desktop whoever runs it', () => {
    assertMayChangeUpdateSettings(session({}));
    assertMayChangeUpdateSettings(session({ mode: 'standalone', device: null, user: null }));
  });

  it('not an advisor, a locked desktop, or nobody', () => {
    for (const who of [ADVISOR, session({ locked: true }), session({ user: null })]) {
      assert.throws(() => assertMayChangeUpdateSettings(who), { code: 'MANAGER_ONLY', message: 'Only a manager can change how this workstation updates.' });
    }
  });
});

describe('the ShellApi dispatcher', () => {
  function setUp(who: SessionState) {
    const dir = folder();
    const time = manualTime(Date.parse('2026-11-30T08:00:00Z'));
    const configured: unknown[] = [];
    const published: UpdateStatus[] = [];
    const errors: unknown[] = [];
    const scheduler = new UpdateScheduler({
      clock: time.clock,
      timers: time.timers,
      currentVersion: '1.2.0',
      settings: DEFAULT_UPDATE_SETTINGS,
      feed: { feedUrl: null, refused: null },
      installsUnattended: true,
      updater: { configure: (options) => void configured.push(options), check: () => Promise.resolve(null), install: () => undefined, installOnQuit: () => undefined },
      zone: () => Promise.resolve('Europe/Amsterdam'),
      presence: () => Promise.resolve({ idleSeconds: 0, locked: false }),
      publish: (status) => void published.push(status),
      warn: () => undefined,
    });
    const dispatch = createShellDispatcher(
      updateHandlers({
        scheduler,
        folder: dir,
        session: () => Promise.resolve(who),
      }),
      (error) => errors.push(error),
    );
    return { dir, dispatch, configured, published, errors };
  }

  it('answers the status, and refuses an unknown method or bad arguments in words', async () => {
    const t = setUp(session({}));
    assert.deepEqual(await t.dispatch('getUpdateStatus', {}), {
      ok: true,
      value: { state: 'idle', currentVersion: '1.2.0', channel: 'stable', lastCheckedAt: null, heldBack: null },
    });
    assert.deepEqual(await t.dispatch('openDevTools', {}), { ok: false, error: { code: 'UNKNOWN_METHOD', message: 'There is no method openDevTools.' } });
    assert.deepEqual(await t.dispatch('setUpdateSettings', { channel: 'stable', installTime: '19:60' }), {
      ok: false,
      error: { code: 'INVALID_INPUT', message: 'installTime: must be a time HH:MM, 00:00 to 23:59' },
    });
    assert.deepEqual(await t.dispatch('installUpdateNow', {}), {
      ok: false,
      error: { code: 'NO_UPDATE_READY', message: 'No update has been downloaded yet; the app keeps running this version.' },
    });
    assert.deepEqual(t.errors, []);
  });

  it('saves a manager\'s settings to the file and hands them to the updater', async () => {
    const t = setUp(session({}));
    const chosen = { channel: 'beta', installTime: '19:00' } as const;
    assert.deepEqual(await t.dispatch('setUpdateSettings', chosen), { ok: true, value: chosen });
    assert.deepEqual(loadUpdateSettings(t.dir).settings, chosen);
    assert.deepEqual(await t.dispatch('getUpdateSettings', {}), { ok: true, value: chosen });
    assert.equal((t.configured.at(-1) as { allowPrerelease: boolean }).allowPrerelease, true);
    assert.equal(t.published.at(-1)?.channel, 'beta');
  });

  it('refuses a feed address from a window, manager or not: the feed is IT\'s alone', async () => {
    const t = setUp(session({}));
    const answer = await t.dispatch('setUpdateSettings', { channel: 'stable', installTime: null, feedUrl: 'https://elsewhere.example/' });
    assert.equal(answer.ok, false);
    assert.equal(!answer.ok && answer.error.code, 'INVALID_INPUT');
    assert.match(!answer.ok ? answer.error.message : '', /feedUrl/);
    assert.equal(existsSync(join(t.dir, UPDATE_SETTINGS_FILE)), false);
    assert.deepEqual(t.configured, []);
  });

  it('refuses an advisor\'s, and changes nothing', async () => {
    const t = setUp(ADVISOR);
    assert.deepEqual(await t.dispatch('setUpdateSettings', { channel: 'beta', installTime: '12:00' }), {
      ok: false,
      error: { code: 'MANAGER_ONLY', message: 'Only a manager can change how this workstation updates.' },
    });
    assert.equal(existsSync(join(t.dir, UPDATE_SETTINGS_FILE)), false);
    assert.deepEqual(await t.dispatch('getUpdateSettings', {}), { ok: true, value: DEFAULT_UPDATE_SETTINGS });
    assert.deepEqual(t.configured, []);
  });
});
