import WebSocket from 'ws';
import { EventSchema, type BackendEvent } from '../../api/v2/event';
import { retryDelay, type Backoff } from '../../domain/retry-delay';
import type { Logger } from '../../ports/logger';
import type { Timers } from '../../ports/timers';
import type { BackendEndpoint } from './backend-client';

export interface EventStreamHandlers {
  /** The last sequence number applied: the stream resumes after it. */
  since(): number;
  /** A batch of events in arrival order; false when they do not follow on (a gap): reconnect. */
  onEvents(events: BackendEvent[]): boolean;
  onOpen(): void;
  onClose(reason: string): void;
  /** The backend refused the token (401 at the upgrade, or close code 4401 when its session ended): the stream stays closed. */
  onRefused(reason: string): void;
}

/** The close code the backend ends a stream with when the session of its token ends. */
export const SESSION_ENDED_CLOSE_CODE = 4401;

const HEARTBEAT_MS = 15_000;
/** A backend that restarts is followed again within seconds. */
const RECONNECT: Backoff = { baseMs: 250, maxMs: 10_000 };

/**
 * Follows the organisation's event log over a WebSocket (GET /v2/events/stream?since=), and
 * reconnects with backoff whenever the connection is lost, resuming after the last event
 * applied, so that nothing is missed and nothing is applied twice. Events that arrive together
 * are handed over as one batch, so a replay of thousands is applied in a few transactions.
 */
export class EventStream {
  private socket: WebSocket | null = null;
  private failures = 0;
  private cancelRetry: (() => void) | null = null;
  private cancelHeartbeat: (() => void) | null = null;
  private batch: BackendEvent[] = [];
  private stopped = false;

  constructor(
    private readonly endpoint: BackendEndpoint,
    private readonly handlers: EventStreamHandlers,
    private readonly logger: Logger,
    private readonly timers: Timers,
  ) {}

  start(): void {
    this.stopped = false;
    this.connect();
  }

  stop(): void {
    this.stopped = true;
    this.cancelRetry?.();
    this.cancelHeartbeat?.();
    this.socket?.terminate();
    this.socket = null;
  }

  private connect(): void {
    const url = new URL(`${this.endpoint.url.replace(/\/$/, '')}/v2/events/stream`);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    url.searchParams.set('since', String(this.handlers.since()));
    const socket = new WebSocket(url, { headers: { authorization: `Bearer ${this.endpoint.token}` }, handshakeTimeout: 10_000 });
    this.socket = socket;
    let alive = true;
    socket.on('open', () => {
      this.failures = 0;
      this.handlers.onOpen();
      const beat = () => {
        // No pong since the last ping: the network went away without closing the socket.
        if (!alive) return socket.terminate();
        alive = false;
        socket.ping();
        this.cancelHeartbeat = this.timers.after(HEARTBEAT_MS, beat);
      };
      this.cancelHeartbeat = this.timers.after(HEARTBEAT_MS, beat);
    });
    socket.on('pong', () => (alive = true));
    socket.on('message', (data) => this.receive(socket, data.toString()));
    socket.on('unexpected-response', (_request, response) => {
      socket.terminate();
      if (response.statusCode === 401) this.refused(socket, 'the backend refused this desktop’s token');
      else this.closed(socket, `HTTP ${response.statusCode}`);
    });
    socket.on('error', (error) => this.closed(socket, error.message));
    socket.on('close', (code, reason) => {
      if (code === SESSION_ENDED_CLOSE_CODE) this.refused(socket, `the backend ended this desktop’s session (${reason.toString() || 'ended'})`);
      // The backend's words when it gave any (a restart, a log restored from a backup), so the connection line says why.
      else this.closed(socket, reason.toString() || 'the connection closed');
    });
  }

  private receive(socket: WebSocket, text: string): void {
    let event: BackendEvent;
    try {
      event = EventSchema.parse(JSON.parse(text));
    } catch {
      this.logger.warn({}, 'the backend sent an event this desktop cannot read; reconnecting');
      socket.terminate();
      return;
    }
    this.batch.push(event);
    if (this.batch.length === 1) setImmediate(() => this.flush(socket));
  }

  private flush(socket: WebSocket): void {
    const events = this.batch;
    this.batch = [];
    if (socket !== this.socket || events.length === 0) return;
    if (!this.handlers.onEvents(events)) socket.terminate();
  }

  /** Trying again with the same token changes nothing: the stream stops, and says why. */
  private refused(socket: WebSocket, reason: string): void {
    if (socket !== this.socket) return;
    this.stop();
    this.handlers.onClose(reason);
    this.handlers.onRefused(reason);
  }

  private closed(socket: WebSocket, reason: string): void {
    if (socket !== this.socket) return;
    this.socket = null;
    this.batch = [];
    this.cancelHeartbeat?.();
    this.handlers.onClose(reason);
    if (this.stopped) return;
    this.failures++;
    this.cancelRetry = this.timers.after(retryDelay(this.failures, RECONNECT), () => this.connect());
  }
}
