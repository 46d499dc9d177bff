import { ApiFailure } from '../api/envelope';
import type { UpdateSettings, UpdateStatus } from '../api/shell-api';
import type { Clock } from '../ports/clock';
import type { Timers } from '../ports/timers';
import type { UpdateFeed } from './update-feed';
import { installDecision, INSTALL_RULES, type InstallRules, type Presence } from './update-install';
import {
  applyUpdaterEvent,
  checkRequested,
  feedRefused,
  initialUpdateState,
  installStarted,
  readyWithInstallTime,
  UPDATE_TIMING,
  updaterOptions,
  withSettings,
  type UpdateState,
  type UpdaterEvent,
  type UpdaterOptions,
  type UpdateTiming,
} from './update-policy';

/** The part of electron-updater the scheduler drives (main/updater.ts adapts autoUpdater to it). */
export interface Updater {
  configure(options: UpdaterOptions): void;
  /** Looks for an update; the outcome comes back as events. */
  check(): Promise<unknown>;
  /** Quits and installs the downloaded update. */
  install(): void;
  /** electron-updater's autoInstallOnAppQuit: whether the downloaded file installs when the app quits. */
  installOnQuit(on: boolean): void;
}

export interface UpdateSchedulerDeps {
  clock: Clock;
  timers: Timers;
  currentVersion: string;
  settings: UpdateSettings;
  /** IT's feed (update-feed.ts): an address from the environment, null for the installer's, or why the one set was refused. */
  feed: UpdateFeed;
  /** Whether an update can install with nobody there (update-install.ts installsUnattended); if not, no install time is kept. */
  installsUnattended: boolean;
  updater: Updater;
  /** The dealership's zone (the core's settings), for the install time. */
  zone(): Promise<string>;
  presence(): Promise<Presence>;
  /** Every change of status, for the windows and the taskbar. */
  publish(status: UpdateStatus): void;
  /** What went wrong that nobody asked about (a presence or zone that could not be read). */
  warn(message: string, error: unknown): void;
  timing?: UpdateTiming;
  installRules?: InstallRules;
  random?: () => number;
}

/**
 * Runs the update policy over time: checks when they fall due, hands the updater's events to
 * the rules, and installs a ready update at the manager's install time when the workstation is
 * idle. All waiting is on the Timers port, so tests move time by hand.
 */
export class UpdateScheduler {
  private state: UpdateState;
  private settings: UpdateSettings;
  private cancelCheck: (() => void) | null = null;
  private cancelInstall: (() => void) | null = null;
  private readonly timing: UpdateTiming;
  private readonly installRules: InstallRules;
  /** What electron-updater was last told about installing on quit (it starts with true). */
  private installOnQuit = true;

  constructor(private readonly deps: UpdateSchedulerDeps) {
    this.timing = deps.timing ?? UPDATE_TIMING;
    this.installRules = deps.installRules ?? INSTALL_RULES;
    this.settings = deps.settings;
    this.state = initialUpdateState(deps.currentVersion, deps.settings, deps.clock.now(), this.timing);
  }

  start(): void {
    const { feed } = this.deps;
    if (feed.refused !== null) {
      // Not the installer's feed instead: IT named one, and another would not be what IT meant.
      this.deps.warn(feed.refused, null);
      this.state = feedRefused(this.state, feed.refused);
      this.deps.publish(this.state.status);
      return;
    }
    this.deps.updater.configure(updaterOptions(this.settings, feed.feedUrl));
    this.scheduleCheck();
  }

  stop(): void {
    this.cancelCheck?.();
    this.cancelInstall?.();
    this.cancelCheck = null;
    this.cancelInstall = null;
  }

  status(): UpdateStatus {
    return this.state.status;
  }

  /** One of electron-updater's events. */
  onUpdaterEvent(event: UpdaterEvent): void {
    const before = this.state.status;
    this.state = applyUpdaterEvent(this.state, event, this.deps.clock.now(), this.timing, this.deps.random);
    // In step with the event: electron-updater reads the flag right after it emits update-downloaded.
    this.syncInstallOnQuit();
    if (this.state.status.state === 'ready' && before.state !== 'ready') {
      this.state = readyWithInstallTime(this.state, this.installTime());
      this.planInstall();
    }
    if (this.state.status !== before) this.deps.publish(this.state.status);
    this.scheduleCheck();
  }

