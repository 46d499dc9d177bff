import { api } from '../state/store';
import { throttledNotes } from './activity';
import { useSession } from './session-state';

/** What counts as someone using this window: a key, a click or touch, a scroll. */
const INPUT_EVENTS = ['keydown', 'pointerdown', 'wheel'] as const;

/**
 * Tells the core, now and then, that someone uses this window, so that the idle lock waits:
 * only while a person is signed in on a registered desktop and it is not locked (the sign-in
 * screen's typing is no one's activity yet).
 */
export function watchActivity(target: Window): void {
  const note = throttledNotes(
    () => {
      api().noteActivity({}).catch(() => {
        // A lost note only lets the idle lock come a little sooner; the next input sends another.
      });
    },
    () => Date.now(),
  );
  const onInput = () => {
    const session = useSession.getState().session;
    if (session?.mode === 'device' && session.user && !session.locked) note();
  };
  for (const type of INPUT_EVENTS) target.addEventListener(type, onInput, { passive: true, capture: true });
}
