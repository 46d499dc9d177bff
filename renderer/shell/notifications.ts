import type { BoardEvent } from '../../src/api/board-api';
import { translate, useLocale } from '../i18n';
import { useBoard } from '../state/store';

/**
 * A customer's reply as a desktop notification (the browser's Notification API on the headless
 * host; in Electron the main process raises them). Clicking it opens the card's conversation.
 */
export function notifyReply(event: Extract<BoardEvent, { type: 'message.received' }>): void {
  if (!('Notification' in window) || Notification.permission === 'denied') return;
  const show = () => {
    const title = translate(useLocale.getState().locale, 'notification.reply', { name: event.customerName ?? '—' });
    const notification = new Notification(title, { body: event.text, tag: event.appointmentId ?? undefined });
    notification.onclick = () => {
      window.focus();
      if (event.appointmentId) useBoard.setState({ detailsId: event.appointmentId });
      notification.close();
    };
  };
  if (Notification.permission === 'granted') show();
  else void Notification.requestPermission().then((permission) => permission === 'granted' && show());
}
