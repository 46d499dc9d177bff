import type { Colour, ColumnId } from './columns';

/** Who is signed in, as far as the board's "Mine" filter asks. */
export interface Person {
  id: string;
  name: string;
}

/** What a card says of its service advisor: the one set on the board (a user id), and the planning system's owner text. */
export interface CardOwnership {
  advisor: string | null;
  owner: string | null;
}

/** Names compared as people type them: case and the spaces around them do not count. */
export function sameName(a: string, b: string): boolean {
  return a.trim().toLocaleLowerCase() === b.trim().toLocaleLowerCase();
}

/**
 * Whether the card is the person's for the "Mine" filter: the advisor set on the board decides;
 * without one, the planning system's owner text naming them does (it names advisors by name).
 */
export function isMine(card: CardOwnership, person: Person): boolean {
  if (card.advisor !== null) return card.advisor === person.id;
  return card.owner !== null && person.name.trim() !== '' && sameName(card.owner, person.name);
}

/** A change of the board state as this desktop queued it for the backend. */
export interface QueuedBoardChange {
  column?: ColumnId;
  colour?: Colour;
  /** A user id; null: cleared; absent: not changed. */
  advisor?: string | null;
}

export type CardChange = { kind: 'column'; column: ColumnId } | { kind: 'colour'; colour: Colour } | { kind: 'advisor'; advisor: string | null };

/**
 * The history lines of changes made here that wait to be sent, oldest first, each with the
 * queued change it comes from. A move is a line only when it goes to another column than the
 * card was in (`column`: where the backend last had it); a reorder within a column is not history.
 */
export function queuedLines<T extends QueuedBoardChange>(column: ColumnId, changes: T[]): Array<{ from: T; change: CardChange }> {
  const lines: Array<{ from: T; change: CardChange }> = [];
  let current = column;
  for (const c of changes) {
    if (c.column !== undefined && c.column !== current) {
      lines.push({ from: c, change: { kind: 'column', column: c.column } });
      current = c.column;
    }
    if (c.colour !== undefined) lines.push({ from: c, change: { kind: 'colour', colour: c.colour } });
    if (c.advisor !== undefined) lines.push({ from: c, change: { kind: 'advisor', advisor: c.advisor } });
  }
  return lines;
}
