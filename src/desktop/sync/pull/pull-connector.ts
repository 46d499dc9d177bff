import { createHash } from 'node:crypto';
import type { ColumnMapping } from '../../../api/import';
import type { CertificateInfo } from '../../../api/sources';
import { certificateOfUrl, httpsAgentFor } from '../trusted-certificate';
import { SourceFailure, type Connector, type RecordRef, type RunInput, type SourceBatch } from '../connector';
import type { SourceRecord } from '../import-pipeline';
import type { SourceNotification } from '../../relay/event-applier';
import { compileMapping, fieldsOfRecord } from '../record-mapping';
import type { PullApi, PullQuery } from './pull-api';
import { SourceHttp, type RetryPolicy } from './source-http';
import { localDateAt } from '../../../domain/zoned-time';

/** The key under which each record carries the branch (store, site) its query was for. */
export const BRANCH_KEY = '@branch';

export interface PullOptions<S> {
  api: PullApi<S>;
  settings: S & { baseUrl: string; pageSize: number; overlapMinutes: number; timeoutSeconds: number; trustedCertificate?: CertificateInfo };
  secret: string;
  /** The site's mapping; fields it leaves out use the API's defaults. */
  mapping: ColumnMapping;
  zone: string;
  retry: RetryPolicy;
}

/**
 * A planning system pulled over its API. Each run asks for the changes since the last run's
 * newest change (minus an overlap, so that a change written while the last run read is not
 * missed), then today and tomorrow in full, so that a cancelled or deleted appointment is
 * noticed even when the system does not report it as a change.
 */
export class PullConnector<S> implements Connector {
  private readonly http: SourceHttp;
  private readonly rules;

  constructor(private readonly options: PullOptions<S>) {
    const { api, settings, secret, retry } = options;
    const timeoutMs = settings.timeoutSeconds * 1000;
    const agent = httpsAgentFor(settings.trustedCertificate);
    this.http = new SourceHttp(settings.baseUrl, timeoutMs, api.auth(settings, secret, timeoutMs, retry, agent), retry, api.system, agent);
    this.rules = compileMapping({ ...api.defaultMapping, ...options.mapping });
  }

  async test(now: number): Promise<string> {
    const { api, settings } = this.options;
    // Today where the workshop is: past midnight there, UTC still has yesterday.
    const [query] = api.day(settings, localDateAt(now, this.options.zone));
    const page = api.readPage(await this.http.get({ path: query!.path, params: { ...query!.params, ...api.firstPage(settings.pageSize) } }), query!.params);
    return `Connected to ${api.system}: ${page.items.length}${page.next ? '+' : ''} appointment(s) today${query!.branch ? ` (${query!.branch})` : ''}.`;
  }

  async *pull(input: RunInput): AsyncGenerator<SourceBatch, string | null> {
    const { api, settings } = this.options;
    const since = input.cursor ? new Date(Date.parse(input.cursor) - settings.overlapMinutes * 60_000).toISOString() : null;
    let newest = input.cursor ? Date.parse(input.cursor) : -Infinity;
    for (const query of api.changedSince(settings, since)) {
      const items = await this.fetchAll(query);
      for (const item of items) {
        const at = Date.parse(api.changedAt(item) ?? '');
        if (at > newest) newest = at;
      }
      yield this.batchOf(query, items);
    }
    for (const day of [input.today, input.tomorrow]) {
      for (const query of api.day(settings, day)) {
        yield { ...this.batchOf(query, await this.fetchAll(query)), complete: { days: [day], branches: query.branch ? [query.branch] : null } };
      }
    }
    return Number.isFinite(newest) ? new Date(newest).toISOString() : null;
  }

  certificate(): Promise<CertificateInfo | null> {
    const { settings } = this.options;
    return certificateOfUrl(settings.baseUrl, settings.timeoutSeconds * 1000);
  }

  takes(notification: SourceNotification): boolean {
    return this.options.api.takes?.(this.options.settings, notification) ?? false;
  }

  async fetchRecord(ref: RecordRef): Promise<SourceBatch | null> {
    const { api, settings } = this.options;
    if (!api.record) throw new SourceFailure(`${api.system} has no request for a single record.`);
    const found = await api.record(settings, ref, (query) => this.http.get(query));
    return found ? this.batchOf(found.query, [found.item]) : null;
  }

  reread(_format: 'csv' | 'json', _header: string | null, rows: Array<{ rowNumber: number; raw: string }>): SourceRecord[] {
    return rows.map(({ rowNumber, raw }) => ({ rowNumber, raw, fields: fieldsOfRecord(JSON.parse(raw), this.rules, this.options.zone) }));
  }

  private async fetchAll(query: PullQuery): Promise<unknown[]> {
    const { api, settings } = this.options;
    const items: unknown[] = [];
    let params: Record<string, string> | null = { ...query.params, ...api.firstPage(settings.pageSize) };
    while (params) {
      const page = api.readPage(await this.http.get({ path: query.path, params }), params);
      items.push(...page.items);
      params = page.next;
    }
    return items;
  }

  private batchOf(query: PullQuery, items: unknown[]): SourceBatch {
    const { zone } = this.options;
    const hash = createHash('sha256');
    const records: SourceRecord[] = items.map((item, index) => {
      // The branch the query asked for travels in the record, so that a retry maps it the same.
      const record = query.branch === null ? item : { [BRANCH_KEY]: query.branch, ...(item as object) };
      const raw = JSON.stringify(record);
      hash.update(raw);
      return { rowNumber: index + 1, raw, fields: fieldsOfRecord(record, this.rules, zone) };
    });
    return { label: query.label, format: 'json', header: null, records, sha256: hash.digest('hex'), ignoredColumns: [] };
  }
}
