import type { IsoDate } from './calendar-date';
import { FINISHED, type ColumnId } from './columns';

/** What the board rules need to know of an appointment. */
export interface BoardFacts {
  localDate: IsoDate;
  column: ColumnId;
  /** Local date on which the card was moved to Finished, if it is there. */
  finishedOn: IsoDate | null;
  cancelled: boolean;
}

/**
 * Whether a card is on the board of day `day`:
 * - its appointment is on `day`; or
 * - it is held over: an earlier appointment that is not Finished, or that was finished on
 *   `day` itself (a card leaves the board after the day it was finished, not the moment
 *   it is dropped in Finished, so the advisor sees the day's work complete).
 * A cancelled appointment is shown on its own day (marked) but is not held over: nobody is
 * going to work on it.
 */
export function isOnBoard(card: BoardFacts, day: IsoDate): boolean {
  if (card.localDate === day) return true;
  if (card.localDate > day || card.cancelled) return false;
  return card.column !== FINISHED || card.finishedOn === day;
}

export function isHeldOver(card: BoardFacts, day: IsoDate): boolean {
  return card.localDate < day && isOnBoard(card, day);
}

/** Board order within a column: position (which defaults to the appointment time), then id. */
export function compareBoardOrder(
  a: { position: number; id: string },
  b: { position: number; id: string },
): number {
  return a.position - b.position || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}
