import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ApiFailure } from '../../src/api/envelope';
import { DEFAULT_UPDATE_SETTINGS, type UpdateSettings, type UpdateStatus } from '../../src/api/shell-api';
import type { Presence } from '../../src/shell/update-install';
import type { UpdaterEvent, UpdaterOptions } from '../../src/shell/update-policy';
import { UpdateScheduler, type Updater } from '../../src/shell/update-scheduler';
import { updateFeedFrom, type UpdateFeed } from '../../src/shell/update-feed';
import { manualTime } from '../support/time';

const MIN = 60_000;
const HOUR = 3_600_000;
/** Monday 30 November 2026, 09:00 in Amsterdam. */
const START = Date.parse('2026-11-30T08:00:00Z');

/**
 * electron-updater as the scheduler sees it, played by the test: each check answers with the
 * events the test queued, as autoUpdater emits them before its promise settles.
 */
class FeedPlayer implements Updater {
  readonly configured: UpdaterOptions[] = [];
  /** electron-updater's autoInstallOnAppQuit as the scheduler last set it (electron-updater starts with true). */
  installOnQuitFlag = true;
  readonly checks: number[] = [];
  installs = 0;
  /** What the next checks answer: events, then a rejection or not. */
  readonly answers: Array<{ events: UpdaterEvent[]; reject?: Error & { code?: string } }> = [];
  scheduler!: UpdateScheduler;

  constructor(private readonly now: () => number) {}

  configure(options: UpdaterOptions): void {
    this.configured.push(options);
  }

  check(): Promise<unknown> {
    this.checks.push(this.now());
    const answer = this.answers.shift() ?? { events: [{ type: 'not-available', feed: { version: '1.2.0' } }] };
    for (const event of answer.events) this.scheduler.onUpdaterEvent(event);
    return answer.reject ? Promise.reject(answer.reject) : Promise.resolve(null);
  }

  install(): void {
    this.installs += 1;
  }

  installOnQuit(on: boolean): void {
    this.installOnQuitFlag = on;
  }
}

function setUp(options: { settings?: UpdateSettings; presence?: () => Presence; feed?: UpdateFeed; installsUnattended?: boolean } = {}) {
  const time = manualTime(START);
  const feed = new FeedPlayer(() => time.clock.now());
  const published: UpdateStatus[] = [];
  const warnings: string[] = [];
  let presence = options.presence ?? (() => ({ idleSeconds: 0, locked: false }));
  const scheduler = new UpdateScheduler({
    clock: time.clock,
    timers: time.timers,
    currentVersion: '1.2.0',
    settings: options.settings ?? DEFAULT_UPDATE_SETTINGS,
    feed: options.feed ?? { feedUrl: null, refused: null },
    installsUnattended: options.installsUnattended ?? true,
    updater: feed,
    zone: () => Promise.resolve('Europe/Amsterdam'),
    presence: () => Promise.resolve(presence()),
    publish: (status) => published.push(status),
    warn: (message) => warnings.push(message),
    random: () => 1,
  });
  feed.scheduler = scheduler;
  return {
    time,
    feed,
    scheduler,
    published,
    warnings,
    setPresence: (next: () => Presence) => (presence = next),
    /** Moves time and lets the promises that settle on the way (a check's answer, a presence read) run. */
    async advance(ms: number, step = MIN) {
      for (let moved = 0; moved < ms; moved += step) {
        time.advance(Math.min(step, ms - moved));
        for (let i = 0; i < 5; i += 1) await Promise.resolve();
      }
    },
  };
}

const downloadAnswer = (version: string): { events: UpdaterEvent[] } => ({
  events: [
    { type: 'checking' },
    { type: 'available', version },
    { type: 'progress', percent: 45 },
    { type: 'progress', percent: 100 },
    { type: 'downloaded', version },
  ],
});

