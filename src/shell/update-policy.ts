import type { UpdateChannel, UpdateFailure, UpdateSettings, UpdateStatus } from '../api/shell-api';
import { retryDelay, type Backoff } from '../domain/retry-delay';

/**
 * The auto-update policy as pure rules: when to look for an update, what the updater's news
 * means for the user, and whether a downloaded update may install now. main/updater.ts hands
 * electron-updater's events to these rules and does what they answer; electron-updater itself
 * downloads, verifies the sha512 of what it downloaded, and installs.
 */

export interface UpdateTiming {
  /** After a start the board, its sync and the backend's stream come first. */
  firstCheckDelayMs: number;
  /** A dealership's updates are rare; a few checks a day find one within the shift. */
  checkIntervalMs: number;
  /** After failures in a row: a feed that is down is asked less and less often, up to the interval. */
  failureBackoff: Backoff;
}

export const UPDATE_TIMING: UpdateTiming = {
  firstCheckDelayMs: 2 * 60_000,
  checkIntervalMs: 4 * 3_600_000,
  failureBackoff: { baseMs: 10 * 60_000, maxMs: 4 * 3_600_000 },
};

/** What electron-updater reports, reduced to what the policy reads. */
export type UpdaterEvent =
  | { type: 'checking' }
  | { type: 'available'; version: string }
  /** `feed` is the feed's latest entry (latest.yml), which electron-updater hands along even when it does not offer it. */
  | { type: 'not-available'; feed: FeedEntry }
  | { type: 'progress'; percent: number }
  | { type: 'downloaded'; version: string }
  | { type: 'error'; message: string; code?: string };

export interface FeedEntry {
  version: string;
  /** latest.yml's stagingPercentage: the share of workstations (0–100) this version is rolled out to. */
  stagingPercentage?: number;
}

export interface UpdateState {
  status: UpdateStatus;
  /** Failed checks or downloads in a row, for the backoff. */
  failures: number;
  /** When the next check is due (an instant, ms); null while one is under way or an update waits to install. */
  nextCheckAt: number | null;
  /** The ready update was told to install: an error now is the installation's (a refused elevation, a failed dpkg). */
  installing: boolean;
  /**
   * electron-updater's autoInstallOnAppQuit. Off from the moment a download is dropped (the channel
   * changed under it) until a download for the channel in force is ready: electron-updater would
   * otherwise install at quit whatever file it downloaded last.
   */
  installOnQuit: boolean;
}

export function initialUpdateState(currentVersion: string, settings: UpdateSettings, startedAt: number, timing = UPDATE_TIMING): UpdateState {
  return {
    status: { state: 'idle', currentVersion, channel: settings.channel, lastCheckedAt: null, heldBack: null },
    failures: 0,
    nextCheckAt: startedAt + timing.firstCheckDelayMs,
    installing: false,
    installOnQuit: true,
  };
}

/** Updates are off because IT's feed address was refused (`message` says why, in IT's words for the log). */
export function feedRefused(state: UpdateState, message: string): UpdateState {
  const { currentVersion, channel } = state.status;
  return { ...state, status: { state: 'stopped', currentVersion, channel, failure: { code: 'feedRefused', message } }, nextCheckAt: null };
}

/** A version this channel may install: stable takes releases only, beta pre-releases too. */
export function allowedOnChannel(version: string, channel: UpdateChannel): boolean {
  return channel === 'beta' || splitVersion(version)[1].length === 0;
}

/** Whether a check is due: never while one runs, a download runs, or an update waits to install. */
export function isCheckDue(state: UpdateState, now: number): boolean {
  return state.nextCheckAt !== null && now >= state.nextCheckAt;
}

/**
 * The state after one of the updater's events. An error counts only while a check or a download
 * is under way (electron-updater both emits it and rejects the call: one failure, not two), and
 * leaves the installed version as it is: the status says why and when it tries again.
 */