  /** "Check now": at once, unless a check or download runs or an update is ready. */
  checkNow(): UpdateStatus {
    this.state = checkRequested(this.state, this.deps.clock.now());
    this.scheduleCheck();
    return this.state.status;
  }

  /** The user's "Restart now". */
  installNow(): void {
    if (this.state.status.state !== 'ready') {
      throw new ApiFailure('NO_UPDATE_READY', 'No update has been downloaded yet; the app keeps running this version.');
    }
    this.install();
  }

  /** The settings it works by: the file's at start, then each one a manager saved. */
  currentSettings(): UpdateSettings {
    return this.settings;
  }

  applySettings(settings: UpdateSettings): void {
    this.settings = settings;
    if (this.deps.feed.refused === null) this.deps.updater.configure(updaterOptions(settings, this.deps.feed.feedUrl));
    this.state = withSettings(this.state, settings, this.deps.clock.now());
    this.state = readyWithInstallTime(this.state, this.installTime());
    this.syncInstallOnQuit();
    this.deps.publish(this.state.status);
    this.planInstall();
    this.scheduleCheck();
  }

  /** The manager's install time, where an update can install unattended; elsewhere none (it installs on quit). */
  private installTime(): string | null {
    return this.deps.installsUnattended ? this.settings.installTime : null;
  }

  private syncInstallOnQuit(): void {
    if (this.state.installOnQuit === this.installOnQuit) return;
    this.installOnQuit = this.state.installOnQuit;
    this.deps.updater.installOnQuit(this.installOnQuit);
  }

  private install(): void {
    this.state = installStarted(this.state);
    this.deps.updater.install();
  }

  private scheduleCheck(): void {
    this.cancelCheck?.();
    this.cancelCheck = null;
    const at = this.state.nextCheckAt;
    if (at === null) return;
    this.cancelCheck = this.deps.timers.after(Math.max(0, at - this.deps.clock.now()), () => this.runCheck());
  }

  private runCheck(): void {
    this.cancelCheck = null;
    this.onUpdaterEvent({ type: 'checking' });
    this.deps.updater.check().then(
      () => {
        // electron-updater reports its outcome as events before the call returns; a call that
        // ends without one (an updater that is not active) must not leave "checking" forever.
        if (this.state.status.state === 'checking') this.onUpdaterEvent({ type: 'error', message: 'The updater ended its check without an answer.' });
      },
      (error: unknown) => {
        const { message, code } = error as { message?: unknown; code?: unknown };
        this.onUpdaterEvent({
          type: 'error',
          message: typeof message === 'string' ? message : String(error),
          ...(typeof code === 'string' ? { code } : {}),
        });
      },
    );
  }

  /** At the manager's install time (if one is set), install when nobody uses the workstation. */
  private planInstall(): void {
    this.cancelInstall?.();
    this.cancelInstall = null;
    const installTime = this.installTime();
    if (this.state.status.state !== 'ready' || installTime === null) return;
    void this.deps.zone().then(
      (zone) => this.decideInstall(zone, installTime),
      (error: unknown) => this.deps.warn('The dealership\'s zone could not be read; the update installs on quit or when the user says so.', error),
    );
  }

  private async decideInstall(zone: string, installTime: string): Promise<void> {
    // Settings may have changed while the zone was read: only the latest plan counts.
    if (this.installTime() !== installTime || this.state.status.state !== 'ready') return;
    let presence: Presence;
    try {
      presence = await this.deps.presence();
    } catch (error) {
      // Not knowing whether someone works here is not knowing they are away: wait for the next attempt.
      this.deps.warn('Whether the workstation is in use could not be read; the update waits.', error);
      presence = { idleSeconds: 0, locked: false };
    }
    if (this.installTime() !== installTime || this.state.status.state !== 'ready') return;
    const now = this.deps.clock.now();
    const decision = installDecision(now, zone, installTime, presence, this.installRules);
    if (decision.install) {
      this.install();
      return;
    }
    this.cancelInstall?.();
    this.cancelInstall = this.deps.timers.after(decision.nextAttemptAt - now, () => {
      this.cancelInstall = null;
      void this.decideInstall(zone, installTime);
    });
  }
}
