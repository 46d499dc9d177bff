import { z } from 'zod';
import { ApiFailure } from '../../api/envelope';
import type { SessionState } from '../../api/people';
import type { Timers } from '../../ports/timers';
import type { DesktopPeopleRepo, DesktopPerson } from '../cache/desktop-people-repo';
import type { SyncStateRepo } from '../cache/sync-state-repo';
// A PIN has few digits, so its hash alone does not keep it safe: five wrong PINs forget the
// session (session-rules), and the hash never leaves this desktop's cache.
import { argon2idHash as hashPin, argon2idMatches as pinMatches } from '../../node/argon2id';
import { idleLockAt, pinAttempt, shouldIdleLock } from './session-rules';

/** The device's idle lock, in minutes (null: never): a setting of this desktop, kept in its cache. */
const IDLE_LOCK_KEY = 'idleLockMinutes';

export interface DeskLockOptions {
  people: DesktopPeopleRepo;
  syncState: SyncStateRepo;
  /** The idle time counts on the timers. */
  timers: Timers;
  /** The person signed in now; nobody: there is nothing to lock. */
  signedIn(): string | null;
  /** Only a registered device locks: on a person's own token nobody else could take over. */
  mode(): SessionState['mode'];
  /** The idle time ran out and the desk locked: the windows are told. */
  idleLocked(): void;
}

/**
 * The lock of a shared reception desk: locked by hand or after the device's idle minutes
 * without activity, opened again by a recent person's PIN. A PIN has few digits, so five wrong
 * ones in a row forget that person's session here, and they sign in with their password.
 */
export class DeskLock {
  private isLocked = false;
  private lastActivity = 0;
  private cancelIdle: (() => void) | null = null;
  private closed = false;
  /** The PIN attempt for a person still being checked (Argon2 takes a while), which the next one waits for. */
  private readonly attempts = new Map<string, Promise<void>>();

  constructor(private readonly options: DeskLockOptions) {}

  get locked(): boolean {
    return this.isLocked;
  }

  lock(): void {
    this.isLocked = true;
  }

  unlock(): void {
    this.isLocked = false;
  }

  /** The windows saw the person work: the idle lock waits from now. */
  noteActivity(): void {
    this.lastActivity = this.options.timers.now();
  }

  minutes(): number | null {
    return this.options.syncState.get(IDLE_LOCK_KEY, z.number().int().nullable()) ?? null;
  }

  /** Set by a manager, for everyone who works at this desk; the idle time counts from now. */
  setMinutes(userId: string, minutes: number | null): void {
    if (this.options.people.get(userId)?.user.role !== 'manager') {
      throw new ApiFailure('FORBIDDEN', 'Only a manager sets when this desktop locks itself.');
    }
    this.options.syncState.set(IDLE_LOCK_KEY, minutes);
    this.noteActivity();
    this.watch();
  }

  /** Locks the desk once the idle time runs out, unless the person worked meanwhile (then it waits again). */
  watch(): void {
    this.cancelIdle?.();
    if (this.closed) return;
    const at = idleLockAt(this.lastActivity, this.minutes());
    if (at === null || this.options.signedIn() === null || this.isLocked || this.options.mode() !== 'device') return;
    this.cancelIdle = this.options.timers.after(Math.max(0, at - this.options.timers.now()), () => {
      const state = { signedIn: this.options.signedIn() !== null, locked: this.isLocked, lastActivity: this.lastActivity, minutes: this.minutes() };
      if (shouldIdleLock(state, this.options.timers.now())) {
        this.isLocked = true;
        this.options.idleLocked();
      } else {
        this.watch();
      }
    });
  }

  /** Nobody is signed in any more: no idle lock waits. */
  stopWatching(): void {
    this.cancelIdle?.();
  }

  close(): void {
    this.closed = true;
    this.cancelIdle?.();
  }

  async setPin(userId: string, pin: string): Promise<void> {
    this.options.people.setPin(userId, await hashPin(pin));
  }

  /**
   * Runs a PIN attempt for `userId` after the ones before it for that person ended. A wrong
   * PIN is counted only once Argon2 has compared it, so attempts checked side by side would all
   * read the same count and sixty wrong PINs sent at once would never reach the fifth: one at a
   * time, the attempts after the fifth wrong one find the person forgotten.
   */
  oneAttemptAtATime<T>(userId: string, attempt: () => Promise<T>): Promise<T> {
    const before = this.attempts.get(userId) ?? Promise.resolve();
    const run = before.then(attempt);
    const done = run.then(
      () => undefined,
      () => undefined,
    );
    this.attempts.set(userId, done);
    void done.then(() => {
      if (this.attempts.get(userId) === done) this.attempts.delete(userId);
    });
    return run;
  }

  /**
   * A PIN typed to switch to `person` (inside oneAttemptAtATime). Right, the count of wrong ones starts again; wrong, the
   * person hears how many tries are left, and after the fifth `forget` ends their session here.
   */
  async checkPin(person: DesktopPerson, pin: string, forget: () => void): Promise<void> {
    const userId = person.user.id;
    if (person.pinHash === null) throw new ApiFailure('NO_PIN', `${person.user.name} has no PIN on this desktop: they sign in with their password.`);
    const outcome = pinAttempt(person.pinFailures, await pinMatches(person.pinHash, pin));
    if (!outcome.ok) {
      this.options.people.setPinFailures(userId, outcome.failures);
      if (!outcome.forget) {
        throw new ApiFailure('WRONG_PIN', `Wrong PIN: ${outcome.left} ${outcome.left === 1 ? 'try' : 'tries'} left.`, { left: outcome.left });
      }
      forget();
      throw new ApiFailure('PIN_ATTEMPTS', `Five wrong PINs: ${person.user.name} is signed out on this desktop and signs in with their password again.`);
    }
    this.options.people.setPinFailures(userId, 0);
  }
}
