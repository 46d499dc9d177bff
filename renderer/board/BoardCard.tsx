import { Draggable, type DraggableProvided } from '@hello-pangea/dnd';
import { memo } from 'react';
import type { Card } from '../../src/api/appointment';
import { isHeldOver } from '../../src/domain/board-day';
import { useI18n } from '../i18n';
import { useBoard } from '../state/store';
import { NoteIcon } from '../shell/icons';
import { refusalText } from '../shell/refusal-text';
import { ColourPicker } from './ColourPicker';
import { initials } from '../shell/initials';

export const BoardCard = memo(function BoardCard({ card, index }: { card: Card; index: number }) {
  return (
    <Draggable draggableId={card.id} index={index}>
      {(provided, snapshot) => <CardArticle card={card} provided={provided} dragging={snapshot.isDragging} />}
    </Draggable>
  );
});

/**
 * A card with its drag handle: in its column, and as the clone that follows the pointer or the
 * keys during a drag (a column draws only the cards in view, so the one dragged may be scrolled
 * out of it and away).
 */
export function CardArticle({ card, provided, dragging }: { card: Card; provided: DraggableProvided; dragging: boolean }) {
  const { t, time } = useI18n();
  const name = card.customerName ?? t('card.noName');
  const open = () => useBoard.setState({ detailsId: card.id });
  return (
    <article
      ref={provided.innerRef}
      {...provided.draggableProps}
      {...provided.dragHandleProps}
      className={`card colour-${card.colour}${dragging ? ' is-dragging' : ''}${card.cancelled ? ' is-cancelled' : ''}${card.waiting ? ' is-waiting' : ''}`}
      data-card-id={card.id}
      aria-label={t('card.open', { name, time: time(card.startsAt) })}
      onClick={open}
      onKeyDown={(e) => {
        if (e.key === 'Enter') open();
      }}
    >
      <CardContent card={card} name={name} />
    </article>
  );
}

/**
 * What a card shows, apart from the drag wrapper: a move renumbers every card below it in two
 * columns, and only the wrapper needs its new index, so the content is not drawn again.
 */
const CardContent = memo(function CardContent({ card, name }: { card: Card; name: string }) {
  const { t, tp, time, dayMonth, dayMonthAt } = useI18n();
  const day = useBoard((s) => s.day);
  const heldOver = isHeldOver(card, day);
  // Only the Waiting filter shows cards off this day's board: a customer answering tomorrow's
  // reminder, or writing after the car was picked up.
  const otherDay = card.localDate !== day && !heldOver;
  // The advisor set on the board, else the planning system's owner text.
  const advisor = card.advisor?.name ?? card.owner;
  return (
    <>
      <div className="card-top">
        <time className="card-time" dateTime={new Date(card.startsAt).toISOString()}>
          {time(card.startsAt)}
        </time>
        {card.waiting && (
          <span className="card-waiting" title={t('card.waiting')} aria-label={t('card.waiting')}>
            ●
          </span>
        )}
        {card.comments > 0 && (
          <span className="card-note">
            <NoteIcon label={tp('card.comments', card.comments)} />
          </span>
        )}
        <ColourPicker card={card} />
      </div>
      {(heldOver || otherDay || card.cancelled || card.optedOut) && (
        <div className="card-badges">
          {heldOver && <span className="badge badge-held">{t('card.heldOver', { date: dayMonth(card.localDate) })}</span>}
          {otherDay && <span className="badge badge-other-day">{t('card.otherDay', { date: dayMonth(card.localDate) })}</span>}
          {card.cancelled && <span className="badge badge-cancelled">{t('card.cancelled')}</span>}
          {card.optedOut && (
            <span className="badge badge-opted-out" title={t('card.optedOutSince', { when: `${dayMonthAt(card.optedOut.at)} ${time(card.optedOut.at)}`, by: card.optedOut.by })}>
              {t('card.optedOut')}
            </span>
          )}
        </div>
      )}
      {card.syncError && <div className="card-sync-error">{t('card.notSavedReason', { reason: refusalText({ t }, card.syncError) })}</div>}
      <div className="card-name">{name}</div>
      <div className="card-meta">
        {card.plate && <span className="plate">{card.plate}</span>}
        {card.workOrder && <span className="work-order">{card.workOrder}</span>}
      </div>
      {advisor && (
        <div className="card-owner">
          <span className="avatar" aria-hidden="true">
            {initials(advisor)}
          </span>
          {advisor}
        </div>
      )}
    </>
  );
});
