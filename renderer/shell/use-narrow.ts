import { useSyncExternalStore } from 'react';

/** The width up to which the top bar is "narrow" (a 1366- or 1536-pixel screen: with the notification prompt its whole words leave the name no room); the same as in the style sheets. */
const NARROW = '(max-width: 1600px)';

/** Whether the window is narrow now, following it as it is resized. */
export function useNarrow(): boolean {
  return useSyncExternalStore(
    (changed) => {
      const query = window.matchMedia(NARROW);
      query.addEventListener('change', changed);
      return () => query.removeEventListener('change', changed);
    },
    () => window.matchMedia(NARROW).matches,
  );
}