describe('the update scheduler', () => {
  it('configures electron-updater for the channel, checks two minutes after the start and every four hours', async () => {
    const t = setUp();
    t.scheduler.start();
    assert.equal(t.feed.configured.length, 1);
    assert.equal(t.feed.configured[0]?.channel, 'latest');
    await t.advance(2 * MIN - 1, 2 * MIN - 1);
    assert.deepEqual(t.feed.checks, []);
    await t.advance(1, 1);
    assert.deepEqual(t.feed.checks, [START + 2 * MIN]);
    await t.advance(8 * HOUR);
    assert.deepEqual(t.feed.checks, [START + 2 * MIN, START + 2 * MIN + 4 * HOUR, START + 2 * MIN + 8 * HOUR]);
    assert.equal(t.scheduler.status().state, 'idle');
  });

  it('shows the download\'s progress and then the version ready, and stops checking', async () => {
    const t = setUp();
    t.feed.answers.push(downloadAnswer('1.3.0'));
    t.scheduler.start();
    await t.advance(2 * MIN);
    const states = t.published.map((s) => (s.state === 'downloading' ? `downloading ${s.percent}%` : s.state));
    assert.deepEqual(states, ['checking', 'downloading 0%', 'downloading 45%', 'downloading 100%', 'ready']);
    assert.deepEqual(t.scheduler.status(), { state: 'ready', currentVersion: '1.2.0', channel: 'stable', version: '1.3.0', installTime: null });
    await t.advance(24 * HOUR, HOUR);
    assert.equal(t.feed.checks.length, 1);
    // No install time: it installs when the app quits (electron-updater's autoInstallOnAppQuit) or when asked.
    assert.equal(t.feed.installs, 0);
  });

  it('after a failed check keeps this version, says why, and tries again after the backoff', async () => {
    const t = setUp();
    const offline = Object.assign(new Error('net::ERR_INTERNET_DISCONNECTED'), { code: 'ERR_INTERNET_DISCONNECTED' });
    // electron-updater emits "error" and rejects the check: one failure.
    t.feed.answers.push({ events: [{ type: 'checking' }, { type: 'error', message: offline.message }], reject: offline });
    t.feed.answers.push(downloadAnswer('1.3.0'));
    t.scheduler.start();
    await t.advance(2 * MIN);
    const failed = t.scheduler.status();
    assert.equal(failed.state, 'failed');
    assert.equal(failed.state === 'failed' && failed.failure.code, 'offline');
    assert.equal(failed.state === 'failed' && failed.retryAt, START + 12 * MIN);
    assert.equal(failed.currentVersion, '1.2.0');
    await t.advance(10 * MIN - 1, 10 * MIN - 1);
    assert.equal(t.feed.checks.length, 1);
    await t.advance(1, 1);
    assert.equal(t.feed.checks.length, 2);
    assert.equal(t.scheduler.status().state, 'ready');
  });

  it('a check that rejects without an event counts as a failure, with the updater\'s words', async () => {
    const t = setUp();
    t.feed.answers.push({ events: [], reject: Object.assign(new Error('Cannot find channel "latest.yml" update info'), { code: 'ERR_UPDATER_CHANNEL_FILE_NOT_FOUND' }) });
    t.scheduler.start();
    await t.advance(2 * MIN);
    assert.deepEqual(t.scheduler.status().state === 'failed' && t.scheduler.status(), {
      state: 'failed',
      currentVersion: '1.2.0',
      channel: 'stable',
      failure: { code: 'feed', message: 'Cannot find channel "latest.yml" update info' },
      retryAt: START + 12 * MIN,
    });
  });

  it('a check that ends without any answer does not stay "checking"', async () => {
    const t = setUp();
    t.feed.answers.push({ events: [] });
    t.scheduler.start();
    await t.advance(2 * MIN);
    assert.equal(t.scheduler.status().state, 'failed');
  });

  it('installs at the manager\'s time once nobody uses the workstation, not before', async () => {
    const t = setUp({ settings: { channel: 'stable', installTime: '19:00' } });
    t.feed.answers.push(downloadAnswer('1.3.0'));
    t.scheduler.start();
    await t.advance(2 * MIN);
    assert.deepEqual(t.scheduler.status(), { state: 'ready', currentVersion: '1.2.0', channel: 'stable', version: '1.3.0', installTime: '19:00' });
    // Someone works until 19:20 (local), then leaves.
    const leaves = Date.parse('2026-11-30T18:20:00Z');
    t.setPresence(() => ({ idleSeconds: Math.max(0, Math.floor((t.time.clock.now() - leaves) / 1000)), locked: false }));
    await t.advance(Date.parse('2026-11-30T18:00:00Z') - t.time.clock.now(), 5 * MIN);
    assert.equal(t.feed.installs, 0);
    await t.advance(Date.parse('2026-11-30T18:29:00Z') - t.time.clock.now(), MIN);
    assert.equal(t.feed.installs, 0, 'nine minutes after they left: still theirs');
    await t.advance(Date.parse('2026-11-30T18:30:00Z') - t.time.clock.now(), MIN);
    assert.equal(t.feed.installs, 1);
  });

  it('"Restart now" installs a ready update, and is refused in words when none is ready', async () => {
    const t = setUp();
    assert.throws(
      () => t.scheduler.installNow(),
      (error: unknown) => error instanceof ApiFailure && error.code === 'NO_UPDATE_READY' && /keeps running this version/.test(error.message),
    );
    t.feed.answers.push(downloadAnswer('1.3.0'));
    t.scheduler.start();
    await t.advance(2 * MIN);
    t.scheduler.installNow();
    assert.equal(t.feed.installs, 1);
    // The installer did not get its elevation: electron-updater reports an error, this version keeps running.
    t.scheduler.onUpdaterEvent({ type: 'error', message: 'The user cancelled the elevation prompt' });
    const status = t.scheduler.status();
    assert.equal(status.state === 'failed' && status.failure.code, 'install');
    // The next look finds the update again (electron-updater kept the download) and it is ready once more.
    t.feed.answers.push(downloadAnswer('1.3.0'));
    await t.advance(10 * MIN);
    assert.equal(t.scheduler.status().state, 'ready');
  });

  it('"Check now" checks at once, and new settings reconfigure electron-updater and show the channel', async () => {
    const t = setUp();
    t.scheduler.start();
    assert.equal(t.scheduler.checkNow().state, 'idle');
    await t.advance(1, 1);
    assert.deepEqual(t.feed.checks, [START]);
    t.scheduler.applySettings({ channel: 'beta', installTime: null });
    assert.equal(t.feed.configured.at(-1)?.allowPrerelease, true);
    assert.equal(t.feed.configured.at(-1)?.feed, null);
    assert.equal(t.published.at(-1)?.channel, 'beta');
  });

  it('takes IT\'s feed from AFTERSALES_UPDATE_URL, for every channel', () => {
    const t = setUp({ feed: updateFeedFrom({ AFTERSALES_UPDATE_URL: 'https://updates.dealer.example/aftersales' }) });
    t.scheduler.start();
    t.scheduler.applySettings({ channel: 'beta', installTime: null });
    assert.deepEqual(
      t.feed.configured.map((options) => options.feed),
      [
        { provider: 'generic', url: 'https://updates.dealer.example/aftersales', channel: 'latest' },
        { provider: 'generic', url: 'https://updates.dealer.example/aftersales', channel: 'beta' },
      ],
    );
  });

  it('a refused AFTERSALES_UPDATE_URL stops updates and says why in the status and the log, never with the address', async () => {
    const t = setUp({ feed: updateFeedFrom({ AFTERSALES_UPDATE_URL: 'https://it:Secret1@updates.dealer.example/' }) });
    t.scheduler.start();
    const status = t.scheduler.status();
    assert.equal(status.state, 'stopped');
    assert.equal(status.state === 'stopped' && status.failure.code, 'feedRefused');
    assert.deepEqual(t.published.map((s) => s.state), ['stopped']);
    assert.equal(t.warnings.length, 1);
    assert.match(t.warnings[0] ?? '', /AFTERSALES_UPDATE_URL is refused \(must not hold a user name or password\)/);
    assert.doesNotMatch(JSON.stringify([status, t.warnings]), /Secret1|updates\.dealer/);
    assert.deepEqual(t.feed.configured, []);
    assert.equal(t.scheduler.checkNow().state, 'stopped');
    await t.advance(24 * HOUR, HOUR);
    assert.deepEqual(t.feed.checks, []);
    assert.equal(updateFeedFrom({ AFTERSALES_UPDATE_URL: 'http://updates.dealer.example/' }).refused?.includes('must start with https://'), true);
  });

  it('a switch from beta to stable with a beta ready: nothing installs on quit or at the install time, and stable is asked at once', async () => {
    const t = setUp({ settings: { channel: 'beta', installTime: '12:00' }, presence: () => ({ idleSeconds: 3600, locked: false }) });
    t.feed.answers.push(downloadAnswer('1.3.0-beta.1'));
    t.scheduler.start();
    await t.advance(2 * MIN);
    assert.equal(t.scheduler.status().state, 'ready');
    assert.equal(t.feed.installOnQuitFlag, true);
    t.scheduler.applySettings({ channel: 'stable', installTime: '12:00' });
    assert.equal(t.feed.installOnQuitFlag, false);
    assert.equal(t.scheduler.status().state, 'idle');
    await t.advance(1, 1);
    assert.equal(t.feed.checks.length, 2);
    assert.equal(t.feed.configured.at(-1)?.allowPrerelease, false);
    await t.advance(Date.parse('2026-11-30T12:00:00Z') - t.time.clock.now(), 10 * MIN);
    assert.equal(t.feed.installs, 0);
    assert.equal(t.feed.installOnQuitFlag, false);
    // The next stable release downloads and is the one that installs on quit.
    t.feed.answers.push(downloadAnswer('1.2.1'));
    t.scheduler.checkNow();
    await t.advance(1, 1);
    assert.deepEqual(t.scheduler.status(), { state: 'ready', currentVersion: '1.2.0', channel: 'stable', version: '1.2.1', installTime: '12:00' });
    assert.equal(t.feed.installOnQuitFlag, true);
  });

  it('where an update cannot install unattended (per-machine Windows, a .deb), no install time is kept: it installs on quit', async () => {
    const t = setUp({ settings: { channel: 'stable', installTime: '12:00' }, installsUnattended: false, presence: () => ({ idleSeconds: 3600, locked: false }) });
    t.feed.answers.push(downloadAnswer('1.3.0'));
    t.scheduler.start();
    await t.advance(2 * MIN);
    assert.deepEqual(t.scheduler.status(), { state: 'ready', currentVersion: '1.2.0', channel: 'stable', version: '1.3.0', installTime: null });
    await t.advance(24 * HOUR, 10 * MIN);
    assert.equal(t.feed.installs, 0);
    assert.equal(t.feed.installOnQuitFlag, true);
  });

  it('an install time set after the download applies to it', async () => {
    const t = setUp({ presence: () => ({ idleSeconds: 3600, locked: false }) });
    t.feed.answers.push(downloadAnswer('1.3.0'));
    t.scheduler.start();
    await t.advance(2 * MIN);
    t.scheduler.applySettings({ channel: 'stable', installTime: '12:00' });
    assert.deepEqual(t.scheduler.status(), { state: 'ready', currentVersion: '1.2.0', channel: 'stable', version: '1.3.0', installTime: '12:00' });
    await t.advance(Date.parse('2026-11-30T10:59:00Z') - t.time.clock.now(), 10 * MIN);
    assert.equal(t.feed.installs, 0);
    await t.advance(2 * MIN, MIN);
    assert.equal(t.feed.installs, 1);
  });

  it('a staged rollout that leaves this workstation out is no failure: the next look is at the usual time', async () => {
    const t = setUp();
    t.feed.answers.push({ events: [{ type: 'checking' }, { type: 'not-available', feed: { version: '1.3.0', stagingPercentage: 25 } }] });
    t.scheduler.start();
    await t.advance(2 * MIN);
    const status = t.scheduler.status();
    assert.deepEqual(status.state === 'idle' && status.heldBack, { version: '1.3.0', percentage: 25 });
    await t.advance(4 * HOUR - MIN);
    assert.equal(t.feed.checks.length, 1);
    await t.advance(MIN);
    assert.equal(t.feed.checks.length, 2);
  });
});
