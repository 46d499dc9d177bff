import pg from 'pg';
import { z } from 'zod';
import { EVENTS_CHANNEL } from '../sql/dialect';
import { postgresConfig } from './postgres-engine';

const Announcement = z.tuple([z.string().min(1), z.number().int().positive(), z.number().int().positive()]);

export interface ListenerHandlers {
  announced(organizationId: string, firstSeq: number, lastSeq: number): void;
  /** The connection was lost and made again: announcements in between may be lost. */
  reconnected(): void;
  failed(error: unknown): void;
}

const RETRY_MS = [100, 500, 1000, 2000, 5000];

/**
 * Follows the commits of every backend process over one PostgreSQL database (LISTEN on its
 * own connection). An announcement that is not what a commit sends is ignored; a lost
 * connection is made again, after which the hub reads what it may have missed.
 */
export class EventListener {
  private client: pg.Client | null = null;
  private stopped = false;
  private retry: NodeJS.Timeout | null = null;

  private constructor(
    private readonly url: string,
    private readonly handlers: ListenerHandlers,
  ) {}

  static async start(url: string, handlers: ListenerHandlers): Promise<EventListener> {
    const listener = new EventListener(url, handlers);
    await listener.connect();
    return listener;
  }

  private async connect(): Promise<void> {
    const client = new pg.Client({ ...postgresConfig(this.url), application_name: 'aftersales-listener' });
    client.on('notification', (message) => {
      if (message.channel !== EVENTS_CHANNEL) return;
      let parsed: z.infer<typeof Announcement>;
      try {
        parsed = Announcement.parse(JSON.parse(message.payload ?? ''));
      } catch {
        return;
      }
      this.handlers.announced(...parsed);
    });
    client.on('error', (error) => this.lost(client, error));
    client.on('end', () => this.lost(client, null));
    try {
      await client.connect();
      await client.query(`LISTEN ${EVENTS_CHANNEL}`);
    } catch (error) {
      await client.end().catch(() => undefined);
      throw error;
    }
    // Stopped while connecting: this connection is nobody's.
    if (this.stopped) {
      await client.end().catch(() => undefined);
      return;
    }
    this.client = client;
  }

  private lost(client: pg.Client, error: Error | null, attempt = 0): void {
    if (this.stopped || (this.client !== client && attempt === 0)) return;
    this.client = null;
    if (error && attempt === 0) this.handlers.failed(error);
    const wait = RETRY_MS[Math.min(attempt, RETRY_MS.length - 1)]!;
    this.retry = setTimeout(() => {
      this.connect().then(
        () => {
          if (!this.stopped) this.handlers.reconnected();
        },
        (again: unknown) => {
          if (attempt === 0) this.handlers.failed(again);
          this.lost(client, null, attempt + 1);
        },
      );
    }, wait);
    this.retry.unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.retry) clearTimeout(this.retry);
    await this.client?.end().catch(() => undefined);
  }
}
