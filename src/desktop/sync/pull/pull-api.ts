import type { Agent } from 'node:https';
import type { ColumnMapping } from '../../../api/import';
import type { IsoDate } from '../../../domain/calendar-date';
import type { SourceNotification } from '../../relay/event-applier';
import type { RecordRef } from '../connector';
import type { RetryPolicy, SourceAuth, SourceRequest } from './source-http';

/** One query of a run, walked page by page: the changes since a time, or one day in full. */
export interface PullQuery extends SourceRequest {
  label: string;
  /** The branch (store, site) the query is for; records without a branch of their own get it. */
  branch: string | null;
}

export interface Page {
  items: unknown[];
  /** Parameters that ask for the next page; null on the last. */
  next: Record<string, string> | null;
}

/**
 * A planning system's API in one place: how to sign in, which requests a run makes, how its
 * pages and records look, and the default mapping of its records to appointment fields.
 */
export interface PullApi<S> {
  system: string;
  defaultMapping: ColumnMapping;
  /** `httpsAgent`: trusts the certificate trusted in Settings, for sign-in requests of their own. */
  auth(settings: S, secret: string, timeoutMs: number, retry: RetryPolicy, httpsAgent: Agent | undefined): SourceAuth;
  changedSince(settings: S, since: string | null): PullQuery[];
  day(settings: S, day: IsoDate): PullQuery[];
  firstPage(pageSize: number): Record<string, string>;
  /** Reads one answer; throws a SourceFailure when it is not the shape this connector knows. */
  readPage(body: unknown, params: Record<string, string>): Page;
  /** When the record last changed at the source (ISO), for the next run's cursor. */
  changedAt(item: unknown): string | null;
  /** Whether a notification is about the source with these settings (systems that notify only). */
  takes?(settings: S, notification: SourceNotification): boolean;
  /**
   * The record a system's notification names (through `get`), as a run would have read it;
   * null when the named record is not one the board shows.
   */
  record?(settings: S, ref: RecordRef, get: (request: PullQuery) => Promise<unknown>): Promise<{ query: PullQuery; item: unknown } | null>;
}