export function applyUpdaterEvent(
  state: UpdateState,
  event: UpdaterEvent,
  now: number,
  timing = UPDATE_TIMING,
  random: () => number = Math.random,
): UpdateState {
  const { currentVersion, channel } = state.status;
  const base = { currentVersion, channel };
  if (state.status.state === 'stopped') return state;
  switch (event.type) {
    case 'checking':
      if (state.status.state === 'ready' || state.status.state === 'downloading' || state.status.state === 'checking') return state;
      return { ...state, status: { state: 'checking', ...base }, nextCheckAt: null };
    case 'available':
      return { ...state, status: { state: 'downloading', ...base, version: event.version, percent: 0 }, nextCheckAt: null };
    case 'progress': {
      if (state.status.state !== 'downloading') return state;
      const percent = Math.min(100, Math.max(0, event.percent));
      return { ...state, status: { ...state.status, percent } };
    }
    case 'downloaded': {
      // Only the download this channel asked for: one begun before a change of channel (a beta after a
      // switch to stable) finishes all the same, and is dropped here rather than installed on quit.
      const asked = state.status.state === 'downloading' && state.status.version === event.version && allowedOnChannel(event.version, channel);
      if (!asked) {
        return { status: { state: 'idle', ...base, lastCheckedAt: null, heldBack: null }, failures: 0, nextCheckAt: now, installing: false, installOnQuit: false };
      }
      return { status: { state: 'ready', ...base, version: event.version, installTime: null }, failures: 0, nextCheckAt: null, installing: false, installOnQuit: true };
    }
    case 'not-available':
      if (state.status.state === 'ready') return state;
      return {
        status: { state: 'idle', ...base, lastCheckedAt: now, heldBack: heldBackByRollout(event.feed, currentVersion) },
        failures: 0,
        installing: false,
        installOnQuit: state.installOnQuit,
        // A version held back by a staged rollout is looked for again at the usual pace: asking sooner would not
        // change electron-updater's answer, which depends on this workstation's fixed place in the rollout.
        nextCheckAt: now + timing.checkIntervalMs,
      };
    case 'error': {
      const installFailed = state.status.state === 'ready' && state.installing;
      if (state.status.state !== 'checking' && state.status.state !== 'downloading' && !installFailed) return state;
      const failures = state.failures + 1;
      const retryAt = now + retryDelay(failures, timing.failureBackoff, random);
      // After a failed installation the next check finds the same update again, already downloaded (electron-updater
      // keeps it and checks its sha512), and it is ready once more.
      const failure = installFailed ? { code: 'install' as const, message: event.message } : classifyFailure(event);
      return { status: { state: 'failed', ...base, failure, retryAt }, failures, nextCheckAt: retryAt, installing: false, installOnQuit: state.installOnQuit };
    }
  }
}

/**
 * The state a manager's new settings lead to. The channel shows at once. A change of channel drops
 * an update that is downloading or ready (a beta must not install after a switch to stable, nor a
 * stable one wait in place of the beta asked for), keeps it from installing on quit, and looks
 * again at once on the new channel. With the same channel a ready update keeps going, by the new
 * install time.
 */
export function withSettings(state: UpdateState, settings: UpdateSettings, now: number): UpdateState {
  if (state.status.state === 'stopped') return { ...state, status: { ...state.status, channel: settings.channel } };
  const changed = settings.channel !== state.status.channel;
  if (changed && (state.status.state === 'downloading' || state.status.state === 'ready')) {
    const { currentVersion } = state.status;
    return {
      status: { state: 'idle', currentVersion, channel: settings.channel, lastCheckedAt: null, heldBack: null },
      failures: 0,
      nextCheckAt: now,
      installing: false,
      installOnQuit: false,
    };
  }
  const status = { ...state.status, channel: settings.channel };
  if (status.state === 'ready') status.installTime = settings.installTime;
  // A failure or a quiet feed of the old channel says nothing of the new one: look now.
  const nextCheckAt = changed && state.nextCheckAt !== null ? now : state.nextCheckAt;
  return { ...state, status, nextCheckAt };
}

/** The user asked for a check ("Check now"): due at once unless one is under way or an update is ready. */
export function checkRequested(state: UpdateState, now: number): UpdateState {
  if (state.status.state === 'checking' || state.status.state === 'downloading' || state.status.state === 'ready' || state.status.state === 'stopped') return state;
  return { ...state, nextCheckAt: now };
}

/** The ready update is being installed (at the user's word or at the install time). */
export function installStarted(state: UpdateState): UpdateState {
  return state.status.state === 'ready' ? { ...state, installing: true } : state;
}

/** A ready update's status with the install time it goes by. */
export function readyWithInstallTime(state: UpdateState, installTime: string | null): UpdateState {
  return state.status.state === 'ready' ? { ...state, status: { ...state.status, installTime } } : state;
}

/**
 * The feed's newer version this workstation was not offered because of a staged rollout. The
 * rollout is electron-updater's (it compares the percentage with this installation's own random
 * id): the policy only says so, and never overrides it.
 */
export function heldBackByRollout(feed: FeedEntry, currentVersion: string): { version: string; percentage: number } | null {
  const percentage = feed.stagingPercentage;
  if (percentage === undefined || !Number.isFinite(percentage) || percentage >= 100) return null;
  if (compareVersions(feed.version, currentVersion) <= 0) return null;
  return { version: feed.version, percentage: Math.max(0, percentage) };
}

