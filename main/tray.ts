import { Menu, nativeImage, Tray } from 'electron';
import { join } from 'node:path';
import type { Locale } from '../src/api/board-api';
import { shellWord, waitingWords } from '../src/shell/shell-words';

export interface TrayActions {
  showBoard(): void;
  newWindow(): void;
  quit(): void;
}

/**
 * The tray icon: a red dot while customers wait, their number in the tooltip and at the head of
 * its menu (Show Board, New Window, Quit). A click shows the board.
 */
export class BoardTray {
  private readonly tray: Tray;
  private count = 0;
  private locale: Locale;

  constructor(
    private readonly badgesDir: string,
    private readonly actions: TrayActions,
    locale: Locale,
  ) {
    this.locale = locale;
    this.tray = new Tray(this.icon());
    this.tray.on('click', () => actions.showBoard());
    this.render();
  }

  show(count: number, locale: Locale): void {
    this.count = count;
    this.locale = locale;
    this.tray.setImage(this.icon());
    this.render();
  }

  destroy(): void {
    this.tray.destroy();
  }

  private icon() {
    // Each file has an @2x beside it, which Electron picks on a high-density screen.
    return nativeImage.createFromPath(join(this.badgesDir, this.count > 0 ? 'tray-waiting.png' : 'tray.png'));
  }

  private render(): void {
    const waiting = waitingWords(this.locale, this.count);
    this.tray.setToolTip(`Aftersales Board — ${waiting}`);
    this.tray.setContextMenu(
      Menu.buildFromTemplate([
        { label: waiting, enabled: false },
        { type: 'separator' },
        { label: shellWord(this.locale, 'tray.showBoard'), click: () => this.actions.showBoard() },
        { label: shellWord(this.locale, 'menu.newWindow'), click: () => this.actions.newWindow() },
        { type: 'separator' },
        { label: shellWord(this.locale, 'menu.quit'), click: () => this.actions.quit() },
      ]),
    );
  }
}
