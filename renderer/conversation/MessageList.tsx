import { useEffect, useRef } from 'react';
import type { ConversationMessage } from '../../src/api/conversation';
import { localDateAt } from '../../src/domain/zoned-time';
import { useI18n, useLocale } from '../i18n';
import { ClockIcon } from '../shell/icons';
import type { MessageKey } from '../i18n/en';

/** Sent, delivered and read as WhatsApp shows them; the clock while it is still on its way. */
function Ticks({ message }: { message: ConversationMessage }) {
  const { t } = useI18n();
  const label = t(`status.${message.status}` as MessageKey);
  switch (message.status) {
    case 'pending':
    case 'queued':
    case 'accepted':
      return (
        <span className="ticks ticks-waiting">
          <ClockIcon label={label} />
        </span>
      );
    case 'sent':
      return <span className="ticks" title={label} aria-label={label}>✓</span>;
    case 'delivered':
      return <span className="ticks" title={label} aria-label={label}>✓✓</span>;
    case 'read':
      return <span className="ticks ticks-read" title={label} aria-label={label}>✓✓</span>;
    default:
      return null;
  }
}

/** The customer stream, oldest first, scrolled to the newest. */
export function MessageList({ messages }: { messages: ConversationMessage[] }) {
  const { t, time, shortDate } = useI18n();
  const zone = useLocale((s) => s.zone);
  const end = useRef<HTMLDivElement>(null);
  useEffect(() => {
    // Braces: newer Chromium returns a promise from scrollIntoView, which must not become the cleanup.
    end.current?.scrollIntoView({ block: 'end' });
  }, [messages.length]);
  if (messages.length === 0) return <p className="messages-empty muted">{t('conversation.empty')}</p>;
  let lastDay = '';
  return (
    <ol className="messages" aria-label={t('conversation.history')}>
      {messages.map((m) => {
        const day = localDateAt(m.createdAt, zone);
        const showDay = day !== lastDay;
        lastDay = day;
        const inbound = m.role === 'contact';
        const problem = m.status === 'failed' || m.status === 'held' || m.status === 'refused';
        return (
          <li key={m.id} className="message-row">
            {showDay && <div className="message-day">{shortDate(day)}</div>}
            <div className={`message ${inbound ? 'inbound' : 'outbound'}${problem ? ' has-problem' : ''}`} data-status={m.status}>
              {m.type === 'template' && <div className="message-template">{t('conversation.template', { name: m.template?.name ?? '' })}</div>}
              <div className="message-text">{m.text}</div>
              <div className="message-meta">
                <span className="message-channel">{m.touchpoint === 'sms' ? 'SMS' : 'WhatsApp'}</span>
                <time dateTime={new Date(m.createdAt).toISOString()}>{time(m.createdAt)}</time>
                {!inbound && <Ticks message={m} />}
              </div>
              {problem && (
                <div className="message-problem" role="note">
                  {t(`status.${m.status}` as MessageKey)}: {m.failure?.reason ?? t('conversation.noReason')}
                </div>
              )}
            </div>
          </li>
        );
      })}
      <div ref={end} />
    </ol>
  );
}
