import { app, clipboard, dialog, Menu, shell } from 'electron';
import { arch, release, type as osType } from 'node:os';
import type { BoardEvent, Locale } from '../src/api/board-api';
import type { Workstation } from '../src/desktop/workstation';
import type { Logger } from '../src/ports/logger';
import { diagnosticsText, readCoreState } from '../src/shell/diagnostics';
import { shellLocale, shellWord, type ShellWord } from '../src/shell/shell-words';
import { WaitingCountFollower } from '../src/shell/waiting-count';
import { shellOfferFor, type ShellOffer, type WindowKind } from '../src/shell/wall-window';
import { Badge } from './badge';
import { buildMenu } from './menu';
import { notifyReply } from './notifications';
import { BoardTray } from './tray';
import type { BoardWindows } from './windows';

export interface DesktopCitizenOptions {
  station: Workstation;
  windows: BoardWindows;
  logger: Logger;
  badgesDir: string;
  paths: { userData: string; dataFile: string; logFile: string };
}

/**
 * What makes the board a good citizen of the desktop: the menu (Start at Login, Help), the tray
 * and the badge with the number of waiting customers, and the notification of each reply, all in
 * the person's language. Hand it every event of the core.
 */
export function startDesktopCitizen({ station, windows, logger, badgesDir, paths }: DesktopCitizenOptions) {
  let locale: Locale = shellLocale(null, app.getLocale());
  let count = 0;
  const badge = new Badge(badgesDir);
  const errorBox = (title: ShellWord, error: unknown) =>
    dialog.showErrorBox(shellWord(locale, title), error instanceof Error ? error.message : String(error));

  // Nothing is offered until the caller says which window shows (offer): a wall offers no way to a board.
  let offer: ShellOffer = shellOfferFor('wall');
  let tray: BoardTray | null = null;
  const openBoard = () => {
    if (offer.boardWindows) windows.open();
  };
  windows.onOpen((window) => badge.apply(window));

  const menu = () => {
    if (!offer.applicationMenu) return;
    buildMenu(locale, {
      newWindow: openBoard,
      openLogs: () =>
        // The log file lives in userData; openPath answers an error in words, or '' when the folder opened.
        void shell.openPath(paths.userData).then((problem) => problem && errorBox('error.openLogs', problem)),
      copyDiagnostics: () =>
        void readCoreState(station.handlers)
          .then((core) => {
            const versions = {
              app: app.getVersion(),
              electron: process.versions.electron,
              chrome: process.versions.chrome,
              node: process.versions.node,
              os: `${osType()} ${release()} (${arch()})`,
            };
            clipboard.writeText(diagnosticsText({ at: Date.now(), versions, paths, core }));
          })
          .catch((error: unknown) => errorBox('error.diagnostics', error)),
      startAtLoginFailed: (error) => errorBox('error.startAtLogin', error),
    });
  };

  const waiting = new WaitingCountFollower({
    read: async () => (await station.handlers.getBoard({})).waitingCount,
    show: (n) => {
      count = n;
      tray?.show(count, locale);
      badge.show(count, locale, windows.all());
    },
    // Signed out or locked, the board is not to be read: the last count stays until it can be.
    failed: (error) => logger.warn({ err: error }, 'the waiting count could not be read'),
  });

  /** The person's language, once the settings say it: the menu, the tray and the badge follow. */
  const readLocale = async () => {
    const settings = await station.handlers.getSettings({});
    const next = shellLocale(settings.locale, app.getLocale());
    if (next === locale) return;
    locale = next;
    menu();
    tray?.show(count, locale);
    badge.show(count, locale, windows.all());
  };
  const followLocale = () => void readLocale().catch((error: unknown) => logger.warn({ err: error }, 'the language could not be read'));
  followLocale();
  waiting.refresh();

  return {
    /** What shows now: a board gets the menu and the tray; a wall neither (and no board window opens from here). */
    offer(showing: WindowKind): void {
      offer = shellOfferFor(showing);
      if (offer.tray && !tray) {
        tray = new BoardTray(badgesDir, { showBoard: () => windows.bringForward(), newWindow: openBoard, quit: () => app.quit() }, locale);
        tray.show(count, locale);
      }
      if (!offer.tray && tray) {
        tray.destroy();
        tray = null;
      }
      // Windows and Linux put the application menu on every window each time it is set: a wall has none at all.
      if (offer.applicationMenu) menu();
      else Menu.setApplicationMenu(null);
    },
    take(event: BoardEvent): void {
      if (event.type === 'message.received') notifyReply(event, locale, () => (offer.boardWindows ? windows.bringForward() : null));
      if (event.type === 'settings.changed' || event.type === 'session.changed' || event.type === 'start.changed') followLocale();
      waiting.take(event);
    },
    close(): void {
      tray?.destroy();
      tray = null;
    },
  };
}
