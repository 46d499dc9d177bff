import { ipcMain, type IpcMainInvokeEvent, type WebFrameMain } from 'electron';
import { IPC_INVOKE_CHANNEL } from '../src/api/bridge';
import type { Envelope } from '../src/api/envelope';
import type { DesktopCore } from '../src/desktop/core';
import { isAppUrl } from './app-protocol';
import { pageMayCall } from '../src/shell/wall-window';
import { WALL_PAGE } from './wall-window';

/** Only the app's own top-level page may call the core; never an embedded or navigated frame. */
function isTrustedSender(frame: WebFrameMain | null): boolean {
  return frame !== null && frame.parent === null && isAppUrl(frame.url);
}

/**
 * The one IPC entry: checks the sender frame, then hands method and arguments to the core's
 * dispatcher, which validates them against the BoardApi schemas and answers an envelope.
 */
export function registerBoardApi(core: Pick<DesktopCore, 'dispatch'>): void {
  ipcMain.handle(
    IPC_INVOKE_CHANNEL,
    async (event: IpcMainInvokeEvent, method: unknown, params: unknown): Promise<Envelope<unknown>> => {
      if (!isTrustedSender(event.senderFrame)) {
        return { ok: false, error: { code: 'FORBIDDEN', message: 'This window may not use the board.' } };
      }
      // The wall's kiosk window only reads its board, as its page does over the headless host.
      if (!pageMayCall(event.senderFrame!.url, WALL_PAGE, method)) {
        return { ok: false, error: { code: 'WALL_READ_ONLY', message: `A wall screen only shows the board: it may not call ${String(method)}.` } };
      }
      return core.dispatch(method, params);
    },
  );
}
