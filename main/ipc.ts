import { ipcMain, type IpcMainInvokeEvent, type WebFrameMain } from 'electron';
import { IPC_INVOKE_CHANNEL } from '../src/api/bridge';
import type { Envelope } from '../src/api/envelope';
import type { DesktopCore } from '../src/desktop/core';
import { isAppUrl } from './app-protocol';

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
      return core.dispatch(method, params);
    },
  );
}
