import type { MethodAccess, SessionState, SignedOutReason } from '../../api/people';
import { UserSettingsSchema, type UserSettings } from '../../api/v2/users';

/**
 * The rules of keeping people signed in on a desktop, without I/O: when an access token is
 * renewed, when the desktop locks, what a wrong PIN costs, and what a refusal of the backend
 * means for the person. Times are milliseconds on the timers' scale.
 */

/** Renewed this long before its end at the latest, so a request never leaves with a token about to end. */
export const RENEW_MARGIN_MS = 60_000;

/**
 * When an access token that lives `lifetimeMs` from `issuedAt` is renewed: at four fifths of
 * its life, and never later than a minute before its end (a short token is renewed at once).
 */
export function renewalAt(issuedAt: number, lifetimeMs: number): number {
  return issuedAt + Math.max(0, Math.min(Math.floor(lifetimeMs * 0.8), lifetimeMs - RENEW_MARGIN_MS));
}

/** Whether a token renewed at `renewAt` must be renewed before it is used at `now`. */
export function needsRenewal(renewAt: number, now: number): boolean {
  return now >= renewAt;
}

/** Wrong PINs in a row after which the person's session is forgotten on this desktop. */
export const MAX_PIN_FAILURES = 5;

export type PinOutcome = { ok: true } | { ok: false; failures: number; left: number; forget: boolean };

/** A PIN typed for a person who had `failuresBefore` wrong ones in a row since the last right one. */
export function pinAttempt(failuresBefore: number, right: boolean): PinOutcome {
  if (right) return { ok: true };
  const failures = failuresBefore + 1;
  const left = Math.max(0, MAX_PIN_FAILURES - failures);
  return { ok: false, failures, left, forget: left === 0 };
}

/** When a desktop last used at `lastActivity` locks; null: it does not (no idle lock set). */
export function idleLockAt(lastActivity: number, minutes: number | null): number | null {
  return minutes === null ? null : lastActivity + minutes * 60_000;
}

/** Whether the desktop locks now: someone is signed in, it is not locked yet, and the idle time has run out. */
export function shouldIdleLock(state: { signedIn: boolean; locked: boolean; lastActivity: number; minutes: number | null }, now: number): boolean {
  const at = idleLockAt(state.lastActivity, state.minutes);
  return state.signedIn && !state.locked && at !== null && now >= at;
}

/**
 * Why a person's session ended, from the backend's 401: SESSION_ENDED says in its message
 * whether it was revoked or ran out; any other 401 means the token is not (any longer) known.
 */
export function signedOutReasonOf(code: string, message: string): Extract<SignedOutReason, 'revoked' | 'expired' | 'refused'> {
  if (code !== 'SESSION_ENDED') return 'refused';
  return /revoked/i.test(message) ? 'revoked' : 'expired';
}

/** Why a shared desk does not take a method now: it is locked, or nobody signed in to do it as. */
export type DeskRefusal = 'LOCKED' | 'NOT_SIGNED_IN';

/**
 * Whether a method of `access` (METHOD_ACCESS) is taken on a desk in this state. Locked, only
 * signing in and reading are: anything else would be the locked person's. On a registered
 * device with nobody signed in, a person's change has nobody to be by; the desktop's own
 * set-up is taken there (the sign-in screen offers it).
 */
export function deskRefusal(access: MethodAccess, desk: { mode: SessionState['mode']; signedIn: boolean; locked: boolean }): DeskRefusal | null {
  if (access === 'session' || access === 'read') return null;
  if (desk.locked) return 'LOCKED';
  if (access === 'person' && desk.mode === 'device' && !desk.signedIn) return 'NOT_SIGNED_IN';
  return null;
}

/**
 * The inbox filter of a person whose view settings just arrived from the backend. Someone who
 * never saved any (the backend answers its defaults) starts with the inboxes a manager gave them
 * (where they work; none: every inbox), as the filter they would otherwise set by hand; once
 * they choose, their own choice is kept and follows them.
 */
export function inboxFilterAtSignIn(settings: UserSettings, userInboxes: readonly string[]): string[] | null {
  const unsaved = JSON.stringify(settings) === JSON.stringify(UserSettingsSchema.parse({}));
  if (!unsaved || userInboxes.length === 0) return settings.inboxFilter;
  return [...userInboxes];
}
