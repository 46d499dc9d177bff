import { BrowserWindow, Notification } from 'electron';
import { IPC_EVENT_CHANNEL } from '../src/api/bridge';
import type { BoardEvent } from '../src/api/board-api';

/**
 * A customer's reply as a desktop notification, raised once by the main process however many
 * windows are open; a click brings the first window forward with the card's conversation open.
 */
export function notifyReply(event: Extract<BoardEvent, { type: 'message.received' }>): void {
  if (!Notification.isSupported()) return;
  const notification = new Notification({ title: `${event.customerName ?? 'Customer'}`, body: event.text });
  notification.on('click', () => {
    const window = BrowserWindow.getAllWindows()[0];
    if (!window || !event.appointmentId) return;
    if (window.isMinimized()) window.restore();
    window.focus();
    const open: BoardEvent = { type: 'ui.openConversation', appointmentId: event.appointmentId };
    window.webContents.send(IPC_EVENT_CHANNEL, open);
  });
  notification.show();
}
