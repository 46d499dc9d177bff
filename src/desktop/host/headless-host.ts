import fastifyStatic from '@fastify/static';
import fastifyWebsocket from '@fastify/websocket';
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { networkInterfaces } from 'node:os';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { WebSocket } from 'ws';
import { WsRequestSchema, type WsServerFrame } from '../../api/ws-protocol';
import { INTERNAL } from '../api-dispatcher';
import { IMPORT_PIECE_BYTES } from '../../api/import';
import type { Envelope } from '../../api/envelope';
import type { DesktopCore } from '../core';
import type { Logger } from '../../ports/logger';
import { SECURITY_HEADERS } from './security-headers';
import { isWallMethod, wallEventOf, type WallSettings } from '../../api/wall';
import { lanWallUrls, type WallListen } from './wall-listen';

export interface HostOptions {
  /** A core, or a workstation that shows its own board or the demo's behind the same BoardApi. */
  core: Pick<DesktopCore, 'dispatch' | 'subscribe'>;
  rendererDir: string;
  logger: Logger;
  port?: number;
  /**
   * This host also serves the wall screen (`serve --wall`): /wall with its own token, whose
   * connection may only read the wall's board, made with these settings whatever the page asks.
   */
  wall?: WallSettings;
  /** The wall's token, kept across starts (wall-token.ts); without, a new one each start. */
  wallToken?: string;
  /**
   * The wall also answers on this address for a television's browser on the workshop's network
   * (`--wall-listen`): a listener of its own that serves the wall's page, its scripts and its
   * read-only socket, and nothing of the advisors' app.
   */
  wallListen?: WallListen;
}

export interface RunningHost {
  /** The page to open, carrying this start's token. */
  url: string;
  /** The wall screen's page, carrying the wall's own token; null: this host serves no wall. */
  wallUrl: string | null;
  /** The wall's page on the network listener, one per address it answers on; empty without one. */
  lanWallUrls: string[];
  port: number;
  close(): Promise<void>;
}

/** The largest call is a piece of an imported file, base64-encoded; the rest is a margin for its envelope. */
const MAX_FRAME_BYTES = Math.ceil(IMPORT_PIECE_BYTES / 3) * 4 + 64 * 1024;

