import type { Agent } from 'node:https';
import axios, { type AxiosInstance } from 'axios';
import { retryDelay, type Backoff } from '../../../domain/retry-delay';
import { SourceFailure } from '../connector';
import { failureWords, isCertificateFailure } from '../failure-words';

/** How a pull waits and tries again on 429, 5xx and timeouts: `attempts` tries in all, waiting by retryDelay between them. */
export interface RetryPolicy extends Backoff {
  attempts: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 5, baseMs: 1000, maxMs: 60_000 };

/** Puts the source's credentials on a request; `refresh` after the source refused them once. */
export interface SourceAuth {
  headers(): Promise<Record<string, string>>;
  refresh(): void;
}

export interface SourceRequest {
  path: string;
  params: Record<string, string>;
}

const RETRYABLE = new Set([408, 429, 500, 502, 503, 504]);

/** The wait a 429 or 503 asks for (Retry-After in seconds or as a date), if any. */
function retryAfterMs(header: unknown, now: number): number | null {
  if (typeof header !== 'string' || header.trim() === '') return null;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(header);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

/**
 * GET against a planning system's API: credentials from `auth` (renewed once when refused),
 * timeouts, and on 429/5xx/timeouts waiting (Retry-After, or doubling with jitter) before the
 * next try. What finally fails is a SourceFailure in words.
 */
export class SourceHttp {
  private readonly http: AxiosInstance;

  constructor(
    baseUrl: string,
    timeoutMs: number,
    private readonly auth: SourceAuth,
    private readonly retry: RetryPolicy,
    private readonly system: string,
    httpsAgent?: Agent,
  ) {
    this.http = axios.create({ baseURL: baseUrl.replace(/\/$/, ''), timeout: timeoutMs, proxy: false, validateStatus: () => true, httpsAgent });
  }

  async get(request: SourceRequest): Promise<unknown> {
    let refreshed = false;
    for (let attempt = 1; ; attempt++) {
      let status: number;
      let data: unknown;
      let retryAfter: unknown;
      try {
        const response = await this.http.get(request.path, { params: request.params, headers: await this.auth.headers() });
        ({ status, data } = response);
        retryAfter = response.headers['retry-after'];
      } catch (error) {
        if (error instanceof SourceFailure) throw error;
        if (attempt >= this.retry.attempts || isCertificateFailure(error)) throw new SourceFailure(`${this.system}: ${failureWords(error)}`, { cause: error });
        await sleep(retryDelay(attempt, this.retry));
        continue;
      }
      if (status >= 200 && status < 300) return data;
      if ((status === 401 || status === 403) && !refreshed) {
        refreshed = true;
        this.auth.refresh();
        continue;
      }
      if (status === 401 || status === 403) throw new SourceFailure(`${this.system} refused the credentials (HTTP ${status}): check the key or secret in Settings.`);
      if (status === 404) throw new SourceFailure(`${this.system} has nothing at ${request.path} (HTTP 404): check the address and ids in Settings.`);
      if (!RETRYABLE.has(status) || attempt >= this.retry.attempts) {
        throw new SourceFailure(`${this.system} answered HTTP ${status}${status === 429 ? ' (too many requests) after every wait' : ''}.`);
      }
      const asked = retryAfterMs(retryAfter, Date.now());
      await sleep(Math.min(this.retry.maxMs, asked ?? retryDelay(attempt, this.retry)));
    }
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
