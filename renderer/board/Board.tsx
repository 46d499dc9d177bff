import { DragDropContext, type DropResult } from '@hello-pangea/dnd';
import { useMemo, useRef } from 'react';
import type { Card } from '../../src/api/appointment';
import { compareBoardOrder } from '../../src/domain/board-day';
import { COLUMNS, type ColumnId } from '../../src/domain/columns';
import { useI18n } from '../i18n';
import { moveCard, useBoard } from '../state/store';
import { BoardColumn } from './BoardColumn';

/** The cards of each column in board order. */
export function byColumn(cards: Card[]): Record<ColumnId, Card[]> {
  const columns = Object.fromEntries(COLUMNS.map((c) => [c, [] as Card[]])) as Record<ColumnId, Card[]>;
  for (const card of cards) columns[card.column].push(card);
  for (const column of COLUMNS) columns[column].sort(compareBoardOrder);
  return columns;
}

/**
 * The columns of a new board state, each kept as the previous array when it holds the same card
 * objects in the same order: a move changes two columns, and the other three are not drawn again.
 */
export function keepColumns(previous: Record<ColumnId, Card[]> | null, next: Record<ColumnId, Card[]>): Record<ColumnId, Card[]> {
  if (!previous) return next;
  const same = (a: Card[], b: Card[]) => a.length === b.length && a.every((card, i) => card === b[i]);
  return Object.fromEntries(COLUMNS.map((c) => [c, same(previous[c], next[c]) ? previous[c] : next[c]])) as Record<ColumnId, Card[]>;
}

export function Board() {
  const { t } = useI18n();
  const cards = useBoard((s) => s.cards);
  const waitingOnly = useBoard((s) => s.waitingOnly);
  const waitingElsewhere = useBoard((s) => s.waitingElsewhere);
  const last = useRef<Record<ColumnId, Card[]> | null>(null);
  const columns = useMemo(() => {
    const next = keepColumns(last.current, byColumn(waitingOnly ? [...cards.filter((c) => c.waiting), ...waitingElsewhere] : cards));
    last.current = next;
    return next;
  }, [cards, waitingOnly, waitingElsewhere]);

  const onDragEnd = (result: DropResult) => {
    // Where the drag library hands the drop over (after its drop animation): the benchmark's
    // and DevTools' start of "drop to paint".
    performance.mark('board:drop');
    const { destination, source, draggableId } = result;
    if (!destination) return;
    if (destination.droppableId === source.droppableId && destination.index === source.index) return;
    const target = destination.droppableId as ColumnId;
    const others = columns[target].filter((c) => c.id !== draggableId);
    const before = others[destination.index - 1]?.id ?? null;
    const after = others[destination.index]?.id ?? null;
    void moveCard(draggableId, target, before, after);
  };

  return (
    <DragDropContext onDragEnd={onDragEnd}>
      <main className="board" aria-label={t('nav.board')}>
        {COLUMNS.map((column) => (
          <BoardColumn key={column} column={column} cards={columns[column]} />
        ))}
      </main>
    </DragDropContext>
  );
}
