import { BrowserWindow, ipcMain, type IpcMainInvokeEvent, type WebFrameMain } from 'electron';
import { SHELL_IPC_EVENT_CHANNEL, SHELL_IPC_INVOKE_CHANNEL } from '../src/api/bridge';
import type { Envelope } from '../src/api/envelope';
import type { ShellEvent } from '../src/api/shell-api';
import type { ShellDispatch } from '../src/shell/update-dispatch';
import { isAppUrl } from './app-protocol';

/** As for the BoardApi: only the app's own top-level page may ask the shell; never an embedded or navigated frame. */
function isTrustedSender(frame: WebFrameMain | null): boolean {
  return frame !== null && frame.parent === null && isAppUrl(frame.url);
}

/**
 * The ShellApi's IPC entry: the sender frame checked here, the method and its arguments by the dispatcher's schemas. The
 * wall's kiosk window has the same preload but no say in the app's updates: everything it asks is refused.
 */
export function registerShellApi(dispatch: ShellDispatch, isWallWindow: (webContentsId: number) => boolean): void {
  ipcMain.handle(
    SHELL_IPC_INVOKE_CHANNEL,
    async (event: IpcMainInvokeEvent, method: unknown, params: unknown): Promise<Envelope<unknown>> => {
      if (!isTrustedSender(event.senderFrame) || isWallWindow(event.sender.id)) {
        return { ok: false, error: { code: 'FORBIDDEN', message: 'This window may not use the app\'s settings.' } };
      }
      return dispatch(method, params);
    },
  );
}

/** Every board window hears the shell's news (the update status); a wall's window does not. */
export function sendShellEvent(event: ShellEvent, isWallWindow: (webContentsId: number) => boolean): void {
  for (const window of BrowserWindow.getAllWindows()) {
    if (!isWallWindow(window.webContents.id)) window.webContents.send(SHELL_IPC_EVENT_CHANNEL, event);
  }
}
