/**
 * Card positions are numbers; a new card's position is its appointment instant (ms), so
 * the default order is appointment time. A card dragged between two neighbours takes the
 * midpoint, so one move rewrites one row.
 */
export function positionBetween(before: number | null, after: number | null, fallback: number): number {
  if (before !== null && after !== null) return (before + after) / 2;
  if (before !== null) return before + 60_000;
  if (after !== null) return after - 60_000;
  return fallback;
}
