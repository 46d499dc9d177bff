import { useEffect, useLayoutEffect, useRef } from 'react';
import type { ConversationMessage } from '../../src/api/conversation';
import { localDateAt } from '../../src/domain/zoned-time';
import { useI18n, useLocale } from '../i18n';
import { ClockIcon } from '../shell/icons';
import type { MessageKey } from '../i18n/en';
import { FormCard, NoticeLine } from './FormCard';

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

/** Closer to the top than this, the page before is asked for: it is there before the user gets there. */
const NEAR_TOP_PX = 600;
/** Within this of the end the user is reading the newest messages, and new ones keep them in view. */
const AT_BOTTOM_PX = 40;

/** Where the list was after its last render: the first message shown and how far down it was. */
interface Layout {
  firstId: string | null;
  firstTop: number;
  lastId: string | null;
  atBottom: boolean;
}

/**
 * The customer stream, oldest first, opened at the newest. Scrolling up asks for older
 * messages (`onNearTop`) while there are any (`hasOlder`); when they come in above, the
 * messages the user is reading stay where they are. A new message keeps the newest in view when
 * the user was reading there, or wrote it.
 */
export function MessageList({
  messages,
  hasOlder,
  loadingOlder,
  showStart,
  onNearTop,
  templateTitle,
}: {
  messages: ConversationMessage[];
  /** A template's title as advisors know it (the Content Library's), by its name and language; its name when it has none here. */
  templateTitle: (name: string, language: string) => string;
  hasOlder: boolean;
  loadingOlder: boolean;
  /** Say where the conversation starts (once the user scrolled back to it). */
  showStart: boolean;
  onNearTop: () => void;
}) {
  const { t, time, shortDate } = useI18n();
  const zone = useLocale((s) => s.zone);
  const list = useRef<HTMLOListElement>(null);
  const layout = useRef<Layout>({ firstId: null, firstTop: 0, lastId: null, atBottom: true });

  // The bubble, not its row: the row also holds the day above it, which moves to an older row
  // when that day's earlier messages come in.
  const firstTopOf = (el: HTMLOListElement, id: string | null) =>
    id === null ? 0 : ((el.querySelector(`[data-message-id="${CSS.escape(id)}"] > .message`) as HTMLElement | null)?.offsetTop ?? 0);

  useLayoutEffect(() => {
    const el = list.current;
    if (!el) return;
    const before = layout.current;
    const last = messages.at(-1);
    if (before.firstId !== null && messages.some((m) => m.id === before.firstId)) {
      // Whatever came in above (older messages, the start line) moves the list by what it
      // added, so the message the user was reading stays where it was.
      el.scrollTop += firstTopOf(el, before.firstId) - before.firstTop;
    }
    if (last && last.id !== before.lastId && (before.atBottom || last.status === 'pending')) el.scrollTop = el.scrollHeight;
    const firstId = messages[0]?.id ?? null;
    layout.current = {
      firstId,
      firstTop: firstTopOf(el, firstId),
      lastId: last?.id ?? null,
      atBottom: el.scrollHeight - el.scrollTop - el.clientHeight <= AT_BOTTOM_PX,
    };
  }, [messages, showStart, hasOlder]);

  // After each render as after each scroll: a short page may leave the top in view at once.
  useEffect(() => {
    const el = list.current;
    if (el && hasOlder && !loadingOlder && el.scrollTop < NEAR_TOP_PX) onNearTop();
  }, [messages, hasOlder, loadingOlder, onNearTop]);

  const onScroll = () => {
    const el = list.current!;
    layout.current.atBottom = el.scrollHeight - el.scrollTop - el.clientHeight <= AT_BOTTOM_PX;
    if (hasOlder && !loadingOlder && el.scrollTop < NEAR_TOP_PX) onNearTop();
  };

  if (messages.length === 0) return <p className="messages-empty muted">{t('conversation.empty')}</p>;
  let lastDay = '';
  return (
    <div className="messages-frame">
      {/* Over the list, not in it: showing it moves no message. */}
      {loadingOlder && (
        <div className="messages-loading small" role="status">
          {t('conversation.loadingOlder')}
        </div>
      )}
      <ol ref={list} className="messages" aria-label={t('conversation.history')} onScroll={onScroll}>
        {!hasOlder && showStart && <li className="messages-start muted small">{t('conversation.start')}</li>}
        {messages.map((m) => {
          const day = localDateAt(m.createdAt, zone);
          const showDay = day !== lastDay;
          lastDay = day;
          const inbound = m.role === 'contact';
          const problem = m.status === 'failed' || m.status === 'held' || m.status === 'refused';
          return (
            <li key={m.id} className="message-row" data-message-id={m.id}>
              {showDay && <div className="message-day">{shortDate(day)}</div>}
              {m.notice ? (
                <NoticeLine notice={m.notice} />
              ) : (
                <div className={`message ${inbound ? 'inbound' : 'outbound'}${problem ? ' has-problem' : ''}${m.form ? ' is-note' : ''}`} data-status={m.status}>
                  {m.type === 'template' && <div className="message-template">{t('conversation.template', { name: m.template ? templateTitle(m.template.name, m.template.language) : '' })}</div>}
                  {m.form ? <FormCard form={m.form} /> : <div className="message-text">{m.text}</div>}
                  <div className="message-meta">
                    {!m.form && <span className="message-channel">{m.touchpoint === 'sms' ? 'SMS' : 'WhatsApp'}</span>}
                    {/* "Sanne · 10:42": who of the dealership sent it. */}
                    {!inbound && m.author && <span className="message-author">{m.author.name} ·</span>}
                    <time dateTime={new Date(m.createdAt).toISOString()}>{time(m.createdAt)}</time>
                    {!inbound && <Ticks message={m} />}
                  </div>
                  {problem && (
                    <div className="message-problem" role="note">
                      {t(`status.${m.status}` as MessageKey)}: {m.failure?.reason ?? t('conversation.noReason')}
                    </div>
                  )}
                </div>
              )}
            </li>
          );
        })}
      </ol>
    </div>
  );
}
