import { isHeldOver, compareBoardOrder } from './board-day';
import type { IsoDate } from './calendar-date';
import { COLUMNS, type Colour, type ColumnId } from './columns';
import { personInitials, wordInitials } from './person-initials';

/** How a wall shows customers: their initials (the default, for a screen the customers walk past) or their full names. */
export type WallNames = 'initials' | 'full';

/**
 * "J.v.d.B." for Jan van der Berg: the initial of every word (src/domain/person-initials: a word
 * without a letter gives none), so that particles stay lower case as they are written and two
 * customers with the same first letters still differ by their middle words. A name without any
 * letter gives null: the wall shows no name rather than a mark.
 */
export function nameInitials(name: string): string | null {
  const letters = wordInitials(name);
  if (letters.length === 0) return null;
  return letters.map((letter, i) => (i === 0 ? letter.toUpperCase() : letter) + '.').join('');
}

/** The customer's name as this wall may show it: masked here, in the core, so a masked wall's page never receives the full name. */
export function wallName(name: string | null, names: WallNames): string | null {
  const trimmed = name?.trim() ?? '';
  if (trimmed === '') return null;
  return names === 'full' ? trimmed : nameInitials(trimmed);
}

/** An advisor's mark on a wall card: the same as the board's badge ("SV" for Sanne de Vries). */
export function advisorMark(name: string | null): string | null {
  const mark = personInitials(name ?? '');
  return mark === '' ? null : mark;
}

/** What the board knows of a card that a wall needs (src/api's Card has these fields and more). */
export interface WallSourceCard {
  id: string;
  inboxId: string;
  localDate: IsoDate;
  localTime: string;
  customerName: string | null;
  plate: string | null;
  workOrder: string | null;
  owner: string | null;
  advisor: { name: string } | null;
  column: ColumnId;
  colour: Colour;
  position: number;
  cancelled: boolean;
  finishedOn: IsoDate | null;
  waiting: boolean;
}

/** A card as a wall shows it: no contact details, no conversation, the name masked unless the wall shows full names. */
export interface WallCardFacts {
  id: string;
  inboxId: string;
  column: ColumnId;
  position: number;
  time: string;
  name: string | null;
  plate: string | null;
  workOrder: string | null;
  colour: Colour;
  waiting: boolean;
  /** The appointment's own date when the card is held over from an earlier day; null on its own day. */
  heldOverFrom: IsoDate | null;
  cancelled: boolean;
  advisor: string | null;
}

export function wallCard(card: WallSourceCard, day: IsoDate, names: WallNames): WallCardFacts {
  return {
    id: card.id,
    inboxId: card.inboxId,
    column: card.column,
    position: card.position,
    time: card.localTime,
    name: wallName(card.customerName, names),
    plate: card.plate,
    workOrder: card.workOrder,
    colour: card.colour,
    waiting: card.waiting,
    heldOverFrom: isHeldOver(card, day) ? card.localDate : null,
    cancelled: card.cancelled,
    // The advisor set on the board, else the planning system's owner text.
    advisor: advisorMark(card.advisor?.name ?? card.owner),
  };
}

/** One inbox's cards in the five columns, each in board order (the advisors' own order). */
export function wallColumns<C extends { inboxId: string; column: ColumnId; position: number; id: string }>(
  cards: readonly C[],
  inboxId: string | null,
): Record<ColumnId, C[]> {
  const columns = Object.fromEntries(COLUMNS.map((column) => [column, [] as C[]])) as Record<ColumnId, C[]>;
  for (const card of cards) if (inboxId === null || card.inboxId === inboxId) columns[card.column].push(card);
  for (const column of COLUMNS) columns[column].sort(compareBoardOrder);
  return columns;
}
