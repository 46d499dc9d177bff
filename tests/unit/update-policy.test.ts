import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_UPDATE_SETTINGS, UpdateSettingsSchema, UpdateStatusSchema } from '../../src/api/shell-api';
import {
  applyUpdaterEvent,
  checkRequested,
  classifyFailure,
  compareVersions,
  heldBackByRollout,
  initialUpdateState,
  installStarted,
  isCheckDue,
  UPDATE_TIMING,
  updaterOptions,
  withSettings,
  type UpdaterEvent,
  type UpdateState,
} from '../../src/shell/update-policy';

const START = Date.parse('2026-11-30T08:00:00Z');
const MIN = 60_000;
const HOUR = 3_600_000;
/** The top of the backoff's window: the wait is then its ceiling exactly. */
const TOP = () => 1;

function run(events: Array<[number, UpdaterEvent]>, state = initialUpdateState('1.2.0', DEFAULT_UPDATE_SETTINGS, START)): UpdateState {
  for (const [at, event] of events) {
    state = applyUpdaterEvent(state, event, at, UPDATE_TIMING, TOP);
    // Every status the policy reaches crosses the IPC boundary: it must be one the contract accepts.
    UpdateStatusSchema.parse(state.status);
  }
  return state;
}

describe('when the update policy looks for an update', () => {
  it('first a couple of minutes after the start, so the board and its sync come first', () => {
    const state = initialUpdateState('1.2.0', DEFAULT_UPDATE_SETTINGS, START);
    assert.equal(isCheckDue(state, START), false);
    assert.equal(isCheckDue(state, START + 2 * MIN - 1), false);
    assert.equal(isCheckDue(state, START + 2 * MIN), true);
  });

  it('then every four hours after a check that found nothing', () => {
    const at = START + 2 * MIN;
    const state = run([
      [at, { type: 'checking' }],
      [at + 500, { type: 'not-available', feed: { version: '1.2.0' } }],
    ]);
    assert.deepEqual(state.status, { state: 'idle', currentVersion: '1.2.0', channel: 'stable', lastCheckedAt: at + 500, heldBack: null });
    assert.equal(state.nextCheckAt, at + 500 + 4 * HOUR);
    assert.equal(isCheckDue(state, at + 500 + 4 * HOUR - 1), false);
  });

  it('never while a check or a download runs, nor once an update waits to install', () => {
    const at = START + 2 * MIN;
    const checking = run([[at, { type: 'checking' }]]);
    assert.equal(isCheckDue(checking, at + 24 * HOUR), false);
    const downloading = run([[at + 1, { type: 'available', version: '1.3.0' }]], checking);
    assert.equal(isCheckDue(downloading, at + 24 * HOUR), false);
    const ready = run([[at + 2, { type: 'downloaded', version: '1.3.0' }]], downloading);
    assert.equal(isCheckDue(ready, at + 30 * 24 * HOUR), false);
    // "Check now" changes none of that.
    assert.equal(checkRequested(ready, at + 3), ready);
    assert.equal(checkRequested(downloading, at + 3), downloading);
  });

  it('at once when the user asks, when idle or after a failure', () => {
    const idle = run([
      [START, { type: 'checking' }],
      [START, { type: 'not-available', feed: { version: '1.2.0' } }],
    ]);
    assert.equal(isCheckDue(checkRequested(idle, START + MIN), START + MIN), true);
  });
});