const NETWORK = /ENOTFOUND|ECONNREFUSED|ECONNRESET|ETIMEDOUT|EAI_AGAIN|ENETUNREACH|net::ERR_/;

/** Why it failed, as a code the renderer words; the updater's own words stay in `message` for IT. */
export function classifyFailure(event: { message: string; code?: string }): UpdateFailure {
  const { message, code } = event;
  const kind: UpdateFailure['code'] =
    code === 'ERR_CHECKSUM_MISMATCH' || code === 'ERR_UPDATER_INVALID_SIGNATURE' || /sha512 checksum mismatch|not signed|signature/i.test(message)
      ? 'integrity'
      : NETWORK.test(message) || NETWORK.test(code ?? '')
        ? 'offline'
        : code !== undefined && /^ERR_UPDATER_(LATEST_VERSION_NOT_FOUND|CHANNEL_FILE_NOT_FOUND|INVALID_UPDATE_INFO|NO_PUBLISHED_VERSIONS|INVALID_RELEASE_FEED|INVALID_VERSION|INVALID_CHANNEL|RELEASE_NOT_FOUND|INVALID_PROVIDER_CONFIGURATION|UNSUPPORTED_PROVIDER)$/.test(code)
          ? 'feed'
          : code !== undefined && /^ERR_(UPDATER_(ASSET|ZIP_FILE|BLOCKMAP_FILE|OLD_FILE)_NOT_FOUND|UPDATER_NO_FILES_PROVIDED|STREAM_NOT_FINISHED|DATA_SPLITTER_.*)$/.test(code)
            ? 'download'
            : 'other';
  return { code: kind, message };
}

/** What electron-updater is set to for these settings (main/updater.ts copies it over). */
export interface UpdaterOptions {
  /** The feed's file: latest.yml (stable) or beta.yml (beta; electron-builder writes it for a -beta version). */
  channel: 'latest' | 'beta';
  allowPrerelease: boolean;
  /**
   * Always false, and set after the channel (setting electron-updater's channel turns it on): a
   * workstation that goes back from beta to stable keeps its beta until a stable release passes
   * it, rather than installing an older version on its own. IT rolls back by publishing a higher
   * version (README).
   */
  allowDowngrade: false;
  autoDownload: true;
  /** IT's feed from the environment (AFTERSALES_UPDATE_URL, checked by update-feed.ts); null: the installer's app-update.yml. */
  feed: { provider: 'generic'; url: string; channel: 'latest' | 'beta' } | null;
}

export function updaterOptions(settings: UpdateSettings, feedUrl: string | null): UpdaterOptions {
  const channel = feedChannel(settings.channel);
  return {
    channel,
    allowPrerelease: settings.channel === 'beta',
    allowDowngrade: false,
    autoDownload: true,
    feed: feedUrl === null ? null : { provider: 'generic', url: feedUrl, channel },
  };
}

function feedChannel(channel: UpdateChannel): 'latest' | 'beta' {
  return channel === 'beta' ? 'beta' : 'latest';
}

/**
 * Semantic-version precedence (semver.org §11) of two versions "1.2.3" or "1.3.0-beta.2": below
 * zero when `a` comes first. Build metadata (+…) is ignored, as semver does.
 */
export function compareVersions(a: string, b: string): number {
  const [coreA, preA] = splitVersion(a);
  const [coreB, preB] = splitVersion(b);
  for (let i = 0; i < 3; i += 1) {
    const diff = (coreA[i] ?? 0) - (coreB[i] ?? 0);
    if (diff !== 0) return Math.sign(diff);
  }
  // A release comes after its pre-releases: of two equal cores, the one without a pre-release part is the later.
  if (preA.length === 0 || preB.length === 0) return Math.sign(preB.length - preA.length);
  for (let i = 0; i < Math.max(preA.length, preB.length); i += 1) {
    const x = preA[i];
    const y = preB[i];
    if (x === undefined) return -1;
    if (y === undefined) return 1;
    if (x === y) continue;
    const numX = /^\d+$/.test(x);
    const numY = /^\d+$/.test(y);
    if (numX && numY) return Math.sign(Number(x) - Number(y));
    if (numX !== numY) return numX ? -1 : 1;
    return x < y ? -1 : 1;
  }
  return 0;
}

function splitVersion(version: string): [number[], string[]] {
  const [withoutBuild = ''] = version.trim().replace(/^v/, '').split('+');
  const dash = withoutBuild.indexOf('-');
  const core = dash === -1 ? withoutBuild : withoutBuild.slice(0, dash);
  const pre = dash === -1 ? '' : withoutBuild.slice(dash + 1);
  return [core.split('.').map((part) => Number.parseInt(part, 10) || 0), pre === '' ? [] : pre.split('.')];
}
