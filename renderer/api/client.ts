import type { BoardApiClient, BoardEvent } from '../../src/api/board-api';
import { BRIDGE_KEY, type BoardBridge } from '../../src/api/bridge';
import type { Envelope } from '../../src/api/envelope';
import { ApiCallError } from './api-call-error';
import { WsServerFrameSchema } from '../../src/api/ws-protocol';
import { retryDelay, type Backoff } from '../../src/domain/retry-delay';

export type ConnectionState = 'connecting' | 'connected' | 'disconnected';

export { ApiCallError };

interface Transport {
  invoke(method: string, params: unknown): Promise<Envelope<unknown>>;
  onEvent(listener: (event: unknown) => void): void;
  onState(listener: (state: ConnectionState) => void): void;
}

/** Electron: the preload's bridge; always connected. */
function ipcTransport(bridge: BoardBridge): Transport {
  return {
    invoke: (method, params) => bridge.invoke(method, params),
    onEvent: (listener) => void bridge.onEvent(listener),
    onState: (listener) => listener('connected'),
  };
}

const TOKEN_KEY = 'aftersales.hostToken';
/** The host is on this computer: it is back within moments, or being restarted. */
const RECONNECT: Backoff = { baseMs: 250, maxMs: 5000 };

/** The headless host prints a URL with ?token=; keep it for reloads, out of the address bar. */
function hostToken(): string {
  const url = new URL(window.location.href);
  const fromUrl = url.searchParams.get('token');
  if (fromUrl) {
    sessionStorage.setItem(TOKEN_KEY, fromUrl);
    url.searchParams.delete('token');
    window.history.replaceState(null, '', url);
    return fromUrl;
  }
  return sessionStorage.getItem(TOKEN_KEY) ?? '';
}

/** Browser on the headless host: the BoardApi over a WebSocket that reconnects by itself. */
function webSocketTransport(): Transport {
  const token = hostToken();
  const eventListeners: Array<(event: unknown) => void> = [];
  const stateListeners: Array<(state: ConnectionState) => void> = [];
  const pending = new Map<number, (answer: Envelope<unknown>) => void>();
  const queue: string[] = [];
  let socket: WebSocket;
  let nextId = 1;
  /** Failed connects in a row: the wait before the next grows with them. */
  let failures = 0;

  const setState = (state: ConnectionState) => stateListeners.forEach((l) => l(state));

  const connect = () => {
    setState('connecting');
    const url = new URL('/api', window.location.href);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    url.searchParams.set('token', token);
    socket = new WebSocket(url);
    socket.onopen = () => {
      failures = 0;
      setState('connected');
      for (const frame of queue.splice(0)) socket.send(frame);
    };
    socket.onmessage = (message) => {
      const frame = WsServerFrameSchema.safeParse(JSON.parse(String(message.data)));
      if (!frame.success) return;
      if (frame.data.kind === 'event') {
        eventListeners.forEach((l) => l(frame.data.kind === 'event' ? frame.data.event : null));
        return;
      }
      const { id, kind: _kind, ...answer } = frame.data;
      pending.get(id)?.(answer as Envelope<unknown>);
      pending.delete(id);
    };
    socket.onclose = () => {
      setState('disconnected');
      for (const resolve of pending.values()) {
        resolve({ ok: false, error: { code: 'DISCONNECTED', message: 'The connection to the board was lost.' } });
      }
      pending.clear();
      setTimeout(connect, retryDelay(++failures, RECONNECT));
    };
  };
  connect();

  return {
    invoke(method, params) {
      const id = nextId++;
      const frame = JSON.stringify({ id, method, params });
      return new Promise((resolve) => {
        pending.set(id, resolve);
        if (socket.readyState === WebSocket.OPEN) socket.send(frame);
        else queue.push(frame);
      });
    },
    onEvent: (listener) => void eventListeners.push(listener),
    onState: (listener) => void stateListeners.push(listener),
  };
}

export interface Connection {
  /** ipc: inside Electron, whose main process raises the desktop notifications itself. */
  transport: 'ipc' | 'websocket';
  api: BoardApiClient;
  onEvent(listener: (event: BoardEvent) => void): void;
  onState(listener: (state: ConnectionState) => void): void;
}

/**
 * The events' schema comes with every other schema of the BoardApi (and the phone-number rules
 * some of them use): their script, and building them, cost the first paint about 100 ms. So
 * they are read after the page's first script, once asked for; every event still passes them,
 * in the order it came, before any listener hears it.
 */
let eventSchema: Promise<(typeof import('../../src/api/board-api'))['BoardEventSchema']> | null = null;
/** Also read ahead once the board is drawn (App), so that the first event does not wait for it. */
export function loadEventSchema(): NonNullable<typeof eventSchema> {
  eventSchema ??= import('../../src/api/board-api').then(
    (m) => m.BoardEventSchema,
    // Not kept when it failed: the next event asks again.
    (error: unknown) => {
      eventSchema = null;
      throw error;
    },
  );
  return eventSchema;
}

/**
 * The client's methods, made when first called: any name of the BoardApi (the types allow no
 * other), carried as it is; the core refuses a name it does not know, in words. This needs no
 * list of the methods at start, which would bring every schema of the BoardApi along with it.
 */
function apiClient(transport: Transport): BoardApiClient {
  const made = new Map<string, (input: unknown) => Promise<unknown>>();
  return new Proxy({} as BoardApiClient, {
    get(_target, method) {
      // Not a method: a symbol, or "then" when something asks whether the client is a promise.
      if (typeof method !== 'string' || method === 'then') return undefined;
      let call = made.get(method);
      if (!call) {
        call = async (input: unknown) => {
          const answer = await transport.invoke(method, input);
          if (!answer.ok) throw new ApiCallError(answer.error);
          return answer.value;
        };
        made.set(method, call);
      }
      return call;
    },
  });
}

const RELOADED_AT_KEY = 'aftersales.reloadedForScripts';

/**
 * The events' schema could not be read: the page's scripts changed under it (the host was
 * updated, its bundle built anew). A failed import stays failed for the page's life, so the page
 * is read again, at most once a minute; within that minute the failure is the caller's to show.
 */
function reloadForNewScripts(): boolean {
  const last = Number(sessionStorage.getItem(RELOADED_AT_KEY) ?? 0);
  if (Date.now() - last < 60_000) return false;
  sessionStorage.setItem(RELOADED_AT_KEY, String(Date.now()));
  window.location.reload();
  return true;
}

/**
 * One client whatever the transport: IPC when the preload is there, else the WebSocket.
 * `eventsUnreadable` hears when events cannot be checked (and so are not shown) and reading the
 * page again did not help.
 */
export function connect(options: { eventsUnreadable: (error: unknown) => void }): Connection {
  const bridge = (window as unknown as Record<string, BoardBridge | undefined>)[BRIDGE_KEY];
  const transport = bridge ? ipcTransport(bridge) : webSocketTransport();
  return {
    transport: bridge ? 'ipc' : 'websocket',
    api: apiClient(transport),
    onEvent(listener) {
      transport.onEvent((raw) => {
        loadEventSchema().then(
          (schema) => {
            const event = schema.safeParse(raw);
            if (event.success) listener(event.data);
          },
          (error: unknown) => {
            if (!reloadForNewScripts()) options.eventsUnreadable(error);
          },
        );
      });
    },
    onState: transport.onState,
  };
}
