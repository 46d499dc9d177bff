import { BRIDGE_KEY, type BoardBridge } from '../../src/api/bridge';
import type { Envelope } from '../../src/api/envelope';
import { WallBoardSchema, wallEventOf, WallEventSchema, wallSettingsFromQuery, type WallBoard, type WallEvent, type WallSettings } from '../../src/api/wall';
import { WsServerFrameSchema } from '../../src/api/ws-protocol';
import { retryDelay, type Backoff } from '../../src/domain/retry-delay';

/**
 * The wall page's line to the core: getWall and the events after which to read it again,
 * nothing else. In a browser it is the headless host's wall socket (/wall-api, the wall's own
 * token), which refuses any other method; in Electron's kiosk window the preload's bridge.
 */
export interface WallConnection {
  readWall(): Promise<WallBoard>;
  /** Each returns its unsubscribe: the page removes what it added. */
  onEvent(listener: (event: WallEvent) => void): () => void;
  /**
   * The page's own link to its host: 'lost' while it is (the wall then shows offline since
   * when), 'refused' when the host does not take this page's token (no use knocking again),
   * 'missing' when the page's address has no token at all (nothing to knock with).
   */
  onLink(listener: (link: WallLink) => void): () => void;
  close(): void;
}

export type WallLink = 'up' | 'lost' | 'refused' | 'missing';

export class WallReadError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** The host runs on this computer: it is back within moments, or being restarted. */
const RECONNECT: Backoff = { baseMs: 250, maxMs: 5000 };

/**
 * The token stays in the address (unlike the board's): a kiosk browser reopens the address it
 * shows, after its own restart or from a bookmark, and the wall's host keeps its token for that.
 */
function wallToken(): string {
  return new URL(window.location.href).searchParams.get('token') ?? '';
}

function answerOf(envelope: Envelope<unknown>): WallBoard {
  if (!envelope.ok) throw new WallReadError(envelope.error.code, envelope.error.message);
  return WallBoardSchema.parse(envelope.value);
}

/** Electron's kiosk window: the settings come in the address main/wall-window.ts loads. */
function bridgeConnection(bridge: BoardBridge, settings: WallSettings): WallConnection {
  const unsubscribers = new Set<() => void>();
  return {
    readWall: async () => answerOf(await bridge.invoke('getWall', settings)),
    onEvent(listener) {
      const off = bridge.onEvent((raw) => {
        const type = (raw as { type?: unknown } | null)?.type;
        const event = typeof type === 'string' ? wallEventOf({ type }) : null;
        if (event) listener(event);
      });
      unsubscribers.add(off);
      return () => {
        off();
        unsubscribers.delete(off);
      };
    },
    // IPC to the main process is not lost while the window lives.
    onLink: (listener) => {
      listener('up');
      return () => {};
    },
    close() {
      for (const off of unsubscribers) off();
      unsubscribers.clear();
    },
  };
}

/** Whether the host answers the wall socket's address with its refusal of the token. */
async function tokenRefused(socketUrl: URL): Promise<boolean> {
  const url = new URL(socketUrl);
  url.protocol = url.protocol === 'wss:' ? 'https:' : 'http:';
  try {
    const response = await fetch(url, { cache: 'no-store' });
    if (response.status !== 403) return false;
    const body = (await response.json()) as { code?: unknown };
    return body.code === 'WALL_TOKEN_REFUSED';
  } catch {
    // The host is away (or answered no JSON): knock again later.
    return false;
  }
}

function socketConnection(): WallConnection {
  const token = wallToken();
  const events = new Set<(event: WallEvent) => void>();
  const links = new Set<(link: WallLink) => void>();
  /** At most one read waits at a time (the page reads one at a time); the map stays that small. */
  const pending = new Map<number, (envelope: Envelope<unknown>) => void>();
  let socket: WebSocket | null = null;
  let retry: ReturnType<typeof setTimeout> | null = null;
  let nextId = 1;
  let failures = 0;
  let closed = false;
  let opened = false;
  // An address without a token (`/wall`, `/wall?token=`) can never be let in: the page says so and never knocks.
  const missing = token === '';

  const lost = () => {
    for (const resolve of pending.values()) resolve({ ok: false, error: { code: 'DISCONNECTED', message: 'The connection to the board was lost.' } });
    pending.clear();
  };
  const open = () => {
    retry = null;
    const url = new URL('/wall-api', window.location.href);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    url.searchParams.set('token', token);
    const ws = new WebSocket(url);
    socket = ws;
    ws.onopen = () => {
      failures = 0;
      opened = true;
      links.forEach((l) => l('up'));
    };
    ws.onmessage = (message) => {
      const frame = WsServerFrameSchema.safeParse(JSON.parse(String(message.data)));
      if (!frame.success) return;
      if (frame.data.kind === 'event') {
        const event = WallEventSchema.safeParse(frame.data.event);
        if (event.success) events.forEach((l) => l(event.data));
        return;
      }
      const { id, kind: _kind, ...envelope } = frame.data;
      pending.get(id)?.(envelope as Envelope<unknown>);
      pending.delete(id);
    };
    ws.onclose = () => {
      const wasOpen = opened;
      opened = false;
      socket = null;
      lost();
      if (closed) return;
      links.forEach((l) => l('lost'));
      // A socket refused at its opening says no why: a plain GET of the same address tells a
      // token the host no longer takes (then knocking again is of no use) from a host that is away.
      void (wasOpen ? Promise.resolve(false) : tokenRefused(url)).then((refused) => {
        if (closed) return;
        if (refused) links.forEach((l) => l('refused'));
        else retry = setTimeout(open, retryDelay(++failures, RECONNECT));
      });
    };
  };
  if (!missing) open();

  return {
    readWall() {
      const ws = socket;
      if (!ws || ws.readyState !== WebSocket.OPEN) {
        return Promise.reject(new WallReadError('DISCONNECTED', 'The connection to the board is not open.'));
      }
      const id = nextId++;
      return new Promise<Envelope<unknown>>((resolve) => {
        pending.set(id, resolve);
        ws.send(JSON.stringify({ id, method: 'getWall', params: {} }));
      }).then(answerOf);
    },
    onEvent(listener) {
      events.add(listener);
      return () => events.delete(listener);
    },
    onLink(listener) {
      links.add(listener);
      if (missing) listener('missing');
      else if (socket?.readyState === WebSocket.OPEN) listener('up');
      return () => links.delete(listener);
    },
    close() {
      closed = true;
      if (retry) clearTimeout(retry);
      socket?.close();
      events.clear();
      links.clear();
    },
  };
}

export function connectWall(): WallConnection {
  const bridge = (window as unknown as Record<string, BoardBridge | undefined>)[BRIDGE_KEY];
  return bridge ? bridgeConnection(bridge, wallSettingsFromQuery(new URLSearchParams(window.location.search))) : socketConnection();
}
