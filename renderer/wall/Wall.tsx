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
  /**
   * Whether the host takes this page's address: 'refused' (a token it does not know) and
   * 'missing' (no token in the address) will not come right by waiting, so the wall says so.
   */
  address: 'taken' | 'refused' | 'missing';
}

/** The screen: the shown inbox's five columns, its name, when the board was last fresh, and offline since when. */
export function Wall({ board, f, linkLostAt, readError, address }: WallProps) {
  const inboxes = board?.inboxes ?? [];
  const shown = useRotation(inboxes.length, board?.settings.rotateSeconds ?? 20);
  const inbox = inboxes[shown] ?? null;
  const columns = useMemo(() => (board && inbox ? wallColumns(board.cards, inbox.id) : null), [board, inbox]);
  const coreOffline = board !== null && board.connection.mode === 'connected' && !board.connection.online ? board.connection.offlineSince : null;
  const offlineSince = [coreOffline, linkLostAt].filter((at): at is number => at !== null).sort((a, b) => a - b)[0] ?? null;

  // Without a board (or with an address that will never be let in) there is nothing to show in
  // columns: five empty columns counting 0 would read as a day without appointments.
  if (address === 'missing') return <WallMessage alert kind="missing" title={f.t('wall.tokenMissing')} hint={f.t('wall.tokenMissingHint')} />;
  if (address === 'refused') return <WallMessage alert kind="refused" title={f.t('wall.tokenRefused')} hint={f.t('wall.tokenRefusedHint')} />;
  if (board === null) {
    if (linkLostAt !== null) return <WallMessage kind="offline" title={f.t('wall.offlineSince', { time: f.time(linkLostAt) })} hint={f.t('wall.waiting')} />;
    if (readError !== null) return <WallMessage alert kind="error" title={f.t('wall.readError', { message: readErrorWords(f, readError) })} hint="" />;
    return <WallMessage kind="connecting" title={f.t('app.connecting')} hint="" />;
  }

  return (
    <div className={`wall${offlineSince !== null ? ' is-offline' : ''}`}>
      <header className="wall-top">
        <h1 className="wall-inbox" data-wall-inbox={inbox?.id ?? ''}>
          {inbox?.name ?? f.t('wall.noInboxes')}
        </h1>
        {inboxes.length > 1 && <span className="wall-rotation">{f.t('wall.rotation', { n: shown + 1, count: inboxes.length })}</span>}
        <span className="wall-day">{f.longDate(board.day)}</span>
        <span className="wall-updated" data-updated>
          {board.updatedAt !== null ? f.t('wall.updated', { time: f.time(board.updatedAt) }) : f.t('wall.notUpdated')}
        </span>
      </header>
      {offlineSince !== null && (
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
      {board.unknownInboxes.length > 0 && (
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

/** The whole screen, when the page has no board to show: what is wrong, or that it is on its way. */
function WallMessage({ kind, title, hint, alert = false }: { kind: string; title: string; hint: string; alert?: boolean }) {
  return (
    <div className={`wall-message is-${kind}`} role={alert ? 'alert' : 'status'} data-wall-message={kind} data-refused={kind === 'refused' || kind === 'missing' ? '' : undefined}>
      <strong>{title}</strong>
      {hint !== '' && <span>{hint}</span>}
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
        <div className="wall-card-line is-one">
          <span className="wall-time">{card.time}</span>
          {card.plate && <span className="wall-plate">{card.plate}</span>}
          {card.advisor && <span className="wall-advisor">{card.advisor}</span>}
        </div>
        <div className="wall-card-line is-one">
          <span className="wall-name">{card.name ?? ''}</span>
          {card.workOrder && <span className="wall-order">{card.workOrder}</span>}
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