describe('a failed check or download', () => {
  it('leaves the installed version as it is, says why in a code and the updater\'s words, and tries again after a backoff', () => {
    const at = START + 2 * MIN;
    const state = run([
      [at, { type: 'checking' }],
      [at + 100, { type: 'error', message: 'getaddrinfo ENOTFOUND updates.dealer.example' }],
    ]);
    assert.equal(state.status.state, 'failed');
    assert.equal(state.status.currentVersion, '1.2.0');
    assert.deepEqual(state.status.state === 'failed' && state.status.failure, { code: 'offline', message: 'getaddrinfo ENOTFOUND updates.dealer.example' });
    assert.equal(state.nextCheckAt, at + 100 + 10 * MIN);
    assert.equal(state.status.state === 'failed' && state.status.retryAt, at + 100 + 10 * MIN);
  });

  it('waits longer after each failure in a row, up to the usual interval, and forgets them after a success', () => {
    let state = initialUpdateState('1.2.0', DEFAULT_UPDATE_SETTINGS, START);
    const waits: number[] = [];
    let now: number;
    for (let i = 0; i < 7; i += 1) {
      now = state.nextCheckAt ?? assert.fail('a retry is planned');
      state = run([[now, { type: 'checking' }], [now, { type: 'error', message: 'connect ECONNREFUSED 10.0.0.5:443' }]], state);
      waits.push((state.nextCheckAt ?? 0) - now);
    }
    assert.deepEqual(waits, [10 * MIN, 20 * MIN, 40 * MIN, 80 * MIN, 160 * MIN, 4 * HOUR, 4 * HOUR]);
    assert.equal(state.failures, 7);
    now = state.nextCheckAt ?? 0;
    state = run([[now, { type: 'checking' }], [now, { type: 'not-available', feed: { version: '1.2.0' } }]], state);
    assert.equal(state.failures, 0);
  });

  it('counts once when electron-updater both emits the error and rejects the check', () => {
    const at = START + 2 * MIN;
    const once = run([[at, { type: 'checking' }], [at, { type: 'error', message: 'net::ERR_INTERNET_DISCONNECTED' }]]);
    const twice = run([[at, { type: 'error', message: 'net::ERR_INTERNET_DISCONNECTED' }]], once);
    assert.equal(twice, once);
    assert.equal(twice.failures, 1);
  });

  it('during a download (a checksum that does not match) goes back to the working version, and a later try starts over', () => {
    const at = START + 2 * MIN;
    const state = run([
      [at, { type: 'checking' }],
      [at, { type: 'available', version: '1.3.0' }],
      [at + MIN, { type: 'progress', percent: 62.5 }],
      [at + 2 * MIN, { type: 'error', message: 'sha512 checksum mismatch, expected abc, got def', code: 'ERR_CHECKSUM_MISMATCH' }],
    ]);
    assert.equal(state.status.state, 'failed');
    assert.equal(state.status.state === 'failed' && state.status.failure.code, 'integrity');
    const again = run([[state.nextCheckAt ?? 0, { type: 'checking' }], [state.nextCheckAt ?? 0, { type: 'available', version: '1.3.0' }]], state);
    assert.deepEqual(again.status, { state: 'downloading', currentVersion: '1.2.0', channel: 'stable', version: '1.3.0', percent: 0 });
  });

  it('after the update is ready does not take the readiness away', () => {
    const ready = run([[START, { type: 'checking' }], [START, { type: 'available', version: '1.3.0' }], [START, { type: 'downloaded', version: '1.3.0' }]]);
    assert.equal(run([[START + MIN, { type: 'error', message: 'whatever' }]], ready), ready);
    assert.equal(run([[START + MIN, { type: 'not-available', feed: { version: '1.2.0' } }]], ready), ready);
  });
});

describe('a failed installation', () => {
  it('(a refused elevation, a failed dpkg) is said as such, leaves this version running, and the update is looked for again', () => {
    const ready = run([[START, { type: 'checking' }], [START, { type: 'available', version: '1.3.0' }], [START, { type: 'downloaded', version: '1.3.0' }]]);
    const failed = run([[START + HOUR, { type: 'error', message: 'pkexec: Request dismissed' }]], installStarted(ready));
    assert.deepEqual(failed.status, {
      state: 'failed',
      currentVersion: '1.2.0',
      channel: 'stable',
      failure: { code: 'install', message: 'pkexec: Request dismissed' },
      retryAt: START + HOUR + 10 * MIN,
    });
    assert.equal(failed.installing, false);
    assert.equal(failed.nextCheckAt, START + HOUR + 10 * MIN);
  });
});

