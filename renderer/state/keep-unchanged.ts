/** Whether two JSON values (what the BoardApi answers) are equal, deeply. */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const keysA = Object.keys(a);
  if (keysA.length !== Object.keys(b).length) return false;
  return keysA.every(
    (key) => Object.hasOwn(b, key) && sameValue((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]),
  );
}

/**
 * A fresh board read, with every card that did not change kept as the object the page already
 * has: the board reads all its cards again after each change, and a card whose object is the
 * same is not drawn again (its component is memoised), nor is a column whose cards all are.
 */
export function keepUnchanged<T extends { id: string }>(previous: readonly T[], next: T[]): T[] {
  if (previous.length === 0) return next;
  const byId = new Map(previous.map((item) => [item.id, item]));
  let changed = previous.length !== next.length;
  const kept = next.map((item, i) => {
    const old = byId.get(item.id);
    if (old !== undefined && sameValue(old, item)) {
      if (previous[i] !== old) changed = true;
      return old;
    }
    changed = true;
    return item;
  });
  return changed ? kept : (previous as T[]);
}
