import type { BoardApiHandlers } from '../../api/board-api';
import { ApiFailure } from '../../api/envelope';
import { positionBetween } from '../../domain/position';
import { localDateAt } from '../../domain/zoned-time';
import type { CoreContext } from './context';
import { localChange } from './local-change';
import { queueForBackend } from './outbox-writes';
import { inboxFilterOf, mineOf } from './settings-handlers';

/** The workshop's zone: the organisation's, as the backend tells it, else this desktop's own. */
export function workshopZone(ctx: CoreContext): string {
  return ctx.inboxes.organisationPlace(ctx.dealership).zone;
}

export function today(ctx: CoreContext): string {
  return localDateAt(ctx.clock.now(), workshopZone(ctx));
}

export function boardHandlers(ctx: CoreContext): Pick<BoardApiHandlers, 'getBoard' | 'moveCard' | 'setColour'> {
  const notFound = (id: string) => new ApiFailure('NOT_FOUND', `Appointment ${id} does not exist (any more).`);

  return {
    getBoard() {
      const day = today(ctx);
      const mine = mineOf(ctx);
      const cards = ctx.appointments.boardCards(day, inboxFilterOf(ctx), mine);
      const waitingElsewhere = ctx.appointments.waitingOffBoard(day, ctx.clock.now(), inboxFilterOf(ctx), mine);
      return {
        day,
        zone: workshopZone(ctx),
        cards,
        // "Mine" counts the waiting customers of the person's own cards, the ones the Waiting filter then shows.
        waitingCount: mine ? ctx.appointments.waitingCustomersOf([...cards, ...waitingElsewhere].map((c) => c.id)) : ctx.conversations.waitingCount(),
        waitingElsewhere,
      };
    },

    moveCard({ id, column, beforeId, afterId }) {
      const card = ctx.appointments.card(id);
      if (!card) throw notFound(id);
      const neighbour = (other: string | null) => (other ? ctx.appointments.positionOf(other) : null);
      const position = positionBetween(neighbour(beforeId), neighbour(afterId), card.position);
      localChange(
        ctx,
        () => {
          ctx.appointments.move(id, column, position, today(ctx), ctx.clock.now());
          ctx.appointments.setSyncError(id, null);
          queueForBackend(ctx, 'board', id, { appointmentId: id, column, position });
        },
        () => [{ type: 'appointments.changed', ids: [id] }],
      );
      return ctx.appointments.card(id)!;
    },

    setColour({ id, colour }) {
      localChange(
        ctx,
        () => {
          if (!ctx.appointments.setColour(id, colour, ctx.clock.now())) throw notFound(id);
          ctx.appointments.setSyncError(id, null);
          queueForBackend(ctx, 'board', id, { appointmentId: id, colour });
        },
        () => [{ type: 'appointments.changed', ids: [id] }],
      );
      return ctx.appointments.card(id)!;
    },
  };
}
