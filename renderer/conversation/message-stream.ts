import type { ConversationMessage, ConversationView, MessagePageView } from '../../src/api/conversation';

/**
 * What the conversation pane holds of a customer stream: the part it reads again whenever
 * something changes (the newest page; once older pages are held, everything from where they
 * end), and the older pages the user scrolled up to, kept as they were read. The two meet at
 * `boundary`, so no message falls between them and none is held twice, however many arrive
 * while the user reads back.
 */
export interface MessageStream {
  view: ConversationView;
  /** The older pages, oldest first. */
  history: ConversationMessage[];
  /** Where `view` starts once `history` holds pages (getConversation's `from`); null until then. */
  boundary: string | null;
  /** The cursor of the page before everything held; null: the start of the conversation is held. */
  older: string | null;
}

/** Every message held, oldest first. */
export function messagesOf(stream: MessageStream): ConversationMessage[] {
  return stream.history.length === 0 ? stream.view.messages : [...stream.history, ...stream.view.messages];
}

/**
 * The stream with its newest part as read from `from` (null: the newest page). Null when the
 * answer is stale, because older pages arrived while it was asked and moved the boundary: ask
 * again from `boundary`.
 */
export function withView(stream: MessageStream | null, view: ConversationView, from: string | null): MessageStream | null {
  if (from !== (stream?.boundary ?? null)) return null;
  if (!stream || stream.boundary === null) return { view, history: [], boundary: null, older: view.older };
  return { ...stream, view };
}

/**
 * The stream with the page before everything it holds. Null when the page answers a cursor the
 * stream no longer waits for (the newest page was read again meanwhile): ask again from `older`.
 */
export function withOlder(stream: MessageStream, before: string, page: MessagePageView): MessageStream | null {
  if (before !== stream.older) return null;
  return {
    ...stream,
    history: [...page.messages, ...stream.history],
    older: page.older,
    boundary: stream.boundary ?? before,
  };
}