describe('the download', () => {
  it('shows its progress, clamped to 0–100, and then the version ready to install', () => {
    const at = START + 2 * MIN;
    const downloading = run([
      [at, { type: 'checking' }],
      [at, { type: 'available', version: '1.3.0' }],
      [at + 1, { type: 'progress', percent: 45.2 }],
    ]);
    assert.deepEqual(downloading.status, { state: 'downloading', currentVersion: '1.2.0', channel: 'stable', version: '1.3.0', percent: 45.2 });
    const percentAfter = (percent: number) => {
      const status = run([[at + 2, { type: 'progress', percent }]], downloading).status;
      return status.state === 'downloading' ? status.percent : assert.fail(`still downloading, not ${status.state}`);
    };
    assert.equal(percentAfter(100.0004), 100);
    assert.equal(percentAfter(-3), 0);
    const ready = run([[at + 3, { type: 'downloaded', version: '1.3.0' }]], downloading);
    assert.deepEqual(ready.status, { state: 'ready', currentVersion: '1.2.0', channel: 'stable', version: '1.3.0', installTime: null });
    assert.equal(ready.nextCheckAt, null);
  });

  it('ignores progress that comes when nothing downloads', () => {
    const idle = initialUpdateState('1.2.0', DEFAULT_UPDATE_SETTINGS, START);
    assert.equal(run([[START, { type: 'progress', percent: 10 }]], idle), idle);
  });
});

describe('a staged rollout (latest.yml\'s stagingPercentage)', () => {
  it('is electron-updater\'s to decide: a newer version it did not offer shows as held back, looked for again at the usual pace', () => {
    const at = START + 2 * MIN;
    const state = run([
      [at, { type: 'checking' }],
      [at, { type: 'not-available', feed: { version: '1.3.0', stagingPercentage: 20 } }],
    ]);
    assert.deepEqual(state.status, { state: 'idle', currentVersion: '1.2.0', channel: 'stable', lastCheckedAt: at, heldBack: { version: '1.3.0', percentage: 20 } });
    // Not a failure, and not asked again sooner: this installation's place in the rollout does not change.
    assert.equal(state.failures, 0);
    assert.equal(state.nextCheckAt, at + UPDATE_TIMING.checkIntervalMs);
  });

  it('is not held back when the feed has no newer version, no percentage or 100%', () => {
    assert.equal(heldBackByRollout({ version: '1.3.0' }, '1.2.0'), null);
    assert.equal(heldBackByRollout({ version: '1.3.0', stagingPercentage: 100 }, '1.2.0'), null);
    assert.equal(heldBackByRollout({ version: '1.2.0', stagingPercentage: 10 }, '1.2.0'), null);
    assert.equal(heldBackByRollout({ version: '1.1.9', stagingPercentage: 10 }, '1.2.0'), null);
    assert.equal(heldBackByRollout({ version: '1.3.0', stagingPercentage: Number.NaN }, '1.2.0'), null);
    assert.deepEqual(heldBackByRollout({ version: '1.2.1', stagingPercentage: 0 }, '1.2.0'), { version: '1.2.1', percentage: 0 });
  });

  it('is never overridden by the options the policy gives electron-updater', () => {
    // Only these keys are set on autoUpdater: none of them (isUserWithinRollout, stagingUserId) touches the rollout.
    assert.deepEqual(Object.keys(updaterOptions(DEFAULT_UPDATE_SETTINGS, null)).sort(), ['allowDowngrade', 'allowPrerelease', 'autoDownload', 'channel', 'feed']);
  });
});

