import { BrowserWindow, dialog, powerSaveBlocker } from 'electron';
import { join } from 'node:path';
import type { BoardEvent } from '../src/api/board-api';
import { IPC_EVENT_CHANNEL } from '../src/api/bridge';
import { wallEventOf, type WallSettings } from '../src/api/wall';
import type { Logger } from '../src/ports/logger';
import { wallAddress } from '../src/shell/wall-window';
import { wallStartFrom, WallSettingsError, type WallStart } from '../src/shell/wall-settings';
import { APP_ORIGIN } from './app-protocol';

/** The wall's own page in the bundle (a second Vite entry): a wall never loads the advisors' app. */
export const WALL_PAGE = `${APP_ORIGIN}/wall.html`;

/**
 * The wall screen on a wall device: one full-screen kiosk window, no menu, no dev tools, the
 * display kept awake while it shows. It hears only that the board changed (never a message's
 * words), its IPC calls are limited to the wall's (main/ipc.ts asks src/shell/wall-window),
 * and a renderer that dies is loaded again, since nobody stands at a wall to do it.
 */
export class WallWindow {
  private window: BrowserWindow | null = null;
  private blocker: number | null = null;

  constructor(
    private readonly preloadDir: string,
    private readonly settings: WallSettings,
    private readonly logger: Logger,
  ) {}

  owns(window: BrowserWindow): boolean {
    return window === this.window;
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
        devTools: false,
      },
    });
    this.window = window;
    window.removeMenu();
    window.once('ready-to-show', () => {
      window.show();
      // A screen that goes dark is no wall: kept awake while it shows, released when it closes.
      this.blocker = powerSaveBlocker.start('prevent-display-sleep');
    });
    window.webContents.on('render-process-gone', (_event, details) => {
      this.logger.error({ reason: details.reason }, 'the wall’s page went; loading it again');
      if (!window.isDestroyed()) window.reload();
    });
    window.on('closed', () => {
      if (this.blocker !== null && powerSaveBlocker.isStarted(this.blocker)) powerSaveBlocker.stop(this.blocker);
      this.blocker = null;
      this.window = null;
    });
    void window.loadURL(wallAddress(WALL_PAGE, this.settings));
    return window;
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
    return wallStartFrom(process.argv, process.env);
  } catch (error) {
    if (!(error instanceof WallSettingsError)) throw error;
    logger.error({ problem: error.message }, 'the wall’s settings are not right');
    dialog.showErrorBox('Aftersales Board: the wall’s settings are not right', error.message);
    return null;
  }
}
