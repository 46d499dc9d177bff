import { create } from 'zustand';
import type { SessionState } from '../../src/api/people';

/** Who works on this desktop now, as the core last said (getSession, the people methods' answers, session.changed). */
export const useSession = create<{
  session: SessionState | null;
  /** On a locked desktop: someone other than the signed-in person is signing in ("Someone else", "Switch user"). */
  someoneElse: boolean;
}>(() => ({ session: null, someoneElse: false }));

export function takeSession(session: SessionState): void {
  // Once the board shows again, the next lock asks the signed-in person first.
  useSession.setState((s) => ({ session, someoneElse: signInNeeded(session) && s.someoneElse }));
}

/** A people method's answer taken as the session now (for useAction: nothing more to say). */
export async function sessionFrom(answer: Promise<SessionState>): Promise<null> {
  takeSession(await answer);
  return null;
}

/**
 * The sign-in screen stands in front of the board on a registered reception desktop while
 * nobody is signed in or the desktop is locked. A wall screen needs nobody; a standalone
 * desktop and one joined with a person's own token have their one person always.
 */
export function signInNeeded(session: SessionState | null): boolean {
  if (!session || session.mode !== 'device' || session.device?.role !== 'desktop') return false;
  return session.user === null || session.locked;
}

/** Settings → People, Devices and tokens, Audit and Sign-in settings: a manager's. */
export function isManager(session: SessionState | null): boolean {
  return session?.user?.role === 'manager' && !session.locked;
}
