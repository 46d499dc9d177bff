import { app, BrowserWindow, powerMonitor } from 'electron';
import { autoUpdater, type ProgressInfo, type UpdateDownloadedEvent, type UpdateInfo } from 'electron-updater';
import type { Logger } from 'pino';
import { SettingsSchema } from '../src/api/board-api';
import type { Envelope } from '../src/api/envelope';
import { SessionStateSchema, type SessionState } from '../src/api/people';
import type { UpdateStatus } from '../src/api/shell-api';
import { systemClock } from '../src/ports/clock';
import { createShellDispatcher, updateHandlers, type ShellDispatch } from '../src/shell/update-dispatch';
import { updateFeedFrom } from '../src/shell/update-feed';
import { INSTALL_RULES, installsUnattended } from '../src/shell/update-install';
import { UpdateScheduler, type Updater } from '../src/shell/update-scheduler';
import { loadUpdateSettings } from '../src/shell/update-settings';
import { systemTimers } from '../src/node/system-timers';
import { sendShellEvent } from './shell-ipc';

type CoreDispatch = (method: unknown, params: unknown) => Promise<Envelope<unknown>>;

async function ask<T>(dispatch: CoreDispatch, method: string, parse: (value: unknown) => T): Promise<T> {
  const answer = await dispatch(method, {});
  if (!answer.ok) throw new Error(`${method}: ${answer.error.message}`);
  return parse(answer.value);
}

/** The download's progress on the taskbar button of every window; none when nothing downloads. */
function showProgress(status: UpdateStatus): void {
  const progress = status.state === 'downloading' ? status.percent / 100 : -1;
  for (const window of BrowserWindow.getAllWindows()) window.setProgressBar(progress);
}

/** electron-updater's autoUpdater as the scheduler drives it. */
const electronUpdater: Updater = {
  configure(options) {
    if (options.feed) autoUpdater.setFeedURL(options.feed);
    // The channel first: setting it turns allowDowngrade on, which the policy keeps off.
    autoUpdater.channel = options.channel;
    autoUpdater.allowDowngrade = options.allowDowngrade;
    autoUpdater.allowPrerelease = options.allowPrerelease;
    autoUpdater.autoDownload = options.autoDownload;
  },
  installOnQuit(on) {
    autoUpdater.autoInstallOnAppQuit = on;
  },
  check: () => autoUpdater.checkForUpdates(),
  // Silent on Windows (the NSIS installer's pages were seen at the first install), and the app starts again.
  install: () => autoUpdater.quitAndInstall(true, true),
};

/**
 * Wires electron-updater to the update policy (src/shell): its events to the scheduler, the
 * scheduler's status to the windows and the taskbar. Answers the ShellApi's dispatcher.
 */
export function startUpdater(options: {
  userData: string;
  logger: Logger;
  core: CoreDispatch;
  /** The wall's kiosk window: it hears nothing of updates. */
  isWallWindow: (webContentsId: number) => boolean;
}): ShellDispatch {
  const { userData, logger, core, isWallWindow } = options;
  const loaded = loadUpdateSettings(userData);
  if (loaded.problem) logger.warn(loaded.problem);

  autoUpdater.logger = {
    info: (message?: unknown) => logger.info({ updater: true }, String(message)),
    warn: (message?: unknown) => logger.warn({ updater: true }, String(message)),
    error: (message?: unknown) => logger.error({ updater: true }, String(message)),
    debug: (message: string) => logger.debug({ updater: true }, message),
  };

  const session = () => ask<SessionState>(core, 'getSession', (value) => SessionStateSchema.parse(value));
  const scheduler = new UpdateScheduler({
    clock: systemClock,
    timers: systemTimers,
    currentVersion: app.getVersion(),
    settings: loaded.settings,
    feed: updateFeedFrom(process.env),
    installsUnattended: installsUnattended({ platform: process.platform, execPath: process.execPath, env: process.env }),
    updater: electronUpdater,
    zone: () => ask(core, 'getSettings', (value) => SettingsSchema.parse(value).zone),
    presence: async () => ({
      idleSeconds: powerMonitor.getSystemIdleTime(),
      locked: powerMonitor.getSystemIdleState(INSTALL_RULES.idleThresholdSeconds) === 'locked' || (await session()).locked,
    }),
    publish: (status) => {
      showProgress(status);
      sendShellEvent({ type: 'shell.update', status }, isWallWindow);
    },
    warn: (message, error) => logger.warn(error === null ? {} : { err: error }, message),
  });

  autoUpdater.on('checking-for-update', () => scheduler.onUpdaterEvent({ type: 'checking' }));
  autoUpdater.on('update-available', (info: UpdateInfo) => scheduler.onUpdaterEvent({ type: 'available', version: info.version }));
  autoUpdater.on('update-not-available', (info: UpdateInfo) =>
    scheduler.onUpdaterEvent({
      type: 'not-available',
      feed: info.stagingPercentage === undefined ? { version: info.version } : { version: info.version, stagingPercentage: info.stagingPercentage },
    }),
  );
  autoUpdater.on('download-progress', (progress: ProgressInfo) => scheduler.onUpdaterEvent({ type: 'progress', percent: progress.percent }));
  autoUpdater.on('update-downloaded', (event: UpdateDownloadedEvent) => scheduler.onUpdaterEvent({ type: 'downloaded', version: event.version }));
  autoUpdater.on('error', (error: Error & { code?: string }) => {
    logger.warn({ err: error }, 'update failed; this version keeps running');
    scheduler.onUpdaterEvent({ type: 'error', message: error.message, ...(error.code ? { code: error.code } : {}) });
  });

  // An unpackaged app (npm start) has no app-update.yml and nothing to update: electron-updater
  // would only say so. The status stays "idle" and the settings can still be set.
  if (app.isPackaged) scheduler.start();
  app.on('will-quit', () => scheduler.stop());

  return createShellDispatcher(
    updateHandlers({
      scheduler,
      folder: userData,
      session,
    }),
    (error, method) => logger.error({ err: error, method }, 'ShellApi call failed'),
  );
}
