import { BrowserWindow, screen, type Display } from 'electron';
import { join } from 'node:path';
import type { Logger } from '../src/ports/logger';
import { MINIMUM_SIZE, placeWindow, stateFor, withState, type WindowStateFile, type WindowStateStore } from '../src/shell/window-state';
import { APP_ENTRY } from './app-protocol';

const screens = (): Display[] => screen.getAllDisplays();

/**
 * The board windows: each opens where the board was last on this set of screens (src/shell/window-state
 * decides), remembers its place when it closes, and a second launch of the app brings one forward.
 */
export class BoardWindows {
  private readonly windows = new Set<BrowserWindow>();
  private lastFocused: BrowserWindow | null = null;
  private file: WindowStateFile;
  private readonly opened: Array<(window: BrowserWindow) => void> = [];

  constructor(
    private readonly preloadDir: string,
    private readonly store: WindowStateStore,
    private readonly logger: Logger,
  ) {
    const read = store.read();
    if (read.problem) logger.warn({ file: store.path }, read.problem);
    this.file = read.file;
  }

  /** Called with every window that opens (the badge's overlay is set per window on Windows). */
  onOpen(listener: (window: BrowserWindow) => void): void {
    this.opened.push(listener);
  }

  all(): BrowserWindow[] {
    return [...this.windows];
  }

  /** A board window with the secure defaults: isolated, sandboxed, no Node; main/security.ts keeps every web contents in the app. */
  open(): BrowserWindow {
    const place = placeWindow(stateFor(this.file, screens()), screens(), screen.getPrimaryDisplay(), this.windows.size);
    const window = new BrowserWindow({
      ...place.bounds,
      minWidth: MINIMUM_SIZE.width,
      minHeight: MINIMUM_SIZE.height,
      title: 'Aftersales Board',
      backgroundColor: '#eef1f5',
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
      },
    });
    this.windows.add(window);
    window.on('focus', () => (this.lastFocused = window));
    // Remembered as it closes: the normal bounds (those it returns to from maximised or full-screen) and both states.
    window.on('close', () => this.remember(window));
    window.on('closed', () => {
      this.windows.delete(window);
      if (this.lastFocused === window) this.lastFocused = null;
    });
    window.once('ready-to-show', () => {
      if (place.maximized) window.maximize();
      if (place.fullScreen) window.setFullScreen(true);
      window.show();
    });
    for (const listener of this.opened) listener(window);
    void window.loadURL(APP_ENTRY);
    return window;
  }

  /** The window last used, brought forward (restored if minimised); a new one if none is open. */
  bringForward(): BrowserWindow {
    const window = this.lastFocused ?? this.all()[0];
    if (!window) return this.open();
    if (window.isMinimized()) window.restore();
    window.show();
    window.focus();
    return window;
  }

  private remember(window: BrowserWindow): void {
    const bounds = window.getNormalBounds();
    const state = { bounds, maximized: window.isMaximized(), fullScreen: window.isFullScreen() };
    try {
      this.file = withState(this.file, screens(), state);
      this.store.write(this.file);
    } catch (error) {
      // The next start opens centred: worth a line in the log, not a dialog while the user closes the app.
      this.logger.error({ err: error, file: this.store.path }, 'the window’s place could not be remembered');
    }
  }
}
