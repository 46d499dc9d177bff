import { ipcMain, type IpcMainInvokeEvent, type WebFrameMain } from 'electron';
import { IPC_INVOKE_CHANNEL } from '../src/api/bridge';
import type { Envelope } from '../src/api/envelope';
import type { DesktopCore } from '../src/desktop/core';
import { isAppUrl } from './app-protocol';
import type { WallSettings } from '../src/api/wall';
import { ipcCallFrom } from '../src/shell/wall-window';

/** Only the app's own top-level page may call the core; never an embedded or navigated frame. */
function isTrustedSender(frame: WebFrameMain | null): boolean {
  return frame !== null && frame.parent === null && isAppUrl(frame.url);
}

/**
 * The one IPC entry: checks the sender frame, then hands method and arguments to the core's
 * dispatcher, which validates them against the BoardApi schemas and answers an envelope.
 */
export function registerBoardApi(
  core: Pick<DesktopCore, 'dispatch'>,
  wall: { isWallWindow(webContentsId: number): boolean; settings: WallSettings },
): void {
  ipcMain.handle(
    IPC_INVOKE_CHANNEL,
    async (event: IpcMainInvokeEvent, method: unknown, params: unknown): Promise<Envelope<unknown>> => {
      if (!isTrustedSender(event.senderFrame)) {
        return { ok: false, error: { code: 'FORBIDDEN', message: 'This window may not use the board.' } };
      }
      // The wall's kiosk window only reads its board, as its page does over the headless host:
      // told by the window that sent the call, not by the address its page shows.
      const call = ipcCallFrom(wall.isWallWindow(event.sender.id), method, params, wall.settings);
      if (!call.allowed) return { ok: false, error: call.error };
      return core.dispatch(call.method, call.params);
    },
  );
}
