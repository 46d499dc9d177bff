import { Droppable } from '@hello-pangea/dnd';
import { memo, useCallback, useLayoutEffect, useReducer, useRef, useState, type FocusEvent, type UIEvent } from 'react';
import type { Card } from '../../src/api/appointment';
import type { ColumnId } from '../../src/domain/columns';
import { useI18n } from '../i18n';
import { BoardCard, CardArticle } from './BoardCard';
import { cardWindow } from './card-window';

/** A card's height with its gap (styles.css: .card margin-bottom) before it is measured: the usual card. */
const ESTIMATED_CARD_PX = 120;
const CARD_GAP_PX = 8;
/** Drawn beyond the view above and below, so that a scroll shows cards already there. */
const OVERSCAN_PX = 120;

/**
 * A column draws only the cards in its scrolled view (and a margin): the count in its header,
 * and its scroll height, are all of its cards; scrolling draws the others. Heights are measured
 * as cards are drawn, and estimated for those never drawn yet.
 */
export const BoardColumn = memo(function BoardColumn({ column, cards }: { column: ColumnId; cards: Card[] }) {
  const { t, tp } = useI18n();
  const [view, setView] = useState(() => ({ top: 0, height: window.innerHeight }));
  const heights = useRef(new Map<string, number>());
  const [, measured] = useReducer((n: number) => n + 1, 0);
  const scroller = useRef<HTMLDivElement | null>(null);
  const observer = useRef<ResizeObserver | null>(null);
  const observed = useRef(new Set<Element>());

  useLayoutEffect(() => {
    const list = scroller.current;
    if (!list) return;
    if (!observer.current) {
      observer.current = new ResizeObserver((entries) => {
        let changed = false;
        for (const entry of entries) {
          const size = entry.borderBoxSize[0]?.blockSize ?? entry.target.getBoundingClientRect().height;
          if (entry.target === scroller.current) {
            setView((v) => (v.height === size ? v : { ...v, height: size }));
            continue;
          }
          const id = (entry.target as HTMLElement).dataset.cardId;
          if (!id || !entry.target.isConnected) continue;
          const height = size + CARD_GAP_PX;
          if (heights.current.get(id) !== height) {
            heights.current.set(id, height);
            changed = true;
          }
        }
        if (changed) measured();
      });
      observer.current.observe(list);
    }
    // The cards drawn now are measured; those no longer drawn are let go.
    for (const element of observed.current) {
      if (!element.isConnected || element.parentElement !== list) {
        observer.current.unobserve(element);
        observed.current.delete(element);
      }
    }
    for (const element of list.querySelectorAll(':scope > [data-card-id]')) {
      if (observed.current.has(element)) continue;
      observed.current.add(element);
      observer.current.observe(element);
    }
  });
  useLayoutEffect(() => () => observer.current?.disconnect(), []);

  const onScroll = useCallback((e: UIEvent<HTMLDivElement>) => {
    const top = e.currentTarget.scrollTop;
    setView((v) => (v.top === top ? v : { ...v, top }));
  }, []);

  // The card that has the keyboard focus in this column: its neighbours stay drawn.
  const [focused, setFocused] = useState<string | null>(null);
  const onFocus = useCallback((e: FocusEvent<HTMLDivElement>) => {
    setFocused((e.target as HTMLElement).closest('[data-card-id]')?.getAttribute('data-card-id') ?? null);
  }, []);

  const height = (card: Card) => heights.current.get(card.id) ?? ESTIMATED_CARD_PX;
  const focusedIndex = focused === null ? -1 : cards.findIndex((card) => card.id === focused);
  const shown = cardWindow(cards.map(height), view.top, view.height, OVERSCAN_PX, focusedIndex);
  const title = t(`column.${column}`);

  return (
    <section className={`column column-${column}`} data-column={column} aria-label={`${title}, ${tp('column.count', cards.length)}`}>
      <header className="column-header">
        <h2>{title}</h2>
        <span className="column-count">{cards.length}</span>
      </header>
      <Droppable
        droppableId={column}
        mode="virtual"
        renderClone={(provided, snapshot, rubric) => (
          <CardArticle card={cards[rubric.source.index]!} provided={provided} dragging={snapshot.isDragging} />
        )}
      >
        {(provided, snapshot) => (
          <div
            ref={(element) => {
              provided.innerRef(element);
              scroller.current = element;
            }}
            {...provided.droppableProps}
            className={`column-cards${snapshot.isDraggingOver ? ' is-over' : ''}`}
            onScroll={onScroll}
            onFocus={onFocus}
          >
            <div className="column-room" style={{ height: shown.before }} />
            {cards.slice(shown.first, shown.end).map((card, i) => (
              <BoardCard key={card.id} card={card} index={shown.first + i} />
            ))}
            {/* A virtual list has no placeholder from the drag library: room for a card dragged in from another column. */}
            <div
              className="column-room"
              style={{
                height:
                  shown.after +
                  (snapshot.isUsingPlaceholder && snapshot.draggingOverWith
                    ? (heights.current.get(snapshot.draggingOverWith) ?? ESTIMATED_CARD_PX)
                    : 0),
              }}
            />
            {cards.length === 0 && !snapshot.isDraggingOver && <p className="column-empty">{t('board.empty')}</p>}
          </div>
        )}
      </Droppable>
    </section>
  );
});
