import { Notification, type BrowserWindow } from 'electron';
import { IPC_EVENT_CHANNEL } from '../src/api/bridge';
import type { BoardEvent, Locale } from '../src/api/board-api';
import { shellWord } from '../src/shell/shell-words';

/**
 * A customer's reply as a desktop notification, raised by the main process alone — the windows
 * never raise one in Electron — so it is one however many windows are open. A click brings the
 * window last used forward with the card's conversation open; null from `boardWindow` (the desktop
 * became a wall since) and the click opens nothing.
 */
export function notifyReply(event: Extract<BoardEvent, { type: 'message.received' }>, locale: Locale, boardWindow: () => BrowserWindow | null): void {
  if (!Notification.isSupported()) return;
  const name = event.customerName ?? shellWord(locale, 'notification.customer');
  const notification = new Notification({ title: shellWord(locale, 'notification.reply', { name }), body: event.text });
  notification.on('click', () => {
    const window = boardWindow();
    if (!window || !event.appointmentId) return;
    const open: BoardEvent = { type: 'ui.openConversation', appointmentId: event.appointmentId };
    const send = () => window.webContents.send(IPC_EVENT_CHANNEL, open);
    // A window opened just now for the click (none was open) hears it once its page is there.
    if (window.webContents.isLoading()) window.webContents.once('did-finish-load', send);
    else send();
  });
  notification.show();
}
