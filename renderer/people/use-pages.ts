import { useEffect, useState } from 'react';
import { usePeopleAction } from './use-people-action';

export interface Page<T> {
  data: T[];
  next: string | null;
}

/**
 * A list read a page at a time: the first page when it opens, again on `reload` and whenever
 * `deps` change; the next one appended on `more`. `read` is given the cursor of the page
 * wanted (none for the first). A refusal is the list's notice.
 */
export function usePages<T>(read: (cursor: string | undefined) => Promise<Page<T>>, deps: unknown[]) {
  const [items, setItems] = useState<T[]>([]);
  const [next, setNext] = useState<string | null>(null);
  const { busy, notice, run } = usePeopleAction();
  const load = (cursor?: string) =>
    run(async () => {
      const page = await read(cursor);
      setItems((current) => (cursor === undefined ? page.data : [...current, ...page.data]));
      setNext(page.next);
      return null;
    });
  useEffect(() => {
    void load();
  }, deps);
  return {
    items,
    setItems,
    next,
    busy,
    notice,
    reload: () => void load(),
    more: () => {
      if (next !== null) void load(next);
    },
  };
}

export type Pages<T> = ReturnType<typeof usePages<T>>;
