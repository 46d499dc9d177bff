import { ApiFailure } from '../../api/envelope';
import type { Clock } from '../../ports/clock';

/** Too many failed attempts: answered 429 with Retry-After. */
export class TooManyAttempts extends ApiFailure {
  constructor(readonly retryAfterMs: number) {
    super('TOO_MANY_ATTEMPTS', `Too many failed attempts; try again in ${Math.ceil(retryAfterMs / 1000)} s.`);
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

export const DEFAULT_LIMITS: LimiterOptions = { perCredential: 5, perAddress: 50, windowMs: 60_000, maxKeys: 10_000 };

/** What one attempt presented: the credential (hashed or an e-mail) and the address it came from. */
export interface Attempt {
  credential: string;
  address: string;
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
    private readonly options: LimiterOptions = DEFAULT_LIMITS,
  ) {}

  /** Milliseconds until this credential and this address may try again; 0: now. */
  retryAfter(attempt: Attempt): number {
    return Math.max(this.waitOf(`c:${attempt.credential}`, this.options.perCredential), this.waitOf(`a:${attempt.address}`, this.options.perAddress));
  }

  fail(attempt: Attempt): void {
    this.record(`c:${attempt.credential}`, this.options.perCredential);
    this.record(`a:${attempt.address}`, this.options.perAddress);
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

  private record(key: string, limit: number): void {
    const recent = this.recent(key);
    recent.push(this.clock.now());
    // Only the newest `limit` failures decide when the key may try again.
    if (recent.length > limit) recent.splice(0, recent.length - limit);
    this.failures.delete(key);
    this.failures.set(key, recent);
    while (this.failures.size > this.options.maxKeys) {
      this.failures.delete(this.failures.keys().next().value!);
    }
  }
}
