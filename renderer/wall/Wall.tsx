import { memo, useEffect, useMemo, useRef, useState } from 'react';
import type { WallBoard, WallCard } from '../../src/api/wall';
import { COLUMNS, type ColumnId } from '../../src/domain/columns';
import { wallColumns } from '../../src/domain/wall-card';
import type { Formatters } from '../i18n';
import { startAutoScroll } from './auto-scroll';
import { wallErrorWords } from './wall-words';

export interface WallProps {
  board: WallBoard | null;
  f: Formatters;
  /** When the page lost its own host; null while it has it. */
  linkLostAt: number | null;
  /** The code of a read that failed (worded here, shown until a read succeeds). */
  readError: string | null;
  /** The host no longer takes this page's token: the wall says so rather than wait for it. */
  refused: boolean;
}

/** The screen: the shown inbox's five columns, its name, when the board was last fresh, and offline since when. */
export function Wall({ board, f, linkLostAt, readError, refused }: WallProps) {
  const inboxes = board?.inboxes ?? [];
  const shown = useRotation(inboxes.length, board?.settings.rotateSeconds ?? 20);
  const inbox = inboxes[shown] ?? null;
  const columns = useMemo(() => (board && inbox ? wallColumns(board.cards, inbox.id) : null), [board, inbox]);
  const coreOffline = board !== null && board.connection.mode === 'connected' && !board.connection.online ? board.connection.offlineSince : null;
  const offlineSince = [coreOffline, linkLostAt].filter((at): at is number => at !== null).sort((a, b) => a - b)[0] ?? null;

  return (
    <div className={`wall${offlineSince !== null ? ' is-offline' : ''}`}>
      <header className="wall-top">
        <h1 className="wall-inbox" data-wall-inbox={inbox?.id ?? ''}>
          {inbox?.name ?? (board ? f.t('wall.noInboxes') : f.t('app.connecting'))}
        </h1>
        {inboxes.length > 1 && <span className="wall-rotation">{f.t('wall.rotation', { n: shown + 1, count: inboxes.length })}</span>}
        <span className="wall-day">{board ? f.longDate(board.day) : ''}</span>
        <span className="wall-updated" data-updated>
          {board?.updatedAt != null ? f.t('wall.updated', { time: f.time(board.updatedAt) }) : f.t('wall.notUpdated')}
        </span>
      </header>
      {refused && (
        <div className="wall-refused" role="alert" data-refused>
          <strong>{f.t('wall.tokenRefused')}</strong>
          <span>{f.t('wall.tokenRefusedHint')}</span>
        </div>
      )}
      {offlineSince !== null && !refused && (
        <div className="wall-offline" role="status" data-offline>
          <strong>{f.t('wall.offlineSince', { time: f.time(offlineSince) })}</strong>
          <span>{f.t('wall.offlineHint')}</span>
        </div>
      )}
      {readError !== null && offlineSince === null && (
        <div className="wall-problem" role="alert">
          {f.t('wall.readError', { message: readErrorWords(f, readError) })}
        </div>
      )}
      {board !== null && board.unknownInboxes.length > 0 && (
        <div className="wall-problem" role="alert">
          {f.t('wall.unknownInboxes', { ids: board.unknownInboxes.join(', ') })}
        </div>
      )}
      <main className="wall-columns">
        {COLUMNS.map((column) => (
          <WallColumn key={column} column={column} inboxId={inbox?.id ?? null} cards={columns?.[column] ?? []} f={f} />
        ))}
      </main>
    </div>
  );
}

function readErrorWords(f: Formatters, code: string): string {
  const { key, vars } = wallErrorWords(code);
  return f.t(key, vars);
}

/** Which of `count` inboxes shows, turning every `seconds`; one timer, cleared when the count or the time changes. */
function useRotation(count: number, seconds: number): number {
  const [shown, setShown] = useState(0);
  useEffect(() => {
    if (count < 2) return;
    const timer = setInterval(() => setShown((i) => (i + 1) % count), seconds * 1000);
    return () => clearInterval(timer);
  }, [count, seconds]);
  return count === 0 ? 0 : shown % count;
}

/** One query for the page: the system's "reduce motion", read by every column's scroll. */
const reducedMotion = window.matchMedia('(prefers-reduced-motion: reduce)');

function WallColumn({ column, inboxId, cards, f }: { column: ColumnId; inboxId: string | null; cards: WallCard[]; f: Formatters }) {
  const list = useRef<HTMLDivElement>(null);
  const track = useRef<HTMLDivElement>(null);
  // A new inbox's column starts at its top, resting there first. The columns stay (only their
  // cards change), so a rotation makes no new columns, scroll loops or queries.
  useEffect(() => startAutoScroll(list.current!, track.current!, reducedMotion), [inboxId]);
  return (
    <section className="wall-column" data-wall-column={column}>
      <h2>
        <span>{f.t(`column.${column}`)}</span>
        <span className="wall-count">{f.number(cards.length)}</span>
      </h2>
      <div className="wall-cards" ref={list}>
        <div className="wall-track" ref={track}>
          {cards.length === 0 ? <p className="wall-empty">{f.t('board.empty')}</p> : cards.map((card) => <WallCardView key={card.id} card={card} f={f} />)}
        </div>
      </div>
    </section>
  );
}

const WallCardView = memo(
  function WallCardView({ card, f }: { card: WallCard; f: Formatters }) {
    return (
      <article
        className={`wall-card colour-${card.colour}${card.waiting ? ' is-waiting' : ''}${card.cancelled ? ' is-cancelled' : ''}`}
        data-wall-card-id={card.id}
        data-waiting={card.waiting ? '' : undefined}
      >
        <div className="wall-card-line">
          <span className="wall-time">{card.time}</span>
          {card.plate && <span className="wall-plate">{card.plate}</span>}
        </div>
        <div className="wall-card-line">
          <span className="wall-name">{card.name ?? ''}</span>
          {card.workOrder && <span className="wall-order">{card.workOrder}</span>}
          {card.advisor && <span className="wall-advisor">{card.advisor}</span>}
        </div>
        {(card.heldOverFrom || card.cancelled) && (
          <div className="wall-card-line wall-marks">
            {card.heldOverFrom && <span className="wall-held">{f.t('card.heldOver', { date: f.dayMonth(card.heldOverFrom) })}</span>}
            {card.cancelled && <span className="wall-cancelled">{f.t('card.cancelled')}</span>}
          </div>
        )}
      </article>
    );
  },
  // A read answers new objects for every card: only a card whose facts changed paints again.
  (a, b) => a.f === b.f && sameCard(a.card, b.card),
);

function sameCard(a: WallCard, b: WallCard): boolean {
  return (Object.keys(a) as Array<keyof WallCard>).every((key) => a[key] === b[key]);
}