/** The files under assets/ that the wall's page loads, as its HTML names them (script, module preloads, styles). */
function wallAssets(html: string): Set<string> {
  return new Set([...html.matchAll(/(?:src|href)="\.\/assets\/([\w.-]+)"/g)].map((match) => match[1]!));
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * The desktop core for a browser on the same PC (and for tests): the renderer bundle over
 * HTTP and the BoardApi over a WebSocket, on 127.0.0.1 only. Any web page may try to open a
 * WebSocket to localhost, so a connection must come from this host's own page (Origin) and
 * carry the token printed at start. A wall may also answer on the network (`wallListen`), on a
 * listener of its own that has the wall's routes and nothing else.
 */
export async function startHeadlessHost(options: HostOptions): Promise<RunningHost> {
  const { core, logger } = options;
  const token = randomBytes(24).toString('base64url');
  const wallToken = options.wallToken ?? randomBytes(24).toString('base64url');
  const app = Fastify({ logger: false, bodyLimit: 1024 * 1024 });
  let origin = '';

  app.addHook('onSend', async (_request, reply) => {
    reply.headers(SECURITY_HEADERS);
  });
  await app.register(fastifyWebsocket, { options: { maxPayload: MAX_FRAME_BYTES } });
  await app.register(fastifyStatic, { root: options.rendererDir, index: 'index.html' });

  const sockets = new Set<WebSocket>();
  const wallSockets = new Set<WebSocket>();
  const unsubscribe = core.subscribe((event) => {
    const frame = JSON.stringify({ kind: 'event', event } satisfies WsServerFrame);
    for (const socket of sockets) socket.send(frame);
    // A wall hears that something changed, never what: no message text, no names reach its page this way.
    const wallEvent = wallSockets.size > 0 ? wallEventOf(event) : null;
    if (wallEvent) {
      const wallFrame = JSON.stringify({ kind: 'event', event: wallEvent } satisfies WsServerFrame);
      for (const socket of wallSockets) socket.send(wallFrame);
    }
  });

  /** Answers a socket's requests with `answer`; a malformed request closes it. */
  const serveRequests = (socket: WebSocket, answer: (method: string, params: unknown) => Promise<Envelope<unknown>>) => {
    socket.on('message', async (data) => {
      let request;
      try {
        request = WsRequestSchema.parse(JSON.parse(data.toString()));
      } catch {
        socket.close(1007, 'malformed request');
        return;
      }
      const envelope = await answer(request.method, request.params);
      let text: string;
      try {
        text = JSON.stringify({ kind: 'result', id: request.id, ...envelope } satisfies WsServerFrame);
      } catch (error) {
        // An answer too large to write as one frame is refused to its caller, not the end of the host.
        logger.error({ err: error, method: request.method }, 'a BoardApi answer could not be written');
        text = JSON.stringify({ kind: 'result', id: request.id, ok: false, error: INTERNAL } satisfies WsServerFrame);
      }
      if (socket.readyState === socket.OPEN) socket.send(text);
    });
  };

  app.route({
    method: 'GET',
    url: '/api',
    preValidation: async (request, reply) => {
      const given = new URL(request.url, origin).searchParams.get('token') ?? '';
      if (request.headers.origin !== origin || !sameSecret(given, token)) {
        logger.warn({ origin: request.headers.origin ?? null }, 'refused a BoardApi connection');
        await reply.code(403).send({ code: 'FORBIDDEN', message: 'Not this host’s page, or a wrong token.' });
      }
    },
    // The BoardApi is a WebSocket; asked as a plain page it says so instead of an empty 404.
    handler: async (_request, reply) =>
      reply.code(426).header('upgrade', 'websocket').send({ code: 'UPGRADE_REQUIRED', message: 'The BoardApi is a WebSocket: open it as one.' }),
    wsHandler: (socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      serveRequests(socket, core.dispatch);
    },
  });

  const wall = options.wall;
  /**
   * The wall's page and its read-only socket on `server`. `pageOrigin` is the origin a page of
   * that server has: the host's own on loopback, the address a television used on the LAN.
   */
  const wallRoutes = (server: FastifyInstance, pageOrigin: (request: FastifyRequest) => string) => {
    server.get('/wall', async (_request, reply) => reply.sendFile('wall.html', options.rendererDir));
    server.route({
      method: 'GET',
      url: '/wall-api',
      preValidation: async (request, reply) => {
        const given = new URL(request.url, 'http://wall').searchParams.get('token') ?? '';
        // A refused token is told apart (the page asks with a plain GET, which carries no
        // Origin): the wall then says its address is no longer valid instead of knocking forever.
        if (!sameSecret(given, wallToken)) {
          logger.warn({ origin: request.headers.origin ?? null }, 'refused a wall connection: a wrong token');
          await reply.code(403).send({ code: 'WALL_TOKEN_REFUSED', message: 'This wall address is no longer valid: open the wall address the host printed.' });
        } else if (request.headers.origin !== pageOrigin(request)) {
          logger.warn({ origin: request.headers.origin ?? null }, 'refused a wall connection');
          await reply.code(403).send({ code: 'FORBIDDEN', message: 'Not this host’s wall page.' });
        }
      },
      handler: async (_request, reply) =>
        reply.code(426).header('upgrade', 'websocket').send({ code: 'UPGRADE_REQUIRED', message: 'The wall’s connection is a WebSocket: open it as one.' }),
      wsHandler: (socket) => {
        wallSockets.add(socket);
        socket.on('close', () => wallSockets.delete(socket));
        serveRequests(socket, async (method) => {
          if (!isWallMethod(method)) {
            logger.warn({ method }, 'refused a wall page’s call');
            return { ok: false, error: { code: 'WALL_READ_ONLY', message: `A wall screen only shows the board: it may not call ${method}.` } };
          }
          // The host's settings, not the page's: a page cannot ask for full names on a wall set up for initials.
          return core.dispatch(method, wall!);
        });
      },
    });
  };
  // The wall's own page: a second entry of the bundle, so a wall never loads the advisors' app.
  if (wall) wallRoutes(app, () => origin);

  await app.listen({ host: '127.0.0.1', port: options.port ?? 0 });
  const { port } = app.server.address() as AddressInfo;
  origin = `http://127.0.0.1:${port}`;

  let lan: FastifyInstance | null = null;
  let lanUrls: string[] = [];
  if (wall && options.wallListen) {
    lan = Fastify({ logger: false, bodyLimit: 64 * 1024 });
    lan.addHook('onSend', async (_request, reply) => {
      reply.headers(SECURITY_HEADERS);
    });
    // Words, not JSON: this is what a television shows when the address was typed without /wall.
    lan.setNotFoundHandler(async (_request, reply) =>
      reply.code(404).type('text/plain; charset=utf-8').send('This address serves only the wall screen: open the wall address the host printed (…/wall?token=…).'),
    );
    await lan.register(fastifyWebsocket, { options: { maxPayload: 64 * 1024 } });
    // The wall page's own scripts and styles only, as its page names them: not the advisors'
    // page (index.html), its screens' scripts, nor the source maps.
    const wallFiles = wallAssets(readFileSync(join(options.rendererDir, 'wall.html'), 'utf8'));
    await lan.register(fastifyStatic, {
      root: join(options.rendererDir, 'assets'),
      prefix: '/assets/',
      // wall.html itself is sent by the /wall route (from the renderer's folder, not assets/).
      allowedPath: (pathName) => {
        const name = pathName.slice(pathName.lastIndexOf('/') + 1);
        return name === 'wall.html' || wallFiles.has(name);
      },
    });
    // A television opens the address by the name or number it was given: its page's origin is that.
    wallRoutes(lan, (request) => `http://${request.headers.host ?? ''}`);
    try {
      await lan.listen({ host: options.wallListen.host, port: options.wallListen.port });
    } catch (error) {
      unsubscribe();
      await app.close();
      throw error;
    }
    const lanPort = (lan.server.address() as AddressInfo).port;
    lanUrls = lanWallUrls(options.wallListen.host, lanPort, networkInterfaces()).map((base) => `${base}/wall?token=${wallToken}`);
  }
  return {
    url: `${origin}/?token=${token}`,
    wallUrl: wall ? `${origin}/wall?token=${wallToken}` : null,
    lanWallUrls: lanUrls,
    port,
    async close() {
      unsubscribe();
      for (const socket of [...sockets, ...wallSockets]) socket.terminate();
      await lan?.close();
      await app.close();
    },
  };
}
