import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { WebSocket } from 'ws';
import type { BackendEvent, EventPage } from '../../api/v2/event';
import { EventsQuerySchema } from '../../api/v2/event';
import { ApiFailure } from '../../api/envelope';
import type { Principal } from '../access/principal';
import { eventForRole } from '../access/redaction';
import type { SessionWatch } from '../access/session-watch';
import type { Auth } from './auth';
import type { ServerDeps } from './server';

const REPLAY_PAGE = 1000;

/** Close code 1012, Service Restart: the client connects again, from its last seq (to this process or another). */
export const RESTART_CLOSE = 1012;

/** The close code of a stream asked from beyond the end of the log (see SINCE_AHEAD). */
export const SINCE_AHEAD_CLOSE = 4409;

/** The close code of a stream whose session was revoked or ended (4000–4999: the application's own). */
export const SESSION_ENDED_CLOSE = 4401;

/**
 * The event log, read by page (GET /v2/events?since=, each answer saying where the next page
 * starts) or followed live (GET /v2/events/stream over WebSocket, also from ?since=): the
 * stream first replays what the client missed, then sends live events, each exactly once and
 * in order. A wall reads it redacted; a stream closes with 4401 when its session is revoked.
 */
export function eventRoutes(app: FastifyInstance, deps: ServerDeps, auth: Auth, watch: SessionWatch): void {
  const { store } = deps;

  /**
   * A client that has seen more of the log than the log holds followed it before the store
   * was restored from a backup: the seqs after the restore point are other events now, so
   * carrying on would miss them without a word. Refused, to be joined afresh.
   */
  const aheadOfLog = async (organizationId: string, since: number): Promise<ApiFailure | null> => {
    const last = await store.events.lastSeq(organizationId);
    return since > last
      ? new ApiFailure('SINCE_AHEAD', `This client has followed the log to ${since}, but it ends at ${last}: the backend was restored from a backup. Join this desktop to the backend again.`, { since, last })
      : null;
  };

  app.get('/events', async (request): Promise<EventPage> => {
    const principal = await auth(request, 'board.read');
    const { since, limit } = EventsQuerySchema.parse(request.query);
    const ahead = await aheadOfLog(principal.organizationId, since);
    if (ahead) throw ahead;
    // One more than asked tells whether the log goes on after this page.
    const events = await store.events.since(principal.organizationId, since, limit + 1);
    const data = events.slice(0, limit).map((event) => eventForRole(principal.role, event));
    return { data, next: events.length > limit ? data.at(-1)!.seq : null };
  });

  app.get('/events/stream', {
    websocket: true,
    preValidation: async (request) => {
      (request as FastifyRequest & { principal?: Principal }).principal = await auth(request, 'board.read');
      EventsQuerySchema.parse(request.query);
    },
  }, async (socket: WebSocket, request) => {
    const principal = (request as FastifyRequest & { principal?: Principal }).principal;
    if (!principal) throw new ApiFailure('UNAUTHORIZED', 'Send a Bearer token.');
    let last = EventsQuerySchema.parse(request.query).since;
    const ahead = await aheadOfLog(principal.organizationId, last);
    if (ahead) {
      socket.close(SINCE_AHEAD_CLOSE, ahead.message.slice(0, 120));
      return;
    }
    // Cleared when the stream closes or its session ends: reading the log stops for nobody.
    let open = true;
    const send = (event: BackendEvent) => {
      if (event.seq <= last) return;
      last = event.seq;
      socket.send(JSON.stringify(eventForRole(principal.role, event)));
    };
    /** Sends the log from `last` on, up to `until` (or its end): what the client has not had, in order. */
    const readLog = async (until = Infinity) => {
      while (open && last < until) {
        const page = await store.events.since(principal.organizationId, last, REPLAY_PAGE);
        page.forEach(send);
        if (page.length < REPLAY_PAGE) break;
      }
    };
    // Live events go out one after the other behind the replay. One that is not the next of
    // the client's (another process's commit, announced late, lies between) waits for the log
    // to fill the gap: a client gets every seq once, in order, whichever process it is on.
    let delivering: Promise<void> = Promise.resolve();
    const live = (event: BackendEvent) => {
      delivering = delivering
        .then(() => (event.seq === last + 1 ? send(event) : readLog(event.seq)))
        .catch((error: unknown) => {
          deps.logger.error({ err: error }, 'an event stream could not read the log; it is closed, and the client reconnects from its last seq');
          socket.close(RESTART_CLOSE, 'Reconnect to catch up.');
        });
    };
    // Subscribe before reading the log, so nothing committed in between is missed.
    const unsubscribe = store.hub.subscribe(principal.organizationId, live);
    deps.operations.metrics.streams.inc();
    const unwatch = watch.watch(principal.sessionId, (end) => {
      open = false;
      unsubscribe();
      socket.close(SESSION_ENDED_CLOSE, end);
    });
    socket.on('close', () => {
      open = false;
      unsubscribe();
      unwatch();
      deps.operations.metrics.streams.dec();
    });
    delivering = delivering.then(() => readLog());
    await delivering;
  });
}
