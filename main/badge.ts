import { app, nativeImage, type BrowserWindow } from 'electron';
import { join } from 'node:path';
import type { Locale } from '../src/api/board-api';
import { badgeImageFile } from '../src/shell/waiting-count';
import { shellWord } from '../src/shell/shell-words';

/**
 * The number of waiting customers on the taskbar or the dock: app.setBadgeCount where the
 * system has badges (the macOS dock, Linux's Unity launcher), and on Windows an overlay icon on
 * each board window's taskbar button, drawn beforehand (resources/badges: 1 to 9, then 9+).
 */
export class Badge {
  private count = 0;
  private locale: Locale = 'en';

  constructor(private readonly badgesDir: string) {}

  show(count: number, locale: Locale, windows: readonly BrowserWindow[]): void {
    this.count = count;
    this.locale = locale;
    if (process.platform === 'win32') for (const window of windows) this.overlay(window);
    // Where the desktop has no launcher badge, Electron answers false and nothing shows: the tray still says it.
    else app.setBadgeCount(count);
  }

  /** A window that opens after the count was shown gets its overlay too (Windows keeps one per taskbar button). */
  apply(window: BrowserWindow): void {
    if (process.platform === 'win32') this.overlay(window);
  }

  private overlay(window: BrowserWindow): void {
    const file = badgeImageFile(this.count);
    if (file === null) {
      window.setOverlayIcon(null, '');
      return;
    }
    // The description is what a screen reader says for the overlay.
    window.setOverlayIcon(nativeImage.createFromPath(join(this.badgesDir, file)), shellWord(this.locale, 'badge.description', { count: this.count }));
  }
}
