import { BrowserWindow } from 'electron';
import { join } from 'node:path';
import { APP_ENTRY } from './app-protocol';

/** A board window with the secure defaults: isolated, sandboxed, no Node; main/security.ts keeps every web contents in the app. */
export function createBoardWindow(preloadDir: string): BrowserWindow {
  const window = new BrowserWindow({
    width: 1440,
    height: 900,
    minWidth: 1024,
    minHeight: 640,
    title: 'Aftersales Board',
    backgroundColor: '#eef1f5',
    show: false,
    webPreferences: {
      preload: join(preloadDir, 'preload.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false,
    },
  });
  window.once('ready-to-show', () => window.show());
  void window.loadURL(APP_ENTRY);
  return window;
}