describe('the channel and the feed', () => {
  it('stable reads latest.yml without pre-releases; beta reads beta.yml with them; neither ever downgrades by itself', () => {
    assert.deepEqual(updaterOptions(DEFAULT_UPDATE_SETTINGS, null), {
      channel: 'latest',
      allowPrerelease: false,
      allowDowngrade: false,
      autoDownload: true,
      feed: null,
    });
    const beta = updaterOptions({ channel: 'beta', installTime: null }, 'https://updates.dealer.example/aftersales');
    assert.equal(beta.channel, 'beta');
    assert.equal(beta.allowPrerelease, true);
    assert.equal(beta.allowDowngrade, false);
    assert.deepEqual(beta.feed, { provider: 'generic', url: 'https://updates.dealer.example/aftersales', channel: 'beta' });
  });

  it('a new install time reaches a ready update of the same channel', () => {
    const ready = run([[START, { type: 'checking' }], [START, { type: 'available', version: '1.3.0' }], [START, { type: 'downloaded', version: '1.3.0' }]]);
    const changed = withSettings(ready, { channel: 'stable', installTime: '19:00' }, START + MIN);
    assert.deepEqual(changed.status, { state: 'ready', currentVersion: '1.2.0', channel: 'stable', version: '1.3.0', installTime: '19:00' });
    assert.equal(changed.installOnQuit, true);
  });

  it('a switch from beta to stable drops the ready beta: not installed on quit, and stable is looked at at once', () => {
    const onBeta = initialUpdateState('1.2.0', { channel: 'beta', installTime: '19:00' }, START);
    const ready = run([[START, { type: 'checking' }], [START, { type: 'available', version: '1.3.0-beta.1' }], [START, { type: 'downloaded', version: '1.3.0-beta.1' }]], onBeta);
    assert.equal(ready.status.state, 'ready');
    const stable = withSettings(ready, { channel: 'stable', installTime: '19:00' }, START + HOUR);
    assert.deepEqual(stable.status, { state: 'idle', currentVersion: '1.2.0', channel: 'stable', lastCheckedAt: null, heldBack: null });
    assert.equal(stable.installOnQuit, false);
    assert.equal(isCheckDue(stable, START + HOUR), true);
    // Stable has nothing newer: the beta stays dropped, and nothing installs on quit.
    const after = run([[START + HOUR, { type: 'checking' }], [START + HOUR + 1, { type: 'not-available', feed: { version: '1.2.0' } }]], stable);
    assert.equal(after.status.state, 'idle');
    assert.equal(after.installOnQuit, false);
  });

  it('a beta download that finishes after the switch to stable is dropped too, and the next stable release is taken', () => {
    const onBeta = initialUpdateState('1.2.0', { channel: 'beta', installTime: null }, START);
    const downloading = run([[START, { type: 'checking' }], [START, { type: 'available', version: '1.3.0-beta.1' }], [START, { type: 'progress', percent: 40 }]], onBeta);
    const stable = withSettings(downloading, { channel: 'stable', installTime: null }, START + MIN);
    assert.equal(stable.status.state, 'idle');
    const finished = run([[START + 2 * MIN, { type: 'downloaded', version: '1.3.0-beta.1' }]], stable);
    assert.equal(finished.status.state, 'idle');
    assert.equal(finished.installOnQuit, false);
    assert.equal(isCheckDue(finished, START + 2 * MIN), true);
    // Even a beta offered during a check begun before the switch is not made ready on stable.
    const raced = run([[START + 3 * MIN, { type: 'available', version: '1.3.0-beta.1' }], [START + 4 * MIN, { type: 'downloaded', version: '1.3.0-beta.1' }]], finished);
    assert.equal(raced.status.state, 'idle');
    assert.equal(raced.installOnQuit, false);
    const release = run([[START + 5 * MIN, { type: 'checking' }], [START + 5 * MIN, { type: 'available', version: '1.2.1' }], [START + 6 * MIN, { type: 'downloaded', version: '1.2.1' }]], raced);
    assert.deepEqual(release.status, { state: 'ready', currentVersion: '1.2.0', channel: 'stable', version: '1.2.1', installTime: null });
    assert.equal(release.installOnQuit, true);
  });

  it('a switch from stable to beta drops the ready stable release and looks at beta at once', () => {
    const ready = run([[START, { type: 'checking' }], [START, { type: 'available', version: '1.2.1' }], [START, { type: 'downloaded', version: '1.2.1' }]]);
    const beta = withSettings(ready, { channel: 'beta', installTime: null }, START + MIN);
    assert.equal(beta.status.state, 'idle');
    assert.equal(beta.status.channel, 'beta');
    assert.equal(beta.installOnQuit, false);
    assert.equal(beta.nextCheckAt, START + MIN);
  });

  it('a switch of channel after a quiet check looks at the new one at once', () => {
    const quiet = run([[START, { type: 'checking' }], [START, { type: 'not-available', feed: { version: '1.2.0' } }]]);
    assert.equal(quiet.nextCheckAt, START + 4 * HOUR);
    assert.equal(withSettings(quiet, { channel: 'beta', installTime: null }, START + MIN).nextCheckAt, START + MIN);
    assert.equal(withSettings(quiet, { channel: 'stable', installTime: '19:00' }, START + MIN).nextCheckAt, START + 4 * HOUR);
  });

  it('the settings schema refuses a time that is not HH:MM and an unknown channel, and holds no feed address', () => {
    const problems = (value: unknown) => {
      const parsed = UpdateSettingsSchema.safeParse(value);
      return parsed.success ? [] : parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    };
    assert.deepEqual(problems({ channel: 'beta', installTime: '19:00' }), []);
    assert.deepEqual(problems({ channel: 'stable', installTime: '24:00' }), ['installTime: must be a time HH:MM, 00:00 to 23:59']);
    assert.deepEqual(problems({ channel: 'stable', installTime: '7:00' }), ['installTime: must be a time HH:MM, 00:00 to 23:59']);
    assert.equal(problems({ channel: 'nightly', installTime: null }).length, 1);
    assert.deepEqual(Object.keys(UpdateSettingsSchema.parse({ channel: 'beta', installTime: null, feedUrl: 'https://evil.example/' })).sort(), ['channel', 'installTime']);
  });
});

