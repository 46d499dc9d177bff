import { BrowserWindow, dialog, powerSaveBlocker } from 'electron';
import { join } from 'node:path';
import type { BoardEvent } from '../src/api/board-api';
import { IPC_EVENT_CHANNEL } from '../src/api/bridge';
import { wallEventOf, type WallSettings } from '../src/api/wall';
import type { Logger } from '../src/ports/logger';
import { wallAddress } from '../src/shell/wall-window';
import { wallStartFrom, WallSettingsError, type WallStart } from '../src/shell/wall-settings';
import { WALL_UNRESPONSIVE_MS, WallReloads } from '../src/shell/wall-recovery';
import { APP_ORIGIN } from './app-protocol';

/** The wall's own page in the bundle (a second Vite entry): a wall never loads the advisors' app. */
export const WALL_PAGE = `${APP_ORIGIN}/wall.html`;

/**
 * The wall screen on a wall device: one full-screen kiosk window, no menu, no dev tools, the
 * display kept awake while it shows. It hears only that the board changed (never a message's
 * words), its IPC calls are limited to the wall's (main/ipc.ts asks src/shell/wall-window),
 * and a renderer that dies or hangs is loaded again, since nobody stands at a wall to do it.
 */
export class WallWindow {
  private window: BrowserWindow | null = null;
  private blocker: number | null = null;
  private readonly reloads = new WallReloads();
  private reloadTimer: NodeJS.Timeout | null = null;
  private hungTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly preloadDir: string,
    private readonly settings: WallSettings,
    private readonly logger: Logger,
  ) {}

  owns(window: BrowserWindow): boolean {
    return window === this.window;
  }

  /** Whether an IPC call came from the wall's window (its web contents), whatever page it shows. */
  sentBy(webContentsId: number): boolean {
    return this.window !== null && !this.window.isDestroyed() && this.window.webContents.id === webContentsId;
  }

  open(): BrowserWindow {
    if (this.window) return this.bringForward();
    const window = new BrowserWindow({
      kiosk: true,
      fullscreen: true,
      frame: false,
      autoHideMenuBar: true,
      title: 'Aftersales Board',
      backgroundColor: '#0f1b28',
      show: false,
      webPreferences: {
        preload: join(this.preloadDir, 'preload.cjs'),
        contextIsolation: true,
        sandbox: true,
        nodeIntegration: false,
        webSecurity: true,
        spellcheck: false,
        // A middle click would ask for a new window; the guards refuse it anyway, and this keeps it from being asked.
        disableBlinkFeatures: 'Auxclick',
        devTools: false,
      },
    });
    this.window = window;
    // No menu on the kiosk window, and none from the application's either (main.ts sets none while the wall shows).
    window.setMenu(null);
    window.once('ready-to-show', () => {
      window.show();
      // A screen that goes dark is no wall: kept awake while it shows, released when it closes.
      this.blocker = powerSaveBlocker.start('prevent-display-sleep');
    });
    window.webContents.on('render-process-gone', (_event, details) => {
      this.clearHung();
      if (this.reloadTimer) return;
      // Loaded again after a wait that grows while it keeps dying (src/shell/wall-recovery), never in a tight loop.
      const wait = this.reloads.gone(Date.now());
      this.logger.error({ reason: details.reason, waitMs: wait }, 'the wall’s page went; loading it again after a wait');
      this.reloadTimer = setTimeout(() => {
        this.reloadTimer = null;
        if (window.isDestroyed()) return;
        this.reloads.loading(Date.now());
        window.reload();
      }, wait);
    });
    // A hung page (a script that never returns) is ended after a while; its end loads it again as above.
    window.on('unresponsive', () => {
      if (this.hungTimer) return;
      this.logger.warn({ afterMs: WALL_UNRESPONSIVE_MS }, 'the wall’s page does not answer; ending it if it stays so');
      this.hungTimer = setTimeout(() => {
        this.hungTimer = null;
        if (!window.isDestroyed()) window.webContents.forcefullyCrashRenderer();
      }, WALL_UNRESPONSIVE_MS);
    });
    window.on('responsive', () => this.clearHung());
    window.on('closed', () => {
      this.clearHung();
      if (this.reloadTimer) clearTimeout(this.reloadTimer);
      this.reloadTimer = null;
      if (this.blocker !== null && powerSaveBlocker.isStarted(this.blocker)) powerSaveBlocker.stop(this.blocker);
      this.blocker = null;
      this.window = null;
    });
    this.reloads.loading(Date.now());
    void window.loadURL(wallAddress(WALL_PAGE, this.settings));
    return window;
  }

  private clearHung(): void {
    if (this.hungTimer) clearTimeout(this.hungTimer);
    this.hungTimer = null;
  }

  bringForward(): BrowserWindow {
    const window = this.window ?? this.open();
    window.show();
    window.focus();
    return window;
  }

  /** Tells the wall's page that the board changed: its type alone, so a customer's words never reach it. */
  take(event: BoardEvent): void {
    const wallEvent = wallEventOf(event);
    if (wallEvent && this.window && !this.window.isDestroyed()) this.window.webContents.send(IPC_EVENT_CHANNEL, wallEvent);
  }

  close(): void {
    this.window?.close();
  }
}

/** The wall's settings from the command line and the environment; in error, IT is told in words and the app does not start. */
export function readWallStart(logger: Logger): WallStart | null {
  try {
    return wallStartFrom(process.argv, process.env, 'app');
  } catch (error) {
    if (!(error instanceof WallSettingsError)) throw error;
    logger.error({ problem: error.message }, 'the wall’s settings are not right');
    dialog.showErrorBox('Aftersales Board: the wall’s settings are not right', error.message);
    return null;
  }
}
