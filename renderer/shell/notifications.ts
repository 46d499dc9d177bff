import type { BoardEvent } from '../../src/api/board-api';
import { BRIDGE_KEY } from '../../src/api/bridge';
import { translate, useLocale } from '../i18n';
import { useBoard } from '../state/store';

/**
 * Customers' replies as desktop notifications in a browser on the headless host (in Electron
 * the main process raises them, and no window does). Every tab of the board gets the same
 * event, but one reply must raise one notification: the tabs hold an election with the Web
 * Locks API. Each asks for the same lock when it loads; the browser grants it to one, which
 * keeps it for its whole life, and hands it to the next waiting tab when that one closes.
 */
const NOTIFIER_LOCK = 'aftersales-board.notifier';

let notifier = false;

function electNotifier(): void {
  if (BRIDGE_KEY in window) return;
  if (!('locks' in navigator)) {
    // No Web Locks (an old browser): every tab raises it, and the tag (the message) makes the browser
    // show the latest of them in the place of the others rather than one per tab.
    notifier = true;
    return;
  }
  void navigator.locks.request(NOTIFIER_LOCK, () => {
    notifier = true;
    // Never settles: the lock is this tab's until the tab closes.
    return new Promise<never>(() => {});
  });
}
electNotifier();

/** Raises the reply's notification if this tab is the notifier and the person turned notifications on; a click opens the card. */
export function notifyReply(event: Extract<BoardEvent, { type: 'message.received' }>): void {
  // The permission is asked only when someone clicks "Turn on notifications" (NotificationPrompt), never here.
  if (!notifier || !('Notification' in window) || Notification.permission !== 'granted') return;
  const title = translate(useLocale.getState().locale, 'notification.reply', { name: event.customerName ?? '—' });
  const notification = new Notification(title, { body: event.text, tag: event.messageId });
  notification.onclick = () => {
    window.focus();
    if (event.appointmentId) useBoard.setState({ detailsId: event.appointmentId });
    notification.close();
  };
}
