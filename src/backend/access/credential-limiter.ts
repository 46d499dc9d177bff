import { ApiFailure } from '../../api/envelope';
import type { Clock } from '../../ports/clock';

/** Too many failed attempts: answered 429 with Retry-After. */
export class TooManyAttempts extends ApiFailure {
  constructor(readonly retryAfterMs: number) {
    const retryAfterSeconds = Math.ceil(retryAfterMs / 1000);
    super('TOO_MANY_ATTEMPTS', `Too many failed attempts; try again in ${retryAfterSeconds} s.`, { retryAfterSeconds });
  }
}

export interface LimiterOptions {
  /** Failures of one presented credential (a token's hash, an e-mail, an invitation code) within the window. */
  perCredential: number;
  /** Failures from one address within the window: higher, since a dealership's desktops share one. */
  perAddress: number;
  windowMs: number;
  /** The most keys remembered; the least recently failed are forgotten first, so memory stays bounded. */
  maxKeys: number;
}

/** Bad bearer tokens: a desktop with a revoked token retries a few times a minute at most. */
export const BEARER_LIMITS: LimiterOptions = { perCredential: 5, perAddress: 50, windowMs: 60_000, maxKeys: 10_000 };

/**
 * Sign-ins (POST /v2/auth/token), counted apart from bad bearer tokens so that a desktop stuck
 * on a revoked token never blocks the people signing in beside it. Five wrong passwords a minute
 * per e-mail; per address a hundred, since a dealership's reception desks, workshop and
 * managers sign in from behind one router, and even fifty people each mistyping twice in a
 * minute stay under it — while one address guessing at many e-mails is still slowed.
 */
export const SIGN_IN_LIMITS: LimiterOptions = { perCredential: 5, perAddress: 100, windowMs: 60_000, maxKeys: 10_000 };

/** What one attempt presented: the credential (hashed or an e-mail) and the address it came from. */
export interface Attempt {
  credential: string;
  address: string;
}

/** An attempt counted when it began (see `begin`), to be taken back if it does not fail. */
export interface Charge {
  attempt: Attempt;
  at: number;
}

/**
 * Slows down guessing without locking out a dealership: only failures are counted, per
 * credential and per address. The caller asks only for attempts that failed or that are about
 * to cost (a sign-in, before its Argon2 check), so a valid token is never refused because
 * another client behind the same address kept failing.
 */
export class CredentialLimiter {
  /** Failure times per key, oldest first, at most the key's limit of them; Map order is recency. */
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly clock: Clock,
    private readonly options: LimiterOptions,
  ) {}

  /** Milliseconds until this credential and this address may try again; 0: now. */
  retryAfter(attempt: Attempt): number {
    return Math.max(this.waitOf(`c:${attempt.credential}`, this.options.perCredential), this.waitOf(`a:${attempt.address}`, this.options.perAddress));
  }

  fail(attempt: Attempt): void {
    this.record(`c:${attempt.credential}`, this.options.perCredential, this.clock.now());
    this.record(`a:${attempt.address}`, this.options.perAddress, this.clock.now());
  }

  /**
   * A costly attempt (an Argon2 check, a provider's keys) about to start: refused with
   * TooManyAttempts over the limit, else counted as a failure now, before anything is awaited.
   * Counted only once it had failed, parallel attempts would all pass the check before the
   * first of them failed; counted now, at most the limit of them start per key and window.
   * An attempt that turns out not to have failed is taken back with `release`.
   */
  begin(attempt: Attempt): Charge {
    const wait = this.retryAfter(attempt);
    if (wait > 0) throw new TooManyAttempts(wait);
    const at = this.clock.now();
    this.record(`c:${attempt.credential}`, this.options.perCredential, at);
    this.record(`a:${attempt.address}`, this.options.perAddress, at);
    return { attempt, at };
  }

  /** Takes back what `begin` counted: the attempt did not fail (it succeeded, or nobody was at fault). */
  release(charge: Charge): void {
    for (const key of [`c:${charge.attempt.credential}`, `a:${charge.attempt.address}`]) {
      const times = this.failures.get(key);
      const index = times?.lastIndexOf(charge.at) ?? -1;
      if (index < 0) continue;
      times!.splice(index, 1);
      if (times!.length === 0) this.failures.delete(key);
    }
  }

  /** A sign-in that succeeded: its credential's earlier failures no longer count (the address's do). */
  succeeded(attempt: Attempt): void {
    this.failures.delete(`c:${attempt.credential}`);
  }

  /** How many keys are remembered (bounded by maxKeys). */
  get size(): number {
    return this.failures.size;
  }

  private recent(key: string): number[] {
    const since = this.clock.now() - this.options.windowMs;
    const times = this.failures.get(key);
    if (!times) return [];
    const kept = times.filter((t) => t > since);
    if (kept.length === 0) this.failures.delete(key);
    return kept;
  }

  private waitOf(key: string, limit: number): number {
    const recent = this.recent(key);
    if (recent.length < limit) return 0;
    return Math.max(1, recent[recent.length - limit]! + this.options.windowMs - this.clock.now());
  }

  private record(key: string, limit: number, at: number): void {
    const recent = this.recent(key);
    recent.push(at);
    // Only the newest `limit` failures decide when the key may try again.
    if (recent.length > limit) recent.splice(0, recent.length - limit);
    this.failures.delete(key);
    this.failures.set(key, recent);
    while (this.failures.size > this.options.maxKeys) {
      this.failures.delete(this.failures.keys().next().value!);
    }
  }
}
