import { z } from 'zod';

/**
 * Paging by cursor, for every list that grows without bound (messages, contacts, events). A
 * cursor names where the last page ended, not how many items were skipped, so items stored
 * between two requests do not shift the next page; and every answer says whether more follows
 * (`next`), so a client never mistakes one page for the whole list.
 */

/** A place in a list ordered by time of creation, ties broken by the order in which the store took the items. */
export interface ListPosition {
  createdAt: number;
  order: number;
}

const BASE = 36;

/** The position as a client carries it: opaque to the client, read back only by the side that wrote it. */
export function encodeCursor(position: ListPosition): string {
  return `${position.createdAt.toString(BASE)}.${position.order.toString(BASE)}`;
}

/** A cursor from an earlier answer, back to its position; anything else is refused in words. */
export const CursorSchema = z
  .string()
  .max(23)
  .regex(/^[0-9a-z]{1,11}\.[0-9a-z]{1,11}$/, 'is not a cursor from an earlier page')
  .transform((text, ctx): ListPosition => {
    const [createdAt, order] = text.split('.').map((part) => parseInt(part, BASE)) as [number, number];
    if (!Number.isSafeInteger(createdAt) || !Number.isSafeInteger(order)) {
      ctx.addIssue({ code: 'custom', message: 'is not a cursor from an earlier page' });
      return z.NEVER;
    }
    return { createdAt, order };
  });

/**
 * A page from rows read with a limit of one more than asked (the extra row only tells that a
 * next page exists), and the position the next page starts after; null: this is the last page.
 */
export function splitPage<R>(rows: R[], limit: number, positionOf: (row: R) => ListPosition): { page: R[]; next: ListPosition | null } {
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return { page, next: rows.length > limit && last !== undefined ? positionOf(last) : null };
}

/** How many items one request may ask for: a page, never the whole list. */
export const PageLimitSchema = (fallback: number) => z.coerce.number().int().min(1).max(200).default(fallback);

/** One page of a list, and where the following page starts; null: there is nothing after this page. */
export const pageOf = <T extends z.ZodType, C extends z.ZodType>(item: T, next: C) =>
  z.object({ data: z.array(item), next: next.nullable() });
