import { create } from 'zustand';
import type { Card, Inbox } from '../../src/api/appointment';
import type { Settings } from '../../src/api/board-api';
import type { SourceView } from '../../src/api/sources';
import type { SharedSource } from '../../src/api/v2/source-status';
import type { Connection as BackendConnection } from '../../src/api/conversation';
import type { ColumnId } from '../../src/domain/columns';
import { positionBetween } from '../../src/domain/position';
import type { Connection, ConnectionState } from '../api/client';
import { keepUnchanged } from './keep-unchanged';

export type View = 'board' | 'list';
export type Dialog = 'manual' | 'import' | 'connection' | 'sources' | 'pin' | 'people' | 'devices' | 'audit' | 'signinSettings' | 'channels' | 'organization' | 'reminders' | 'contentLibrary' | null;

interface BoardState {
  connection: Connection | null;
  connectionState: ConnectionState;
  settings: Settings | null;
  inboxes: Inbox[];
  day: string;
  cards: Card[];
  view: View;
  dialog: Dialog;
  /** The card whose conversation is open beside the board. */
  detailsId: string | null;
  error: string | null;
  /** Bumped whenever appointments change, so open lists refetch. */
  revision: number;
  /** Bumped when the open card itself changed, so its history is read again. */
  cardRevision: number;
  /** The contacts whose conversation changed last, and a counter the open pane follows. */
  conversationRevision: number;
  /** The "Waiting conversations" filter: only cards whose customer wrote and nobody read. */
  waitingOnly: boolean;
  waitingCount: number;
  /** Waiting customers whose card is on another day's board. */
  waitingElsewhere: Card[];
  backend: BackendConnection | null;
  /** The planning systems and drops this desktop imports from, with their health. */
  sources: SourceView[];
  /** Sources the organisation's other desktops pull: their status, for the warning and the health view. */
  sharedSources: SharedSource[];
  /** The source the Sources dialog opens on (from the board's warning). */
  sourceFocus: string | null;
}

export const useBoard = create<BoardState>(() => ({
  connection: null,
  connectionState: 'connecting',
  settings: null,
  inboxes: [],
  day: '',
  cards: [],
  view: 'board',
  dialog: null,
  detailsId: null,
  error: null,
  revision: 0,
  cardRevision: 0,
  conversationRevision: 0,
  waitingOnly: false,
  waitingCount: 0,
  waitingElsewhere: [],
  backend: null,
  sources: [],
  sharedSources: [],
  sourceFocus: null,
}));

export function api() {
  const connection = useBoard.getState().connection;
  if (!connection) throw new Error('not connected');
  return connection.api;
}

export function showError(error: unknown): void {
  useBoard.setState({ error: error instanceof Error ? error.message : String(error) });
}

export async function refreshBoard(): Promise<void> {
  const board = await api().getBoard({});
  useBoard.setState((s) => ({
    day: board.day,
    cards: keepUnchanged(s.cards, board.cards),
    waitingCount: board.waitingCount,
    waitingElsewhere: keepUnchanged(s.waitingElsewhere, board.waitingElsewhere),
    revision: s.revision + 1,
  }));
}

export async function refreshSettings(): Promise<void> {
  const [settings, inboxes] = await Promise.all([api().getSettings({}), api().listInboxes({})]);
  useBoard.setState({ settings, inboxes });
}

export async function refreshSources(): Promise<void> {
  const [sources, sharedSources] = await Promise.all([api().listSources({}), api().listSharedSources({})]);
  useBoard.setState({ sources, sharedSources });
}

/** Shows the move at once; the core's answer (and its event) then confirms the order. */
export async function moveCard(id: string, column: ColumnId, beforeId: string | null, afterId: string | null) {
  const cards = useBoard.getState().cards;
  const position = (other: string | null) => cards.find((c) => c.id === other)?.position ?? null;
  useBoard.setState({
    cards: cards.map((c) =>
      c.id === id ? { ...c, column, position: positionBetween(position(beforeId), position(afterId), c.position) } : c,
    ),
  });
  try {
    const moved = await api().moveCard({ id, column, beforeId, afterId });
    useBoard.setState((s) => ({ cards: s.cards.map((c) => (c.id === id ? moved : c)) }));
  } catch (error) {
    showError(error);
    await refreshBoard();
  }
}
