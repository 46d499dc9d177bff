import { app, Menu, type MenuItemConstructorOptions } from 'electron';
import type { Locale } from '../src/api/board-api';
import { autostartFolder, isAutostartOn, launchCommand, setAutostart } from '../src/shell/autostart';
import { shellWord } from '../src/shell/shell-words';

export interface MenuActions {
  newWindow(): void;
  openLogs(): void;
  copyDiagnostics(): void;
  /** Start at login was changed, or could not be: the error box is the caller's, in the menu's language. */
  startAtLoginFailed(error: unknown): void;
}

/**
 * Start at login, as the system keeps it: Windows and macOS in their login items
 * (app.setLoginItemSettings), Linux in an XDG autostart entry (src/shell/autostart). The
 * system is the one place it is kept, so a user who turned it off in the system's settings sees it off here.
 */
export const startAtLogin = {
  isOn(): boolean {
    if (process.platform === 'linux') return isAutostartOn(autostartFolder());
    return app.getLoginItemSettings().openAtLogin;
  },
  set(on: boolean): void {
    if (process.platform === 'linux') setAutostart(autostartFolder(), on, { name: 'Aftersales Board', command: launchCommand(process.execPath) });
    else app.setLoginItemSettings({ openAtLogin: on });
  },
};

/** The application menu in the person's language: File (New Window, Start at Login, Quit), Edit, View, Window, Help. */
export function buildMenu(locale: Locale, actions: MenuActions): void {
  const w = (key: Parameters<typeof shellWord>[1]) => shellWord(locale, key);
  const mac = process.platform === 'darwin';
  const template: MenuItemConstructorOptions[] = [
    // macOS puts About, Hide and Quit under the app's own name; the system words them.
    ...(mac ? [{ role: 'appMenu' as const }] : []),
    {
      label: w('menu.file'),
      submenu: [
        { label: w('menu.newWindow'), accelerator: 'CmdOrCtrl+N', click: () => actions.newWindow() },
        {
          label: w('menu.startAtLogin'),
          type: 'checkbox',
          checked: startAtLogin.isOn(),
          click: (item) => {
            try {
              startAtLogin.set(item.checked);
            } catch (error) {
              item.checked = !item.checked;
              actions.startAtLoginFailed(error);
            }
          },
        },
        { type: 'separator' },
        { label: w('menu.quit'), role: 'quit' },
      ],
    },
    {
      label: w('menu.edit'),
      submenu: [
        { label: w('menu.undo'), role: 'undo' },
        { label: w('menu.redo'), role: 'redo' },
        { type: 'separator' },
        { label: w('menu.cut'), role: 'cut' },
        { label: w('menu.copy'), role: 'copy' },
        { label: w('menu.paste'), role: 'paste' },
        { label: w('menu.selectAll'), role: 'selectAll' },
      ],
    },
    {
      label: w('menu.view'),
      submenu: [
        { label: w('menu.reload'), role: 'reload' },
        { type: 'separator' },
        { label: w('menu.resetZoom'), role: 'resetZoom' },
        { label: w('menu.zoomIn'), role: 'zoomIn' },
        { label: w('menu.zoomOut'), role: 'zoomOut' },
        { type: 'separator' },
        { label: w('menu.fullScreen'), role: 'togglefullscreen' },
      ],
    },
    {
      label: w('menu.window'),
      submenu: [
        { label: w('menu.minimize'), role: 'minimize' },
        { label: w('menu.close'), role: 'close' },
      ],
    },
    {
      label: w('menu.help'),
      submenu: [
        { label: w('menu.openLogs'), click: () => actions.openLogs() },
        { label: w('menu.copyDiagnostics'), click: () => actions.copyDiagnostics() },
      ],
    },
  ];
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}