describe('the reasons a failure gives', () => {
  it('tell a network problem, a feed problem, a damaged download and anything else apart', () => {
    const code = (message: string, errorCode?: string) => classifyFailure(errorCode === undefined ? { message } : { message, code: errorCode }).code;
    assert.equal(code('net::ERR_INTERNET_DISCONNECTED'), 'offline');
    assert.equal(code('connect ETIMEDOUT 10.1.1.1:443'), 'offline');
    assert.equal(code('Cannot find latest.yml in the latest release artifacts', 'ERR_UPDATER_CHANNEL_FILE_NOT_FOUND'), 'feed');
    assert.equal(code('Unable to find latest version on GitHub', 'ERR_UPDATER_LATEST_VERSION_NOT_FOUND'), 'feed');
    assert.equal(code('Cannot find file', 'ERR_UPDATER_ASSET_NOT_FOUND'), 'download');
    assert.equal(code('sha512 checksum mismatch, expected x, got y', 'ERR_CHECKSUM_MISMATCH'), 'integrity');
    assert.equal(code('New version 1.3.0 is not signed by the application owner: publisherNames: Dealer', 'ERR_UPDATER_INVALID_SIGNATURE'), 'integrity');
    assert.equal(code('EPERM: operation not permitted'), 'other');
  });
});

describe('compareVersions (semver precedence)', () => {
  it('orders releases, pre-releases and build metadata as semver does', () => {
    const ordered = ['1.0.0-alpha', '1.0.0-alpha.1', '1.0.0-alpha.beta', '1.0.0-beta', '1.0.0-beta.2', '1.0.0-beta.11', '1.0.0-rc.1', '1.0.0', '1.0.1', '1.2.0', '1.10.0', '2.0.0'];
    for (let i = 0; i < ordered.length; i += 1) {
      for (let j = 0; j < ordered.length; j += 1) {
        assert.equal(compareVersions(ordered[i] ?? '', ordered[j] ?? ''), Math.sign(i - j), `${ordered[i]} vs ${ordered[j]}`);
      }
    }
    assert.equal(compareVersions('1.2.0+build.5', '1.2.0'), 0);
    assert.equal(compareVersions('v1.3.0', '1.2.9'), 1);
  });
});
